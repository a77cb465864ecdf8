import { setMaxListeners } from 'node:events';
import type { Notification } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import type { Clock } from '../commands/clock.js';
import type { ChatReply } from '../commands/reply.js';
import { silentLogger } from '../logger.js';
import { PlatformSendError, type ChatPlatformAdapter, type NotificationTarget } from '../platforms/platform-adapter.js';
import { coalesceReplies, coalescibleCount } from './coalesce.js';
import { SendPacer } from './send-pacer.js';

/** Notifications waiting for one chat; beyond this a new one is refused (core sends it again later). */
export const QUEUED_PER_CHAT_MAX = 100;
/** Chats with notifications waiting at once, per platform. */
export const CHATS_WAITING_MAX = 1_000;

export interface PlatformOutboxOptions {
  adapter: Pick<ChatPlatformAdapter, 'platform' | 'sendLimits' | 'sendNotification'>;
  render(notification: Notification): ChatReply;
  clock: Clock;
  logger?: Logger;
  /** Retry delay after a failed send without `retryAfterMs`: doubles from `initialMs` up to `maxMs`. */
  backoff?: { initialMs?: number; maxMs?: number };
  queuedPerChatMax?: number;
  chatsMax?: number;
}

interface Waiting {
  notification: Notification;
  reply: ChatReply;
  resolve(): void;
  reject(err: Error): void;
}

interface ChatQueue {
  target: NotificationTarget;
  waiting: Waiting[];
  lastSendStartMs: number | null;
  failedAttempts: number;
}

/** Why a notification was not taken; the event stream leaves it unconfirmed, so core sends it again. */
export class OutboxRefusedError extends Error {
  override name = 'OutboxRefusedError';
}

/**
 * One platform's notification outbox (RELIABILITY BOT-11, BOT-12). Each chat has its own queue and
 * worker: sends to one chat are serialized and spaced by `perChatIntervalMs`, and all sends share
 * the platform's `globalPerSecond`. What waits for a chat goes out coalesced into one message
 * (within `maxMessageChars`; the rest in the next one), silent only if every part is silent.
 * {@link deliver} resolves once the adapter accepted the message holding the notification (or
 * refused it for good), so core is told only then. A refusal with `retryAfterMs` waits that long,
 * other failures back off exponentially up to a cap; failures are logged once per burst.
 */
export class PlatformOutbox {
  readonly #options: PlatformOutboxOptions;
  readonly #logger: Logger;
  readonly #pacer: SendPacer;
  readonly #chats = new Map<string, ChatQueue>();
  readonly #workers = new Set<Promise<void>>();
  /** Chats whose worker is running. */
  readonly #running = new Set<string>();
  /**
   * When each chat's last send started, kept after its queue empties: a notification arriving just
   * after a chat's queue drained must still wait out `perChatIntervalMs`. Pruned of stale entries.
   */
  readonly #lastSendStartByChat = new Map<string, number>();
  readonly #abort = new AbortController();
  #failureBurst: { sends: number } | null = null;
  #refusalBurst: { refused: number } | null = null;

  constructor(options: PlatformOutboxOptions) {
    this.#options = options;
    this.#logger = (options.logger ?? silentLogger()).child({ platform: options.adapter.platform });
    this.#pacer = new SendPacer(options.clock, options.adapter.sendLimits.globalPerSecond);
    // Every chat's worker may be sleeping on this one signal at once.
    setMaxListeners((options.chatsMax ?? CHATS_WAITING_MAX) + 10, this.#abort.signal);
  }

  /** Queues a notification for its chat; resolves when handled, rejects with {@link OutboxRefusedError} when not taken. */
  deliver(notification: Notification): Promise<void> {
    const refuse = (reason: string) => {
      this.#noteRefusal(reason);
      return Promise.reject(new OutboxRefusedError(reason));
    };
    if (this.#abort.signal.aborted) return refuse('outbox stopped');
    if (notification.target.platform !== this.#options.adapter.platform) return refuse('notification for another platform');
    const key = `${notification.target.platformUserId}\u0000${notification.target.chatId}`;
    let chat = this.#chats.get(key);
    if (!chat) {
      if (this.#chats.size >= (this.#options.chatsMax ?? CHATS_WAITING_MAX)) return refuse('too many chats waiting');
      chat = { target: notification.target, waiting: [], lastSendStartMs: this.#lastSendStartByChat.get(key) ?? null, failedAttempts: 0 };
      this.#chats.set(key, chat);
    } else if (chat.waiting.length >= (this.#options.queuedPerChatMax ?? QUEUED_PER_CHAT_MAX)) {
      return refuse('too many notifications waiting for one chat');
    }
    const reply = this.#options.render(notification);
    const accepted = new Promise<void>((resolve, reject) => { chat.waiting.push({ notification, reply, resolve, reject }); });
    if (!this.#running.has(key)) this.#startWorker(key, chat);
    return accepted;
  }

  /**
   * Stops sending: sleeps end, sends in progress get up to `timeoutMs` to finish, and whatever still
   * waits is refused (left for core to send again).
   */
  async stop(timeoutMs = 5_000): Promise<void> {
    this.#abort.abort();
    const timer = new AbortController();
    await Promise.race([Promise.allSettled([...this.#workers]), this.#options.clock.sleep(timeoutMs, timer.signal)]);
    timer.abort();
    for (const chat of this.#chats.values()) {
      for (const w of chat.waiting.splice(0)) w.reject(new OutboxRefusedError('outbox stopped'));
    }
    this.#chats.clear();
  }

  #startWorker(key: string, chat: ChatQueue): void {
    this.#running.add(key);
    const worker = this.#drain(chat)
      .catch((err: unknown) => this.#logger.error({ err }, 'notification outbox worker failed'))
      .finally(() => {
        this.#running.delete(key);
        this.#workers.delete(worker);
        if (chat.waiting.length === 0) {
          this.#chats.delete(key);
          this.#rememberLastSend(key, chat.lastSendStartMs);
        }
        else if (!this.#abort.signal.aborted) this.#startWorker(key, chat);
      });
    this.#workers.add(worker);
  }

  #rememberLastSend(key: string, startMs: number | null): void {
    if (startMs === null) return;
    this.#lastSendStartByChat.set(key, startMs);
    if (this.#lastSendStartByChat.size <= (this.#options.chatsMax ?? CHATS_WAITING_MAX)) return;
    const staleBeforeMs = this.#options.clock.now() - this.#options.adapter.sendLimits.perChatIntervalMs;
    for (const [k, ms] of this.#lastSendStartByChat) if (ms < staleBeforeMs) this.#lastSendStartByChat.delete(k);
  }

  /** Sends what waits for one chat, one message at a time, until nothing is left or the outbox stops. */
  async #drain(chat: ChatQueue): Promise<void> {
    const { clock, adapter } = this.#options;
    const { perChatIntervalMs, maxMessageChars } = adapter.sendLimits;
    const signal = this.#abort.signal;
    while (chat.waiting.length > 0 && !signal.aborted) {
      if (chat.lastSendStartMs !== null) {
        const waitMs = chat.lastSendStartMs + perChatIntervalMs - clock.now();
        if (waitMs > 0) await clock.sleep(waitMs, signal);
      }
      try {
        await this.#pacer.acquire(signal);
      } catch {
        return; // only when stopping
      }
      const locale = chat.waiting[0]!.notification.locale;
      const batch = chat.waiting.splice(0, coalescibleCount(locale, chat.waiting.map((w) => w.reply), maxMessageChars));
      const reply = coalesceReplies(locale, batch.map((w) => w.reply));
      chat.lastSendStartMs = clock.now();
      try {
        await adapter.sendNotification(chat.target, reply, { silent: batch.every((w) => w.notification.silent) });
      } catch (err) {
        await this.#afterFailure(chat, batch, err);
        continue;
      }
      chat.failedAttempts = 0;
      this.#noteRecovery();
      for (const w of batch) w.resolve();
    }
  }

  async #afterFailure(chat: ChatQueue, batch: Waiting[], err: unknown): Promise<void> {
    const detail = err instanceof PlatformSendError ? err.detail : {};
    if (detail.permanent) {
      // Retrying cannot help (the user blocked the bot, the chat is gone): confirm so core stops resending.
      this.#logger.warn({ err: summarize(err), notificationIds: batch.map((w) => w.notification.id) }, 'notification refused for good by the platform; dropped');
      for (const w of batch) w.resolve();
      return;
    }
    chat.waiting.unshift(...batch);
    this.#noteFailure(err);
    const { initialMs = 1_000, maxMs = 60_000 } = this.#options.backoff ?? {};
    const delayMs = detail.retryAfterMs ?? Math.min(maxMs, initialMs * 2 ** Math.min(chat.failedAttempts, 30));
    chat.failedAttempts += 1;
    await this.#options.clock.sleep(delayMs, this.#abort.signal);
  }

  #noteFailure(err: unknown): void {
    if (this.#failureBurst) {
      this.#failureBurst.sends += 1;
      return;
    }
    this.#failureBurst = { sends: 1 };
    this.#logger.warn({ err: summarize(err) }, 'notification sends failing; retrying with backoff');
  }

  #noteRecovery(): void {
    this.#refusalBurst = null;
    if (!this.#failureBurst) return;
    this.#logger.info({ failedSends: this.#failureBurst.sends }, 'notification sends recovered');
    this.#failureBurst = null;
  }

  #noteRefusal(reason: string): void {
    if (this.#refusalBurst) {
      this.#refusalBurst.refused += 1;
      return;
    }
    this.#refusalBurst = { refused: 1 };
    this.#logger.warn({ reason }, 'notification not taken; core will send it again');
  }
}

/** What a log line may hold about a send failure: never the message content. */
function summarize(err: unknown): Record<string, unknown> {
  if (err instanceof PlatformSendError) return { name: err.name, message: err.message, ...err.detail };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: typeof err };
}

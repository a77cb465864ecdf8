import {
  coreToBotEventSchema, EVENT_STREAM_IN_FLIGHT_MAX,
  type BotToCoreEvent, type Notification, type Platform,
} from '@tradedesk/contracts';
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import { silentLogger } from './logger.js';

/** Which chat accounts this bot delivers for (sent on every connect). */
export interface EventSubscription {
  platforms: Platform[];
  platformUserIds?: string[];
}

export type EventStreamStatus = 'connecting' | 'subscribed' | 'disconnected' | 'stopped';

export interface EventStreamClientOptions {
  /** core's HTTP base URL; the stream is at `<coreUrl>/v1/events` (http → ws, https → wss). */
  coreUrl: string;
  token: string;
  subscription: EventSubscription;
  /** Puts one notification on its platform; resolve only once the platform accepted it. */
  deliver(notification: Notification): Promise<void>;
  logger?: Logger;
  /** Reconnect delay: doubles from `initialMs` to `maxMs`, back to `initialMs` after a subscription. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Injected for tests; must reject or resolve early when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** How many delivered ids are remembered to drop redeliveries (default 10,000). */
  rememberedIdsMax?: number;
  /** How long `stop()` waits for a delivery in progress (default 5 s). */
  stopTimeoutMs?: number;
  onStatus?: (status: EventStreamStatus) => void;
}

const REMEMBERED_IDS_MAX = 10_000;
// core holds at most EVENT_STREAM_IN_FLIGHT_MAX unconfirmed; twice that is a misbehaving peer.
const PENDING_DELIVERIES_MAX = EVENT_STREAM_IN_FLIGHT_MAX * 2;

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** `http://host:8787` → `ws://host:8787/v1/events`. */
export function eventStreamUrl(coreUrl: string): string {
  return `${coreUrl.replace(/\/+$/, '')}/v1/events`.replace(/^http/, 'ws');
}

/**
 * The bot's side of core's notification stream. Subscribes on every (re)connect, delivers
 * notifications one at a time in arrival order, confirms (`delivered`) an id only after `deliver`
 * resolved, and drops an id it already delivered (confirming it again, since core evidently missed
 * the first confirmation). A failed delivery is not confirmed: core sends it again after a
 * reconnect or restart. Reconnects with capped exponential backoff until {@link stop}.
 */
export class EventStreamClient {
  readonly #options: EventStreamClientOptions;
  readonly #logger: Logger;
  readonly #abort = new AbortController();
  readonly #delivered = new Set<string>();
  #socket: WebSocket | null = null;
  #chain: Promise<void> = Promise.resolve();
  #pending = 0;
  #loop: Promise<void> | null = null;

  constructor(options: EventStreamClientOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger();
  }

  /** Starts connecting in the background; idempotent. */
  start(): void {
    this.#loop ??= this.#run();
  }

  /** Closes the stream, waits (bounded) for a delivery in progress, and stops reconnecting. */
  async stop(): Promise<void> {
    this.#abort.abort();
    this.#socket?.close(1000, 'bot stopping');
    await this.#loop;
    const timeoutMs = this.#options.stopTimeoutMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#chain, new Promise((r) => { timer = setTimeout(r, timeoutMs); })]);
    clearTimeout(timer);
    this.#options.onStatus?.('stopped');
  }

  async #run(): Promise<void> {
    const initialMs = this.#options.backoff?.initialMs ?? 500;
    const maxMs = this.#options.backoff?.maxMs ?? 30_000;
    const sleep = this.#options.sleep ?? defaultSleep;
    let attempt = 0;
    while (!this.#abort.signal.aborted) {
      const subscribed = await this.#connectOnce();
      if (this.#abort.signal.aborted) break;
      if (subscribed) attempt = 0;
      const delayMs = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
      attempt += 1;
      this.#logger.warn({ delayMs, attempt }, 'event stream disconnected; reconnecting');
      await sleep(delayMs, this.#abort.signal).catch(() => undefined);
    }
  }

  /** One connection's life; resolves when it closes, saying whether it got as far as `subscribed`. */
  #connectOnce(): Promise<boolean> {
    return new Promise((resolve) => {
      let subscribed = false;
      this.#options.onStatus?.('connecting');
      const socket = new WebSocket(eventStreamUrl(this.#options.coreUrl), {
        headers: { authorization: `Bearer ${this.#options.token}` },
      });
      this.#socket = socket;
      socket.on('open', () => this.#send(socket, { type: 'subscribe', ...this.#options.subscription }));
      socket.on('message', (data) => {
        if (this.#onFrame(socket, String(data)) === 'subscribed' && !subscribed) {
          subscribed = true;
          this.#options.onStatus?.('subscribed');
        }
      });
      socket.on('error', (err) => this.#logger.warn({ err: { message: err.message } }, 'event stream error'));
      socket.on('close', () => {
        if (this.#socket === socket) this.#socket = null;
        this.#options.onStatus?.('disconnected');
        resolve(subscribed);
      });
    });
  }

  #onFrame(socket: WebSocket, text: string): 'subscribed' | 'notification' | 'invalid' {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = coreToBotEventSchema.safeParse(json);
    if (!parsed.success) {
      this.#logger.warn({ issues: parsed.error.issues.slice(0, 3) }, 'invalid event from core ignored');
      return 'invalid';
    }
    if (parsed.data.type === 'subscribed') return 'subscribed';
    this.#enqueue(socket, parsed.data.notification);
    return 'notification';
  }

  #enqueue(socket: WebSocket, notification: Notification): void {
    if (this.#pending >= PENDING_DELIVERIES_MAX) {
      this.#logger.warn({ notificationId: notification.id }, 'too many deliveries pending; left for core to resend');
      return;
    }
    this.#pending += 1;
    this.#chain = this.#chain
      .then(() => this.#deliverOne(socket, notification))
      .catch((err: unknown) => this.#logger.error({ err, notificationId: notification.id }, 'notification handling failed'))
      .finally(() => { this.#pending -= 1; });
  }

  async #deliverOne(socket: WebSocket, notification: Notification): Promise<void> {
    const { id } = notification;
    if (!this.#delivered.has(id)) {
      try {
        await this.#options.deliver(notification);
      } catch (err) {
        this.#logger.warn({ err, notificationId: id }, 'notification delivery failed; core will resend it');
        return;
      }
      this.#remember(id);
    }
    // Confirm on the live socket; if the stream dropped meanwhile, core resends and we confirm then.
    const live = this.#socket ?? socket;
    this.#send(live, { type: 'delivered', ids: [id] });
  }

  #remember(id: string): void {
    this.#delivered.add(id);
    const max = this.#options.rememberedIdsMax ?? REMEMBERED_IDS_MAX;
    while (this.#delivered.size > max) {
      const oldest = this.#delivered.values().next().value as string;
      this.#delivered.delete(oldest);
    }
  }

  #send(socket: WebSocket, event: BotToCoreEvent): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(event));
  }
}

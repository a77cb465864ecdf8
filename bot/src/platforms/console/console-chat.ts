import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatIdentity, Locale } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import type { ChatReply, ReplyAction } from '../../commands/reply.js';
import { t } from '../../i18n/index.js';
import { silentLogger } from '../../logger.js';
import type { EventSubscription } from '../../event-stream-client.js';
import type { ChatPlatformAdapter, InboundHandlers, NotificationDelivery, NotificationTarget, PlatformSendLimits } from '../platform-adapter.js';
import { formatConsoleReply, NOTIFICATION_MARK, SILENT_NOTIFICATION_MARK } from './console-format.js';

export const CONSOLE_PROMPT = 'tradedesk> ';

export interface ConsoleChatOptions {
  /** The chat name: platformUserId and chatId of this console user. */
  as: string;
  input: Readable;
  output: Writable;
  locale: Locale;
  /** TTY mode: a prompt, and it keeps running until the input closes (Ctrl-D) or Ctrl-C. */
  interactive: boolean;
  /** Script mode: after the last reply, wait until no notification came for this long (default 1500). */
  lingerMs?: number;
  /** Epoch ms of the session start, part of every idempotency key (default: now). */
  sessionStartMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  /** Where pictures (charts) are written, their path printed in the reply (default: `tradedesk-charts` in the OS temp dir). */
  imageDir?: string;
}

const DEFAULT_LINGER_MS = 1_500;
// Notifications that keep coming extend the wait, but never beyond this many linger periods.
const LINGER_PERIODS_MAX = 5;

/**
 * The terminal chat: one line = one command, answered in order. Without a TTY (a script or a pipe)
 * it prints every reply and notification, and after the input ends waits for notifications to
 * settle (so the fill of a scripted buy is printed), then ends. Identity: platform `console`, the
 * `as` name as user and chat id, a private chat.
 */
export class ConsoleChat implements ChatPlatformAdapter {
  readonly platform = 'console' as const;
  /** A terminal takes any pace; long coalesced messages are still split for readability. */
  readonly sendLimits: PlatformSendLimits = { perChatIntervalMs: 0, globalPerSecond: 1_000, maxMessageChars: 4_000 };
  readonly subscription: EventSubscription;
  readonly identity: ChatIdentity;
  readonly done: Promise<void>;
  readonly #options: ConsoleChatOptions;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #sessionStartMs: number;
  #readline: Interface | null = null;
  #lastOutputAtMs = 0;
  #stopping = false;
  /** The buttons of the last reply, pressed by typing their number. */
  #choices: readonly ReplyAction[] = [];
  #imagesWritten = 0;
  #finish!: () => void;

  constructor(options: ConsoleChatOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger();
    this.#now = options.now ?? Date.now;
    this.#sessionStartMs = options.sessionStartMs ?? this.#now();
    this.identity = { platform: 'console', platformUserId: options.as, chatId: options.as, isPrivateChat: true, locale: options.locale };
    this.subscription = { platforms: ['console'], platformUserIds: [options.as] };
    this.done = new Promise((resolve) => { this.#finish = resolve; });
  }

  /** Starts reading lines in the background; {@link done} resolves when the session is over. */
  async start(handlers: InboundHandlers): Promise<void> {
    const { input, output, interactive } = this.#options;
    const readline = createInterface({ input, ...(interactive ? { output, terminal: true } : { terminal: false }) });
    this.#readline = readline;
    if (interactive) {
      readline.setPrompt(CONSOLE_PROMPT);
      readline.on('SIGINT', () => readline.close());
    }
    void this.#readLoop(readline, handlers)
      .catch((err: unknown) => this.#logger.error({ err }, 'console chat failed'))
      .finally(() => this.#finish());
  }

  async #readLoop(readline: Interface, handlers: InboundHandlers): Promise<void> {
    const { interactive } = this.#options;
    let lineNo = 0;
    if (interactive) readline.prompt();
    for await (const line of readline) {
      lineNo += 1;
      const idempotencyKey = `console:${this.#options.as}:${this.#sessionStartMs}:${lineNo}`;
      const choice = this.#choiceFor(line);
      const reply = choice
        ? await handlers.handleAction({ identity: this.identity, idempotencyKey, actionId: choice.id })
        : await handlers.handleText({ identity: this.identity, idempotencyKey, text: line });
      if (reply) {
        this.#choices = reply.actions ?? [];
        this.#write(await this.#withImage(reply, formatConsoleReply(reply)));
      }
      if (interactive) readline.prompt();
    }
    if (!interactive && !this.#stopping) await this.#linger();
  }

  /** A line that is just the number of one of the last reply's buttons presses it. */
  #choiceFor(line: string): ReplyAction | undefined {
    const match = /^\s*(\d{1,2})\s*$/.exec(line);
    return match ? this.#choices[Number(match[1]) - 1] : undefined;
  }

  /** Waits until no output for `lingerMs`, bounded by {@link LINGER_PERIODS_MAX} periods. */
  async #linger(): Promise<void> {
    const lingerMs = this.#options.lingerMs ?? DEFAULT_LINGER_MS;
    const sleep = this.#options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const startMs = this.#now();
    const deadlineMs = startMs + lingerMs * LINGER_PERIODS_MAX;
    for (;;) {
      const wakeMs = Math.min(Math.max(this.#lastOutputAtMs, startMs) + lingerMs, deadlineMs);
      const waitMs = wakeMs - this.#now();
      if (waitMs <= 0 || this.#stopping) return;
      await sleep(waitMs);
    }
  }

  /** Prints a notification as it arrives, marked 🔔 (🔕 when silent); in TTY mode the prompt is redrawn after it. */
  async sendNotification(_target: NotificationTarget, reply: ChatReply, delivery: NotificationDelivery): Promise<void> {
    const text = await this.#withImage(reply, formatConsoleReply(reply, delivery.silent ? SILENT_NOTIFICATION_MARK : NOTIFICATION_MARK));
    if (this.#options.interactive && this.#readline) {
      this.#write(`\r\x1b[K${text}`);
      this.#readline.prompt(true);
      return;
    }
    this.#write(text);
  }

  /** Stops reading input; {@link done} resolves once the line in progress was answered. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#readline) this.#readline.close();
    else this.#finish();
    await this.done;
  }

  /** A terminal shows no pictures: the reply's image goes to a PNG file, its path as the reply's last line. */
  async #withImage(reply: ChatReply, text: string): Promise<string> {
    if (!reply.image) return text;
    const dir = this.#options.imageDir ?? join(tmpdir(), 'tradedesk-charts');
    this.#imagesWritten += 1;
    const path = join(dir, `${this.#sessionStartMs}-${this.#imagesWritten}-${reply.image.name.replace(/[^\w.-]/g, '_')}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path, reply.image.png);
    return `${text}  ${t(this.#options.locale, 'chartSavedTo', { path })}\n`;
  }

  #write(text: string): void {
    this.#lastOutputAtMs = this.#now();
    this.#options.output.write(text);
  }
}

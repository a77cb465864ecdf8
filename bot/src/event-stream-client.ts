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
  /**
   * Puts one notification on its platform; resolve only once the platform accepted it (or it was
   * handled for good). Called concurrently for different notifications, in arrival order.
   */
  deliver(notification: Notification): Promise<void>;
  logger?: Logger;
  /** Reconnect delay: doubles from `initialMs` to `maxMs`, back to `initialMs` after a subscription. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Injected for tests; must reject or resolve early when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** How many delivered ids are remembered to drop redeliveries (default 10,000). */
  rememberedIdsMax?: number;
  /** How long `stop()` waits for deliveries in progress (default 5 s). */
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
 * The bot's side of core's notification stream. Subscribes on every (re)connect and hands each
 * notification to `deliver` as it arrives, in arrival order, without waiting for earlier ones: up
 * to EVENT_STREAM_IN_FLIGHT_MAX deliveries run at once (so a slow chat or platform holds up nobody
 * else), and more wait their turn in a bounded queue. Each id is confirmed (`delivered`) as soon as
 * its own delivery resolved; an id already delivered is dropped and confirmed again (core evidently
 * missed the first confirmation); an id whose delivery is still running is not started twice. A
 * failed delivery is not confirmed: core sends it again after a reconnect or restart. Reconnects
 * with capped exponential backoff until {@link stop}.
 */
export class EventStreamClient {
  readonly #options: EventStreamClientOptions;
  readonly #logger: Logger;
  readonly #abort = new AbortController();
  readonly #delivered = new Set<string>();
  /** Deliveries running now, by notification id; each resolves to whether it succeeded. */
  readonly #inFlight = new Map<string, Promise<boolean>>();
  /** Notifications waiting for a free delivery slot, in arrival order. */
  readonly #waiting: Array<{ socket: WebSocket; notification: Notification }> = [];
  #socket: WebSocket | null = null;
  /** Failed deliveries since the last success: only the first of a burst is logged. */
  #failuresInBurst = 0;
  #loop: Promise<void> | null = null;

  constructor(options: EventStreamClientOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger();
  }

  /** Starts connecting in the background; idempotent. */
  start(): void {
    this.#loop ??= this.#run();
  }

  /** Closes the stream, waits (bounded) for deliveries in progress, and stops reconnecting. */
  async stop(): Promise<void> {
    this.#abort.abort();
    this.#socket?.close(1000, 'bot stopping');
    await this.#loop;
    this.#waiting.length = 0;
    const timeoutMs = this.#options.stopTimeoutMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.#inFlight.values()]), new Promise((r) => { timer = setTimeout(r, timeoutMs); })]);
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
    const { id } = notification;
    if (this.#delivered.has(id)) return this.#confirm(socket, id);
    const running = this.#inFlight.get(id);
    if (running) {
      void running.then((ok) => { if (ok) this.#confirm(socket, id); });
      return;
    }
    if (this.#waiting.some((w) => w.notification.id === id)) return;
    if (this.#inFlight.size < EVENT_STREAM_IN_FLIGHT_MAX) return this.#start(socket, notification);
    if (this.#waiting.length >= PENDING_DELIVERIES_MAX) {
      this.#logger.warn({ notificationId: id }, 'too many deliveries pending; left for core to resend');
      return;
    }
    this.#waiting.push({ socket, notification });
  }

  #start(socket: WebSocket, notification: Notification): void {
    const { id } = notification;
    const delivery = this.#deliverOne(notification);
    this.#inFlight.set(id, delivery);
    void delivery.then((ok) => {
      this.#inFlight.delete(id);
      if (ok) this.#confirm(socket, id);
      const next = this.#waiting.shift();
      if (next && !this.#abort.signal.aborted) this.#enqueue(next.socket, next.notification);
    });
  }

  /** Runs `deliver`; never rejects. */
  async #deliverOne(notification: Notification): Promise<boolean> {
    try {
      await this.#options.deliver(notification);
    } catch (err) {
      if (this.#failuresInBurst === 0) this.#logger.warn({ err, notificationId: notification.id }, 'notification delivery failed; core will resend it');
      this.#failuresInBurst += 1;
      return false;
    }
    if (this.#failuresInBurst > 0) this.#logger.info({ failedDeliveries: this.#failuresInBurst }, 'notification deliveries succeed again');
    this.#failuresInBurst = 0;
    this.#remember(notification.id);
    return true;
  }

  /** Confirms on the live socket; if the stream dropped meanwhile, core resends and we confirm then. */
  #confirm(socket: WebSocket, id: string): void {
    this.#send(this.#socket ?? socket, { type: 'delivered', ids: [id] });
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

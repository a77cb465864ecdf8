import type { Logger } from 'pino';
import type { NotificationPayload } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';
import type { QuoteSubscriptions } from '../ports/market-data.js';
import { insertNotifications } from '../store/notifications-store.js';
import { AlertBook, type AlertFire, type BookAlert } from './alert-book.js';
import { listArmedAlerts, loadPriceMarks, recordTrigger, savePriceMarks, type AlertRow } from './alerts-store.js';

/** Told by the subscriptions when demands it had accepted are dropped later (a smaller cap at reconnect). */
type DropListener = (symbol: string, owners: readonly string[], reason: string) => void;

export interface AlertServiceParts extends Pick<CoreDeps, 'db' | 'clock' | 'log' | 'symbols' | 'feed' | 'signals'> {
  subscriptions: QuoteSubscriptions & { onDropped?(listener: DropListener): () => void };
}

export interface AlertServiceOptions {
  /** Triggers waiting to be written at most; beyond it a trigger is dropped and logged (the alert stays armed in the database). */
  fireQueueMax?: number;
  /** How often the last prices are saved, and alerts not live yet try to subscribe again. */
  maintainIntervalMs?: number;
  liveRetryIntervalMs?: number;
}

/** One trigger to write: what the notification says, and the quote time that dedupes it. */
interface PendingTrigger {
  alertId: string;
  symbol: string;
  direction: BookAlert['direction'];
  thresholdKrw: number;
  priceKrw: number;
  atMs: number;
}

const FIRE_QUEUE_MAX_DEFAULT = 10_000;
const MAINTAIN_INTERVAL_MS_DEFAULT = 5_000;
const LIVE_RETRY_INTERVAL_MS_DEFAULT = 60_000;
const WRITE_ATTEMPTS_MAX = 5;
const WRITE_RETRY_DELAY_MS = 200;

/** The subscription owner of one alert. */
export function alertOwner(alertId: string): string {
  return `alert:${alertId}`;
}

export function bookAlertOf(row: AlertRow): BookAlert {
  return {
    id: row.id, userId: row.user_id, symbol: row.symbol, direction: row.direction,
    priceKrw: row.threshold_krw, percentBp: row.percent_bp, repeat: row.repeat,
    cooldownMs: row.repeat ? row.cooldown_sec * 1000 : 0, lastTriggeredAtMs: row.last_triggered_at?.getTime() ?? null,
  };
}

/**
 * Price alerts at run time: the {@link AlertBook} fed by every quote of the shared feed, each
 * alert's quote subscription (owner `alert:<id>`), and the writer that records triggers.
 *
 * A trigger is written asynchronously, off the tick path, from a bounded queue: the alert's new
 * state and its `alert_triggered` notification in one transaction, then the event stream is woken.
 * An alert the bridge cannot stream (its cap of real-time symbols is reached) stays saved and armed
 * but not live; `alert add` and `alert list` say so, and it subscribes again every minute.
 */
export class AlertService {
  readonly book: AlertBook;
  /** Triggers dropped because the queue was full (for the operator and tests). */
  droppedTriggers = 0;
  readonly #parts: AlertServiceParts;
  readonly #log: Logger;
  readonly #fireQueueMax: number;
  readonly #maintainIntervalMs: number;
  readonly #liveRetryIntervalMs: number;
  readonly #queue: PendingTrigger[] = [];
  /** Armed alerts whose symbol could not be subscribed: id → symbol. */
  readonly #waiting = new Map<string, string>();
  readonly #stopping = new AbortController();
  readonly #unsubscribe: Array<() => void> = [];
  #writing: Promise<void> | null = null;
  #maintaining: Promise<void> | null = null;

  constructor(parts: AlertServiceParts, options: AlertServiceOptions = {}) {
    this.#parts = parts;
    this.#log = parts.log.root.child({ subsystem: 'alert' });
    this.#fireQueueMax = options.fireQueueMax ?? FIRE_QUEUE_MAX_DEFAULT;
    this.#maintainIntervalMs = options.maintainIntervalMs ?? MAINTAIN_INTERVAL_MS_DEFAULT;
    this.#liveRetryIntervalMs = options.liveRetryIntervalMs ?? LIVE_RETRY_INTERVAL_MS_DEFAULT;
    this.book = new AlertBook((fire) => this.#onFire(fire));
  }

  /** Loads the last prices and the armed alerts, then evaluates every quote of the feed. */
  async start(): Promise<void> {
    for (const mark of await loadPriceMarks(this.#parts.db)) this.book.seed(mark);
    const rows = await listArmedAlerts(this.#parts.db);
    for (const row of rows) {
      this.book.add(bookAlertOf(row));
      this.#waiting.set(row.id, row.symbol);
    }
    this.#unsubscribe.push(this.#parts.feed.onQuote((quote) => this.book.onQuote(quote)));
    const dropped = this.#parts.subscriptions.onDropped?.((symbol, owners) => this.#onDropped(symbol, owners));
    if (dropped) this.#unsubscribe.push(dropped);
    this.#maintaining = this.#maintain();
    await this.#retryWaiting();
    this.#log.info({ armed: rows.length, waiting: this.#waiting.size }, 'price alerts loaded');
  }

  /** Stops evaluating, writes the triggers still queued and saves the last prices. */
  async stop(): Promise<void> {
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#stopping.abort(new Error('alerts stopping'));
    await this.#maintaining;
    await this.#kickWriter();
    await this.#saveMarks();
  }

  /** Arms a new alert and subscribes its symbol; resolves whether it is live. */
  async arm(row: AlertRow): Promise<boolean> {
    this.book.add(bookAlertOf(row));
    this.#waiting.set(row.id, row.symbol);
    return this.#goLive(row.id, row.symbol);
  }

  /** Disarms an alert (removed or finished) and releases its symbol. */
  disarm(alertId: string, symbol: string): void {
    this.book.remove(alertId);
    this.#waiting.delete(alertId);
    this.#parts.subscriptions.release(alertOwner(alertId), symbol);
  }

  /** Whether an armed alert's symbol is streamed for it. */
  isLive(alertId: string): boolean {
    return this.book.has(alertId) && !this.#waiting.has(alertId);
  }

  /** Resolves when every trigger queued so far is written (tests, shutdown). */
  async flush(): Promise<void> {
    await this.#kickWriter();
  }

  #onFire(fire: AlertFire): void {
    const { alert } = fire;
    if (!alert.repeat) {
      this.#waiting.delete(alert.id);
      this.#parts.subscriptions.release(alertOwner(alert.id), alert.symbol);
    }
    if (this.#queue.length >= this.#fireQueueMax) {
      this.droppedTriggers += 1;
      this.#log.error({ alertId: alert.id, queued: this.#queue.length }, 'alert trigger queue full; trigger dropped (check the database)');
      return;
    }
    this.#queue.push({
      alertId: alert.id, symbol: alert.symbol, direction: alert.direction,
      thresholdKrw: fire.thresholdKrw, priceKrw: fire.priceKrw, atMs: fire.atMs,
    });
    void this.#kickWriter();
  }

  #kickWriter(): Promise<void> {
    this.#writing ??= this.#drain().finally(() => { this.#writing = null; });
    return this.#writing;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const trigger = this.#queue[0]!;
      for (let attempt = 1; ; attempt += 1) {
        try {
          await this.#write(trigger);
          break;
        } catch (error) {
          if (attempt >= WRITE_ATTEMPTS_MAX || this.#stopping.signal.aborted) {
            this.#log.error({ err: error, alertId: trigger.alertId }, 'could not record an alert trigger; dropped (the alert stays armed in the database)');
            break;
          }
          this.#log.warn({ err: error, alertId: trigger.alertId, attempt }, 'could not record an alert trigger; retrying');
          await this.#parts.clock.sleep(WRITE_RETRY_DELAY_MS * 2 ** (attempt - 1), this.#stopping.signal).catch(() => undefined);
        }
      }
      this.#queue.shift();
    }
  }

  /** The trigger and its notification in one transaction; the dedupe key makes a second write a no-op. */
  async #write(trigger: PendingTrigger): Promise<void> {
    const { db, clock, symbols, signals } = this.#parts;
    const created = await db.transaction(async (tx) => {
      const row = await recordTrigger(tx, trigger.alertId, trigger.atMs);
      if (!row) return 0;
      const payload: NotificationPayload = {
        kind: 'alert_triggered', alertId: row.id, symbol: row.symbol, name: symbols.byCodeOrNull(row.symbol)?.nameKo ?? row.symbol,
        direction: trigger.direction, thresholdKrw: trigger.thresholdKrw, priceKrw: trigger.priceKrw,
      };
      return insertNotifications(tx, row.user_id, `alert:${row.id}:${trigger.atMs}`, payload, clock.now());
    });
    if (created > 0) signals.emit('notifications-created');
  }

  async #goLive(alertId: string, symbol: string): Promise<boolean> {
    let live = false;
    try {
      live = await this.#parts.subscriptions.acquire(alertOwner(alertId), symbol);
    } catch (error) {
      this.#log.warn({ err: error, alertId }, 'could not subscribe an alert\'s symbol; will retry');
    }
    if (!this.book.has(alertId)) {
      // Removed (or fired once) while subscribing: give the demand back.
      if (live) this.#parts.subscriptions.release(alertOwner(alertId), symbol);
      return false;
    }
    if (live) this.#waiting.delete(alertId);
    return live;
  }

  async #retryWaiting(): Promise<void> {
    for (const [alertId, symbol] of [...this.#waiting]) await this.#goLive(alertId, symbol);
  }

  #onDropped(symbol: string, owners: readonly string[]): void {
    for (const owner of owners) {
      if (!owner.startsWith('alert:')) continue;
      const alertId = owner.slice('alert:'.length);
      if (this.book.has(alertId)) this.#waiting.set(alertId, symbol);
    }
    this.#log.warn({ symbol }, 'an alert symbol was dropped by the bridge\'s cap; its alerts wait for a free slot');
  }

  /** Saves the last prices every few seconds; retries alerts that are not live every minute. */
  async #maintain(): Promise<void> {
    let sinceRetryMs = 0;
    const signal = this.#stopping.signal;
    while (!signal.aborted) {
      try {
        await this.#parts.clock.sleep(this.#maintainIntervalMs, signal);
      } catch {
        return;
      }
      await this.#saveMarks();
      sinceRetryMs += this.#maintainIntervalMs;
      if (sinceRetryMs >= this.#liveRetryIntervalMs && this.#waiting.size > 0) {
        sinceRetryMs = 0;
        await this.#retryWaiting();
      }
    }
  }

  async #saveMarks(): Promise<void> {
    const marks = this.book.takeChangedMarks();
    try {
      await savePriceMarks(this.#parts.db, marks, this.#parts.clock.now());
    } catch (error) {
      // Kept for the next round: a newer mark replaces it then.
      for (const mark of marks) this.book.markChanged(mark.symbol);
      this.#log.warn({ err: error, count: marks.length }, 'could not save the last alert prices; will retry');
    }
  }
}

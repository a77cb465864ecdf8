import type { Quote } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import type { Clock } from '../ports/clock.js';
import type { BarHistory } from '../ports/market-data.js';
import { BarRing } from './bar-ring.js';
import type { MarketBarStore } from './market-bar-store.js';
import type { MarketFeed, MinuteBar } from './market-feed.js';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** KST is UTC+9 all year, a whole number of hours: KST minutes are UTC minutes. */
const KST_OFFSET_MS = 9 * 60 * MINUTE_MS;

export interface BarBuilderOptions {
  feed: MarketFeed;
  clock: Clock;
  log: Logger;
  /** Where finished bars are written; none = memory only (the bench). */
  store?: MarketBarStore;
  /** Bars kept in memory per symbol. Default: two days of minutes, enough for two trading days of any session. */
  barsPerSymbolMax?: number;
  /** Symbols tracked at most (quotes of more are ignored); the bridge streams at most a few hundred. */
  symbolsMax?: number;
  /** A quiet symbol's bar is published this long after its minute ends, so late quotes still count. */
  flushGraceMs?: number;
  /** Finished bars waiting for the database at most; the oldest are dropped beyond it while it is down. */
  unwrittenBarsMax?: number;
  /** Bars older than this are deleted from the database at start. */
  retentionMs?: number;
}

/** The minute being built for one symbol, and what the next quote is compared with. */
interface SymbolState {
  readonly ring: BarRing;
  /** `at` of the newest quote taken: a quote at or before it is a duplicate or out of order. */
  lastAtMs: number;
  /** Cumulative day volume of that quote, and its KST day number (-1 = none yet). */
  lastVolumeShares: number;
  lastDayNo: number;
  /** Minutes before this are published: a late quote for one of them is not applied. */
  closedBeforeMs: number;
  building: boolean;
  startMs: number;
  openKrw: number;
  highKrw: number;
  lowKrw: number;
  closeKrw: number;
  volumeShares: number;
}

/**
 * Builds 1-minute bars (KST minutes) from the feed's quotes and keeps the recent ones per symbol.
 * A bar is published (feed.publishBar) when its minute is over: at the first quote of a later
 * minute, or by the clock for a quiet symbol. A minute without quotes has no bar.
 *
 * Volume: a quote carries the day's cumulative volume, so a bar's volume is the difference from the
 * previous quote (the whole figure for the first quote of a new KST day; nothing for the very first
 * quote seen, whose history is unknown). Duplicate and out-of-order quotes (`at` not after the last
 * one taken) are ignored, as is a late quote for a minute already published (its volume then counts
 * in the next bar, since the difference is taken from the last quote applied).
 */
export class BarBuilder implements BarHistory {
  readonly #options: BarBuilderOptions;
  readonly #states = new Map<string, SymbolState>();
  readonly #barsPerSymbolMax: number;
  readonly #symbolsMax: number;
  readonly #flushGraceMs: number;
  readonly #unwrittenMax: number;
  #unwritten: MinuteBar[] = [];
  #writing: Promise<void> | null = null;
  #ignoredSymbolWarned = false;
  readonly #stopping = new AbortController();
  #unsubscribe: (() => void) | null = null;

  constructor(options: BarBuilderOptions) {
    this.#options = options;
    this.#barsPerSymbolMax = options.barsPerSymbolMax ?? 2 * DAY_MS / MINUTE_MS;
    this.#symbolsMax = options.symbolsMax ?? 2_000;
    this.#flushGraceMs = options.flushGraceMs ?? 2_000;
    this.#unwrittenMax = options.unwrittenBarsMax ?? 50_000;
    this.#unsubscribe = options.feed.onQuote((quote) => this.onQuote(quote));
  }

  /** Loads the recent bars from the database (and prunes old ones), then publishes quiet minutes by the clock. */
  async start(): Promise<void> {
    await this.#warm();
    void this.#flushLoop();
  }

  /** Stops the timer and writes what is finished. */
  async stop(): Promise<void> {
    this.#stopping.abort(new Error('stopping'));
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    await this.writeFinished();
  }

  recent(symbol: string, sinceMs: number, limit = Infinity): readonly MinuteBar[] {
    return this.#states.get(symbol)?.ring.since(sinceMs, limit) ?? [];
  }

  /** Bars from the database and those not written yet, from `sinceMs`, oldest first: for charts over days. */
  async load(symbol: string, sinceMs: number, limit?: number): Promise<readonly MinuteBar[]> {
    const stored = this.#options.store ? await this.#options.store.read(symbol, sinceMs, limit) : [];
    const seen = new Set(stored.map((b) => b.startMs));
    const merged = [...stored, ...this.recent(symbol, sinceMs).filter((b) => !seen.has(b.startMs))];
    merged.sort((a, b) => a.startMs - b.startMs);
    return limit === undefined ? merged : merged.slice(-limit);
  }

  onQuote(quote: Quote): void {
    const state = this.#stateOf(quote.symbol);
    if (!state || quote.at <= state.lastAtMs) return;
    const minuteMs = quote.at - (quote.at % MINUTE_MS);
    if (minuteMs < state.closedBeforeMs) return;
    const dayNo = Math.floor((quote.at + KST_OFFSET_MS) / DAY_MS);
    const baseShares = state.lastDayNo === dayNo ? state.lastVolumeShares : state.lastDayNo === -1 ? quote.volumeShares : 0;
    const deltaShares = Math.max(0, quote.volumeShares - baseShares);
    state.lastAtMs = quote.at;
    state.lastVolumeShares = quote.volumeShares;
    state.lastDayNo = dayNo;
    if (state.building && minuteMs > state.startMs) this.#publish(state);
    const price = quote.lastKrw;
    if (!state.building) {
      state.building = true;
      state.startMs = minuteMs;
      state.openKrw = state.highKrw = state.lowKrw = state.closeKrw = price;
      state.volumeShares = deltaShares;
      return;
    }
    if (price > state.highKrw) state.highKrw = price;
    if (price < state.lowKrw) state.lowKrw = price;
    state.closeKrw = price;
    state.volumeShares += deltaShares;
  }

  /** Publishes every bar whose minute ended at least the grace period before `nowMs`. */
  flushDue(nowMs: number): void {
    for (const state of this.#states.values()) {
      if (state.building && state.startMs + MINUTE_MS + this.#flushGraceMs <= nowMs) this.#publish(state);
    }
  }

  /** Writes the finished bars not written yet (one write at a time); a failure keeps them for the next try. */
  async writeFinished(): Promise<void> {
    const store = this.#options.store;
    if (!store) {
      this.#unwritten = [];
      return;
    }
    while (this.#writing) await this.#writing;
    if (this.#unwritten.length === 0) return;
    const batch = this.#unwritten;
    this.#unwritten = [];
    this.#writing = store.insert(batch).then(
      () => undefined,
      (error: unknown) => {
        this.#options.log.warn({ err: error, count: batch.length }, 'writing minute bars failed; retrying with the next batch');
        this.#unwritten = [...batch, ...this.#unwritten];
        this.#trimUnwritten();
      },
    ).finally(() => { this.#writing = null; });
    await this.#writing;
  }

  #stateOf(symbol: string): SymbolState | undefined {
    const held = this.#states.get(symbol);
    if (held) return held;
    if (this.#states.size >= this.#symbolsMax) {
      if (!this.#ignoredSymbolWarned) this.#options.log.warn({ symbolsMax: this.#symbolsMax }, 'bar builder tracks its maximum of symbols; quotes of more are ignored');
      this.#ignoredSymbolWarned = true;
      return undefined;
    }
    const state: SymbolState = {
      ring: new BarRing(symbol, this.#barsPerSymbolMax), lastAtMs: -Infinity, lastVolumeShares: 0, lastDayNo: -1,
      closedBeforeMs: -Infinity, building: false, startMs: 0, openKrw: 0, highKrw: 0, lowKrw: 0, closeKrw: 0, volumeShares: 0,
    };
    this.#states.set(symbol, state);
    return state;
  }

  #publish(state: SymbolState): void {
    const bar: MinuteBar = {
      symbol: state.ring.symbol, startMs: state.startMs, openKrw: state.openKrw, highKrw: state.highKrw,
      lowKrw: state.lowKrw, closeKrw: state.closeKrw, volumeShares: state.volumeShares,
    };
    state.building = false;
    state.closedBeforeMs = state.startMs + MINUTE_MS;
    if (!state.ring.push(bar)) return; // a bar loaded from the database already covers this minute
    if (this.#options.store) {
      this.#unwritten.push(bar);
      this.#trimUnwritten();
    }
    this.#options.feed.publishBar(bar);
  }

  #trimUnwritten(): void {
    const excess = this.#unwritten.length - this.#unwrittenMax;
    if (excess <= 0) return;
    this.#unwritten.splice(0, excess);
    this.#options.log.error({ dropped: excess }, 'minute bars dropped: the database has not taken them for too long; check it');
  }

  async #warm(): Promise<void> {
    const store = this.#options.store;
    if (!store) return;
    const nowMs = this.#options.clock.now();
    try {
      const pruned = await store.prune(nowMs - (this.#options.retentionMs ?? 45 * DAY_MS));
      // Four calendar days hold the last two trading days across a weekend; the rings keep the newest.
      const bars = await store.readAll(nowMs - 4 * DAY_MS, this.#symbolsMax * this.#barsPerSymbolMax);
      for (const bar of bars) {
        const state = this.#stateOf(bar.symbol);
        if (!state) continue;
        state.ring.push(bar);
        state.closedBeforeMs = Math.max(state.closedBeforeMs, bar.startMs + MINUTE_MS);
      }
      this.#options.log.info({ loaded: bars.length, pruned }, 'minute bars loaded');
    } catch (error) {
      this.#options.log.error({ err: error }, 'loading minute bars failed; charts start from live data only');
    }
  }

  async #flushLoop(): Promise<void> {
    const { clock } = this.#options;
    const signal = this.#stopping.signal;
    while (!signal.aborted) {
      const nowMs = clock.now();
      // The next minute end plus the grace that has not passed yet.
      const baseMs = nowMs - this.#flushGraceMs;
      const nextMs = baseMs - (baseMs % MINUTE_MS) + MINUTE_MS + this.#flushGraceMs;
      try {
        await clock.sleep(nextMs - nowMs, signal);
      } catch {
        return;
      }
      this.flushDue(clock.now());
      await this.writeFinished();
    }
  }
}

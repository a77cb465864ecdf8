import type { AlertDirection, Quote } from '@tradedesk/contracts';
import { percentThresholdKrw } from './alert-rules.js';

/** An alert as the book evaluates it: exactly one of `priceKrw` and `percentBp` is set. */
export interface BookAlert {
  id: string;
  userId: string;
  symbol: string;
  direction: AlertDirection;
  priceKrw: number | null;
  /** Change from the previous close in basis points (+3 % = 300). */
  percentBp: number | null;
  repeat: boolean;
  cooldownMs: number;
  /** Quote time of the last trigger; a repeating alert fires again only `cooldownMs` after it. */
  lastTriggeredAtMs: number | null;
}

/** One trigger: the alert, the level it crossed and the quote that crossed it. */
export interface AlertFire {
  alert: BookAlert;
  thresholdKrw: number;
  priceKrw: number;
  /** The quote's time. */
  atMs: number;
}

/** The last price the book evaluated for a symbol, with its quote time (saved to survive a restart). */
export interface PriceMark {
  symbol: string;
  lastPriceKrw: number;
  atMs: number;
}

interface Entry {
  alert: BookAlert;
  /** The level in force; NaN while a percent alert waits for its first previous close. */
  thresholdKrw: number;
}

/** Per symbol: alerts sorted by threshold (ascending) per direction, and the last price seen. */
class SymbolBook {
  /** 0 = no price seen yet. */
  lastPriceKrw = 0;
  lastAtMs = Number.NEGATIVE_INFINITY;
  prevCloseKrw = 0;
  readonly above: Entry[] = [];
  readonly below: Entry[] = [];
  /** Percent alerts (also in above/below once they have a level), re-levelled when the previous close changes. */
  readonly percent = new Set<Entry>();
}

/** First index whose threshold is >= x (`strict`: > x). */
function bound(entries: readonly Entry[], x: number, strict: boolean): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = entries[mid]!.thresholdKrw;
    if (t < x || (strict && t === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Every armed alert, indexed per symbol by threshold, evaluated on each quote.
 *
 * Crossing rule: an `above` alert at T fires when the price moves from below T to T or more; a
 * `below` alert when it moves from above T to T or less. A tick from p0 to p1 therefore only
 * visits the `above` alerts with p0 < T <= p1 (or the `below` ones with p1 <= T < p0), found by
 * binary search: the cost per tick does not grow with alerts that do not fire.
 *
 * - The first price seen for a symbol (nothing known before) crosses nothing: an alert whose level
 *   is already passed when it is armed fires on the next real crossing, after the price went back.
 * - A quote whose time is not newer than the last one evaluated for its symbol (duplicate,
 *   replayed, out of order) is ignored.
 * - A one-shot alert leaves the book when it fires. A repeating one stays and fires again only on a
 *   new crossing (so the price went back across) at least `cooldownMs` after its last trigger, in
 *   quote time: a price oscillating around the level cannot spam.
 * - A percent alert's level is `prevCloseKrw` × (1 + bp/10 000), rounded towards firing later
 *   (up for `above`, down for `below`), recomputed whenever a quote brings another previous close
 *   (a new trading day); it waits, unlevelled, until the first quote of its symbol.
 *
 * The book is synchronous and does no I/O: `onFire` is called during `onQuote`, and the book's own
 * state (a one-shot alert removed, a repeating one's cooldown started) is updated before
 * `onQuote` returns, so a burst of ticks cannot fire one crossing twice. `onFire` must not change
 * the book (it runs while the book iterates); it queues the fire for persistence.
 *
 * @example
 * const book = new AlertBook((fire) => queue.push(fire));
 * book.add({ id, userId, symbol: '005930', direction: 'above', priceKrw: 75_000, percentBp: null, repeat: false, cooldownMs: 0, lastTriggeredAtMs: null });
 * book.onQuote(quote); // fires if the price went from below 75,000 to 75,000 or more
 */
export class AlertBook {
  /** Alerts visited by crossings (fired or held by a cooldown), for tests and the benchmark. */
  evaluatedCount = 0;
  readonly #symbols = new Map<string, SymbolBook>();
  readonly #entries = new Map<string, Entry>();
  readonly #dirtySymbols = new Set<string>();
  readonly #fired: Entry[] = [];

  constructor(private readonly onFire: (fire: AlertFire) => void) {}

  get size(): number {
    return this.#entries.size;
  }

  has(alertId: string): boolean {
    return this.#entries.has(alertId);
  }

  /** Arms an alert (replacing one with the same id); returns its level now, null while unknown. */
  add(alert: BookAlert): number | null {
    this.remove(alert.id);
    const book = this.#symbol(alert.symbol);
    const entry: Entry = { alert: { ...alert }, thresholdKrw: Number.NaN };
    this.#entries.set(alert.id, entry);
    if (alert.percentBp !== null) {
      book.percent.add(entry);
      if (book.prevCloseKrw > 0) this.#level(book, entry);
    } else {
      entry.thresholdKrw = alert.priceKrw!;
      this.#insert(book, entry);
    }
    return this.thresholdOf(alert.id);
  }

  /** Disarms an alert; false if it was not in the book. */
  remove(alertId: string): boolean {
    const entry = this.#entries.get(alertId);
    if (!entry) return false;
    this.#entries.delete(alertId);
    const book = this.#symbols.get(entry.alert.symbol)!;
    book.percent.delete(entry);
    this.#unlink(book, entry);
    return true;
  }

  /** The level an alert fires at now; null when not in the book or a percent alert not yet levelled. */
  thresholdOf(alertId: string): number | null {
    const t = this.#entries.get(alertId)?.thresholdKrw;
    return t === undefined || Number.isNaN(t) ? null : t;
  }

  /** The last price evaluated for a symbol, or null. */
  lastPriceKrw(symbol: string): number | null {
    const price = this.#symbols.get(symbol)?.lastPriceKrw ?? 0;
    return price > 0 ? price : null;
  }

  /** Restores the last price evaluated before a restart; ignored when the book already saw a newer one. */
  seed(mark: PriceMark): void {
    const book = this.#symbol(mark.symbol);
    if (mark.atMs <= book.lastAtMs) return;
    book.lastPriceKrw = mark.lastPriceKrw;
    book.lastAtMs = mark.atMs;
  }

  /** The marks changed since the last call (to save them). */
  takeChangedMarks(): PriceMark[] {
    const marks: PriceMark[] = [];
    for (const symbol of this.#dirtySymbols) {
      const book = this.#symbols.get(symbol)!;
      marks.push({ symbol, lastPriceKrw: book.lastPriceKrw, atMs: book.lastAtMs });
    }
    this.#dirtySymbols.clear();
    return marks;
  }

  /** Lists a symbol's mark among the changed ones again (its save failed). */
  markChanged(symbol: string): void {
    if (this.#symbols.has(symbol)) this.#dirtySymbols.add(symbol);
  }

  /** Evaluates one quote; returns how many alerts fired. Quotes of symbols without alerts cost one map lookup. */
  onQuote(quote: Quote): number {
    const book = this.#symbols.get(quote.symbol);
    if (!book || quote.at <= book.lastAtMs) return 0;
    if (quote.prevCloseKrw !== book.prevCloseKrw) {
      book.prevCloseKrw = quote.prevCloseKrw;
      for (const entry of book.percent) this.#level(book, entry);
    }
    const from = book.lastPriceKrw;
    const to = quote.lastKrw;
    book.lastPriceKrw = to;
    book.lastAtMs = quote.at;
    this.#dirtySymbols.add(quote.symbol);
    if (from === 0 || from === to) return 0;
    const fired = this.#fired;
    if (to > from) {
      const above = book.above;
      for (let i = bound(above, from, true); i < above.length && above[i]!.thresholdKrw <= to; i += 1) this.#visit(above[i]!, quote, fired);
    } else {
      const below = book.below;
      for (let i = bound(below, to, false); i < below.length && below[i]!.thresholdKrw < from; i += 1) this.#visit(below[i]!, quote, fired);
    }
    const count = fired.length;
    for (const entry of fired) if (!entry.alert.repeat) this.remove(entry.alert.id);
    fired.length = 0;
    return count;
  }

  #visit(entry: Entry, quote: Quote, fired: Entry[]): void {
    this.evaluatedCount += 1;
    const alert = entry.alert;
    if (alert.repeat && alert.lastTriggeredAtMs !== null && quote.at - alert.lastTriggeredAtMs < alert.cooldownMs) return;
    if (alert.repeat) alert.lastTriggeredAtMs = quote.at;
    fired.push(entry);
    this.onFire({ alert, thresholdKrw: entry.thresholdKrw, priceKrw: quote.lastKrw, atMs: quote.at });
  }

  #symbol(symbol: string): SymbolBook {
    let book = this.#symbols.get(symbol);
    if (!book) {
      book = new SymbolBook();
      this.#symbols.set(symbol, book);
    }
    return book;
  }

  #level(book: SymbolBook, entry: Entry): void {
    this.#unlink(book, entry);
    entry.thresholdKrw = percentThresholdKrw(book.prevCloseKrw, entry.alert.percentBp!, entry.alert.direction);
    this.#insert(book, entry);
  }

  #insert(book: SymbolBook, entry: Entry): void {
    const list = entry.alert.direction === 'above' ? book.above : book.below;
    list.splice(bound(list, entry.thresholdKrw, true), 0, entry);
  }

  #unlink(book: SymbolBook, entry: Entry): void {
    if (Number.isNaN(entry.thresholdKrw)) return;
    const list = entry.alert.direction === 'above' ? book.above : book.below;
    for (let i = bound(list, entry.thresholdKrw, false); i < list.length && list[i]!.thresholdKrw === entry.thresholdKrw; i += 1) {
      if (list[i] === entry) {
        list.splice(i, 1);
        return;
      }
    }
  }
}

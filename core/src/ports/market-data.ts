import type { MinuteBar } from '../market/market-feed.js';

export interface AcquireOptions {
  /**
   * A demand that may be dropped to make room (a `price` look-up's short watch): at the cap, a
   * lasting demand (an alert, a strategy) takes the place of a symbol only transient owners hold.
   */
  transient?: boolean;
  /** Released by itself this long after the latest acquire by the same owner (a look-up's watch). */
  holdMs?: number;
}

/**
 * Reference-counted quote subscriptions at the bridge: one per symbol however many owners (alerts,
 * strategies, a `price` look-up) want it, within the bridge's declared `quoteSubscriptionsMax`.
 */
export interface QuoteSubscriptions {
  /**
   * Adds `owner`'s demand for `symbol` (idempotent per owner+symbol). Resolves false, and holds
   * nothing, when the bridge's cap is reached and the symbol is not streamed yet: the caller says so
   * to the user rather than silently never firing.
   */
  acquire(owner: string, symbol: string, options?: AcquireOptions): Promise<boolean>;
  /** Drops `owner`'s demand; the bridge stops streaming the symbol when nobody wants it any more. */
  release(owner: string, symbol: string): void;
  /** Symbols currently streamed (for `price`, the operator, tests). */
  streamed(): ReadonlySet<string>;
}

/** Finished 1-minute bars kept for indicators and charts, oldest first. */
export interface BarHistory {
  /** Bars of `symbol` whose minute starts at or after `sinceMs` (at most `limit`, the newest ones). */
  recent(symbol: string, sinceMs: number, limit?: number): readonly MinuteBar[];
  /**
   * The same from the database as well (bars survive restarts; about 45 days are kept), for charts
   * over days: `recent` holds only about the last two days in memory.
   */
  load(symbol: string, sinceMs: number, limit?: number): Promise<readonly MinuteBar[]>;
}

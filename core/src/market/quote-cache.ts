import type { Quote } from '@tradedesk/contracts';
import { tradingDayOf } from '../domain/trading-day.js';

/**
 * The latest quote per symbol, from the bridge's answers and its quote stream. Bounded by the number
 * of symbols in the master. A quote from an earlier trading day is never used: its limits are stale.
 */
export class QuoteCache {
  private readonly quotes = new Map<string, Quote>();

  put(quote: Quote): void {
    const held = this.quotes.get(quote.symbol);
    if (!held || held.at <= quote.at) this.quotes.set(quote.symbol, quote);
  }

  /** The latest quote if it is from the same KST trading day as `nowMs`. */
  getSameDay(symbol: string, nowMs: number): Quote | null {
    const quote = this.quotes.get(symbol);
    if (!quote || tradingDayOf(quote.at) !== tradingDayOf(nowMs)) return null;
    return quote;
  }
}

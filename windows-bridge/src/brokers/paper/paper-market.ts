import { dailyLimitsKrw, nearestTicksKrw, type Market, type Quote } from '@tradedesk/contracts';
import { randomInt, type Rng } from '../../rng.js';
import { PAPER_STEP_VOLUME_SHARES_MAX } from './paper-constants.js';
import { findPaperSymbol, PAPER_SYMBOLS, type PaperSymbol } from './paper-symbols.js';

/** One symbol's simulated trading day; persisted by the state store. */
export interface PaperPriceState {
  lastKrw: number;
  prevCloseKrw: number;
  openKrw: number;
  highKrw: number;
  lowKrw: number;
  volumeShares: number;
  /** The KST calendar day (days since the epoch in UTC+9) these figures belong to; -1 = not started. */
  dayNo: number;
  atMs: number;
}

const KST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The KST trading day a timestamp falls in, as a day number. KST has no daylight saving. */
export function kstDayNo(nowMs: number): number {
  return Math.floor((nowMs + KST_OFFSET_MS) / DAY_MS);
}

/**
 * A simulated feed: one seeded random walk per symbol, one tick at a time, always on the tick grid
 * and inside the day's ±30 % limits around the previous close. A new KST day rolls the close into
 * `prevCloseKrw`. The paper market is open at all hours; session rules are core's calendar's job.
 */
export class PaperMarket {
  private readonly prices = new Map<string, PaperPriceState>();

  /** `initial` restores persisted prices; symbols without an entry start at their reference price. */
  constructor(
    private readonly rng: Rng,
    nowMs: number,
    initial: Readonly<Record<string, PaperPriceState>> = {},
  ) {
    for (const symbol of PAPER_SYMBOLS) {
      const p = symbol.referencePriceKrw;
      const restored = initial[symbol.code];
      this.prices.set(symbol.code, restored ? { ...restored } : {
        lastKrw: p, prevCloseKrw: p, openKrw: p, highKrw: p, lowKrw: p, volumeShares: 0, dayNo: -1, atMs: nowMs,
      });
    }
  }

  /**
   * Advances every symbol one step (so the series depends only on the seed, not on who subscribed)
   * and returns the new quotes in `PAPER_SYMBOLS` order.
   */
  step(nowMs: number): Quote[] {
    const quotes: Quote[] = [];
    for (const symbol of PAPER_SYMBOLS) {
      const state = this.prices.get(symbol.code)!;
      this.rollDay(state, nowMs);
      state.lastKrw = this.nextPriceKrw(symbol, state);
      state.highKrw = Math.max(state.highKrw, state.lastKrw);
      state.lowKrw = Math.min(state.lowKrw, state.lastKrw);
      state.volumeShares += randomInt(this.rng, PAPER_STEP_VOLUME_SHARES_MAX);
      state.atMs = nowMs;
      quotes.push(toQuote(symbol, state));
    }
    return quotes;
  }

  /** The current quote for a listed symbol, or undefined. */
  quote(code: string): Quote | undefined {
    const symbol = findPaperSymbol(code);
    const state = this.prices.get(code);
    return symbol && state ? toQuote(symbol, state) : undefined;
  }

  /** A copy of every symbol's state, for persistence. */
  snapshot(): Record<string, PaperPriceState> {
    return Object.fromEntries([...this.prices].map(([code, s]) => [code, { ...s }]));
  }

  private rollDay(state: PaperPriceState, nowMs: number): void {
    const dayNo = kstDayNo(nowMs);
    if (state.dayNo === dayNo) return;
    if (state.dayNo !== -1) {
      state.prevCloseKrw = state.lastKrw;
      state.volumeShares = 0;
    }
    state.openKrw = state.highKrw = state.lowKrw = state.lastKrw;
    state.dayNo = dayNo;
  }

  /** One tick down, up or unchanged, leaning back towards the previous close, clamped to the limits. */
  private nextPriceKrw(symbol: PaperSymbol, state: PaperPriceState): number {
    const deviation = (state.lastKrw - state.prevCloseKrw) / state.prevCloseKrw;
    const downProbability = 0.35 + deviation;
    const upProbability = 0.35 - deviation;
    const r = this.rng.next();
    let next = state.lastKrw;
    if (r < downProbability) next = nearestTicksKrw(state.lastKrw - 1, symbol.market).belowKrw;
    else if (r < downProbability + upProbability) next = nearestTicksKrw(state.lastKrw + 1, symbol.market).aboveKrw;
    const { upperKrw, lowerKrw } = dailyLimitsKrw(state.prevCloseKrw, symbol.market);
    return Math.min(upperKrw, Math.max(lowerKrw, Math.max(1, next)));
  }
}

function toQuote(symbol: { code: string; market: Market }, state: PaperPriceState): Quote {
  const { upperKrw, lowerKrw } = dailyLimitsKrw(state.prevCloseKrw, symbol.market);
  return {
    symbol: symbol.code,
    lastKrw: state.lastKrw,
    prevCloseKrw: state.prevCloseKrw,
    openKrw: state.openKrw,
    highKrw: state.highKrw,
    lowKrw: state.lowKrw,
    volumeShares: state.volumeShares,
    upperLimitKrw: upperKrw,
    lowerLimitKrw: lowerKrw,
    at: state.atMs,
  };
}

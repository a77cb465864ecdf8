import type { ChartRange } from '@tradedesk/contracts';
import type { CandleWidth } from './candles.js';

const DAY_MS = 86_400_000;

/** 1-minute bars in one regular session (09:00-15:30, plus the closing auction's minute). */
const BARS_PER_DAY = 391;

/**
 * What each `chart` range shows, as data: how far back to ask the bar history (calendar days, with
 * room for weekends and holidays), the most bars to load, how many trading days to keep, and the
 * candle width.
 */
export const CHART_RANGE_SPECS: Readonly<Record<ChartRange, { lookbackMs: number; barsMax: number; tradingDays: number | null; width: CandleWidth }>> = {
  '1d': { lookbackMs: 7 * DAY_MS, barsMax: BARS_PER_DAY, tradingDays: 1, width: { minutes: 1 } },
  '5d': { lookbackMs: 14 * DAY_MS, barsMax: 5 * BARS_PER_DAY, tradingDays: 5, width: { minutes: 5 } },
  '1m': { lookbackMs: 31 * DAY_MS, barsMax: 23 * BARS_PER_DAY, tradingDays: null, width: 'day' },
};

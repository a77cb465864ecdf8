import type { MinuteBar } from '../market/market-feed.js';
import { kstWallClock } from '../calendar/kst-time.js';

/** One candle of any width. Prices in KRW, volume in shares. */
export interface Candle {
  startMs: number;
  openKrw: number;
  highKrw: number;
  lowKrw: number;
  closeKrw: number;
  volumeShares: number;
}

/** How bars are grouped: N-minute buckets (KST offset is whole hours, so epoch buckets align) or KST days. */
export type CandleWidth = { minutes: number } | 'day';

function bucketOf(startMs: number, width: CandleWidth): string | number {
  return width === 'day' ? kstWallClock(startMs).day : Math.floor(startMs / (width.minutes * 60_000));
}

/**
 * Aggregates 1-minute bars (oldest first) into wider candles: open of the first bar, close of the
 * last, extremes and summed volume. A bucket's start is its first bar's start.
 */
export function aggregateBars(bars: readonly MinuteBar[], width: CandleWidth): Candle[] {
  const candles: Candle[] = [];
  let lastBucket: string | number | null = null;
  for (const bar of bars) {
    const bucket = bucketOf(bar.startMs, width);
    const current = candles[candles.length - 1];
    if (current && bucket === lastBucket) {
      current.highKrw = Math.max(current.highKrw, bar.highKrw);
      current.lowKrw = Math.min(current.lowKrw, bar.lowKrw);
      current.closeKrw = bar.closeKrw;
      current.volumeShares += bar.volumeShares;
    } else {
      candles.push({ startMs: bar.startMs, openKrw: bar.openKrw, highKrw: bar.highKrw, lowKrw: bar.lowKrw, closeKrw: bar.closeKrw, volumeShares: bar.volumeShares });
      lastBucket = bucket;
    }
  }
  return candles;
}

/** Keeps the bars of the last `days` distinct KST days present (a range counts trading days, not calendar days). */
export function lastKstDays(bars: readonly MinuteBar[], days: number): MinuteBar[] {
  const kept = new Set<string>();
  for (let i = bars.length - 1; i >= 0 && kept.size <= days; i--) kept.add(kstWallClock(bars[i]!.startMs).day);
  const wanted = [...kept].slice(0, days);
  return bars.filter((bar) => wanted.includes(kstWallClock(bar.startMs).day));
}

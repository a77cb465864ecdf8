import type { Market } from './market.js';

/**
 * KRX price rules shared by core's admission and the paper broker (../../shared/KRX.md §2, §3).
 * Pure functions of integers; the broker's own quote stays the authority for the day's limits.
 */

/** Tick size for a price, by the unified stock table in force since 2023-01-25, or the ETF table. */
export function tickSizeKrw(priceKrw: number, market: Market): number {
  if (market === 'ETF') return priceKrw < 2_000 ? 1 : 5;
  if (priceKrw < 2_000) return 1;
  if (priceKrw < 5_000) return 5;
  if (priceKrw < 20_000) return 10;
  if (priceKrw < 50_000) return 50;
  if (priceKrw < 200_000) return 100;
  if (priceKrw < 500_000) return 500;
  return 1_000;
}

export function isOnTickGrid(priceKrw: number, market: Market): boolean {
  return priceKrw % tickSizeKrw(priceKrw, market) === 0;
}

/** The nearest valid prices at or below and at or above `priceKrw`. */
export function nearestTicksKrw(priceKrw: number, market: Market): { belowKrw: number; aboveKrw: number } {
  const tick = tickSizeKrw(priceKrw, market);
  const belowKrw = Math.floor(priceKrw / tick) * tick;
  if (belowKrw === priceKrw) return { belowKrw, aboveKrw: priceKrw };
  let aboveKrw = belowKrw + tick;
  // Crossing a band edge can change the tick; re-snap on the new band.
  const aboveTick = tickSizeKrw(aboveKrw, market);
  aboveKrw = Math.ceil(aboveKrw / aboveTick) * aboveTick;
  return { belowKrw, aboveKrw };
}

/** Round a price to the tick grid, downwards (`floor`) or upwards (`ceil`). */
export function snapToTickKrw(priceKrw: number, market: Market, direction: 'floor' | 'ceil'): number {
  const { belowKrw, aboveKrw } = nearestTicksKrw(priceKrw, market);
  return direction === 'floor' ? belowKrw : aboveKrw;
}

/** The ±30 % daily limit around the base price, with the part below one tick cut off. */
export function dailyLimitsKrw(basePriceKrw: number, market: Market): { upperKrw: number; lowerKrw: number } {
  const band = Math.floor((basePriceKrw * 30) / 100);
  return {
    upperKrw: snapToTickKrw(basePriceKrw + band, market, 'floor'),
    lowerKrw: snapToTickKrw(Math.max(1, basePriceKrw - band), market, 'ceil'),
  };
}

import type { AlertDirection } from '@tradedesk/contracts';

const BP_PER_UNIT = 10_000;

/**
 * A percent alert's level for a previous close, in whole won, rounded towards firing later: up for
 * `above` (+3 % of 10,001 is 10,301.03 → 10,302), down for `below`; never below 1 won.
 */
export function percentThresholdKrw(prevCloseKrw: number, percentBp: number, direction: AlertDirection): number {
  const scaled = prevCloseKrw * (BP_PER_UNIT + percentBp);
  const level = direction === 'above' ? Math.ceil(scaled / BP_PER_UNIT) : Math.floor(scaled / BP_PER_UNIT);
  return Math.max(1, level);
}

/**
 * How far from the last price a fixed level may be: within a fifth and five times of it. KRX moves
 * at most ±30 % a day, so a level outside is almost surely a typo (a digit too many or too few),
 * while a level for a move over weeks still fits.
 */
export const ALERT_PRICE_RANGE_FACTOR = 5;

/** The levels accepted around `lastKrw`, both inclusive. */
export function alertPriceRangeKrw(lastKrw: number): { minKrw: number; maxKrw: number } {
  return { minKrw: Math.max(1, Math.ceil(lastKrw / ALERT_PRICE_RANGE_FACTOR)), maxKrw: lastKrw * ALERT_PRICE_RANGE_FACTOR };
}

/** Whether the price is already at or beyond the level, so arming now would not fire until it went back. */
export function isBeyond(direction: AlertDirection, priceKrw: number, thresholdKrw: number): boolean {
  return direction === 'above' ? priceKrw >= thresholdKrw : priceKrw <= thresholdKrw;
}

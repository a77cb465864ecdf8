import type { MaCrossParams, StrategySize } from '@tradedesk/contracts';
import { z } from 'zod';
import { noAction, type Decision, type DecisionInput } from './decision.js';
import { sharesFor } from './sizing.js';

/**
 * The last `longPeriod` closes, whether the short average was above the long one at the last bar
 * (null until both exist), and the last bar's minute, so a duplicate or late bar is ignored.
 */
export const maCrossStateSchema = z.object({
  closes: z.array(z.number().int().positive()),
  shortAbove: z.boolean().nullable(),
  lastBarMs: z.number().int().nullable(),
});
export type MaCrossState = z.infer<typeof maCrossStateSchema>;
export const MA_CROSS_INITIAL: MaCrossState = { closes: [], shortAbove: null, lastBarMs: null };

function sumOfLast(values: readonly number[], n: number): number {
  let sum = 0;
  for (let i = values.length - n; i < values.length; i++) sum += values[i]!;
  return sum;
}

/**
 * Simple moving averages of 1-minute closes: a golden cross (short rises above long) buys, a dead
 * cross sells what is held. Compared as integers (sumShort × long vs sumLong × short), so equal
 * averages are exactly equal and count as no cross.
 */
export function decideMaCross(params: MaCrossParams, size: StrategySize, state: MaCrossState, input: DecisionInput): Decision<MaCrossState> {
  if (state.lastBarMs !== null && input.atMs <= state.lastBarMs) return noAction(state);
  const closes = [...state.closes, input.priceKrw].slice(-params.longPeriod);
  const next: MaCrossState = { closes, shortAbove: state.shortAbove, lastBarMs: input.atMs };
  if (closes.length < params.longPeriod) return noAction(next);

  const sumShort = sumOfLast(closes, params.shortPeriod);
  const sumLong = sumOfLast(closes, params.longPeriod);
  const diff = sumShort * params.longPeriod - sumLong * params.shortPeriod;
  if (diff === 0) return noAction(next);
  const shortAbove = diff > 0;
  const crossed = state.shortAbove !== null && state.shortAbove !== shortAbove;
  next.shortAbove = shortAbove;
  if (!crossed) return noAction(next);

  const side = shortAbove ? 'buy' : 'sell';
  const qtyShares = sharesFor(size, side, input.priceKrw, input.heldShares);
  if (qtyShares === 0) return noAction(next);
  return {
    state: next,
    order: { side, qtyShares, urgent: false },
    reason: {
      code: shortAbove ? 'ma_golden_cross' : 'ma_dead_cross',
      params: {
        shortPeriod: params.shortPeriod, longPeriod: params.longPeriod, priceKrw: input.priceKrw,
        shortMaKrw: Math.round(sumShort / params.shortPeriod), longMaKrw: Math.round(sumLong / params.longPeriod),
      },
    },
  };
}

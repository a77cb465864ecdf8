import type { RsiParams, StrategySize } from '@tradedesk/contracts';
import { z } from 'zod';
import { noAction, type Decision, type DecisionInput } from './decision.js';
import { sharesFor } from './sizing.js';

/**
 * Wilder's RSI, kept incrementally: the previous close, how many changes have been seen (up to the
 * period), the smoothed average gain and loss, and the zone of the last value. Acting on entering a
 * zone (not on being in it) makes one signal per excursion.
 */
export const rsiStateSchema = z.object({
  prevClose: z.number().int().positive().nullable(),
  changes: z.number().int().nonnegative(),
  avgGain: z.number().nonnegative(),
  avgLoss: z.number().nonnegative(),
  zone: z.enum(['low', 'mid', 'high']).nullable(),
  lastBarMs: z.number().int().nullable(),
});
export type RsiState = z.infer<typeof rsiStateSchema>;
export const RSI_INITIAL: RsiState = { prevClose: null, changes: 0, avgGain: 0, avgLoss: 0, zone: null, lastBarMs: null };

/** RSI from average gain and loss: 100 when nothing was lost. */
export function rsiOf(avgGain: number, avgLoss: number): number {
  return avgLoss === 0 ? 100 : 100 - 100 / (1 + avgGain / avgLoss);
}

/**
 * RSI on 1-minute closes: entering below `buyBelow` buys, entering above `sellAbove` sells what is
 * held. The first `period` changes seed the averages (their mean); Wilder smoothing follows.
 * About 15 lines of arithmetic, so no indicator library: one would add a dependency and a
 * recompute-from-history API for what is an incremental update here.
 */
export function decideRsi(params: RsiParams, size: StrategySize, state: RsiState, input: DecisionInput): Decision<RsiState> {
  if (state.lastBarMs !== null && input.atMs <= state.lastBarMs) return noAction(state);
  const close = input.priceKrw;
  if (state.prevClose === null) return noAction({ ...state, prevClose: close, lastBarMs: input.atMs });

  const change = close - state.prevClose;
  const gain = Math.max(change, 0);
  const loss = Math.max(-change, 0);
  const n = params.period;
  const seeding = state.changes < n;
  const changes = Math.min(state.changes + 1, n);
  const avgGain = seeding ? (state.avgGain * state.changes + gain) / changes : (state.avgGain * (n - 1) + gain) / n;
  const avgLoss = seeding ? (state.avgLoss * state.changes + loss) / changes : (state.avgLoss * (n - 1) + loss) / n;
  const base = { prevClose: close, changes, avgGain, avgLoss, lastBarMs: input.atMs };
  if (changes < n) return noAction({ ...base, zone: null });

  const rsi = rsiOf(avgGain, avgLoss);
  const zone = rsi < params.buyBelow ? 'low' : rsi > params.sellAbove ? 'high' : 'mid';
  const next: RsiState = { ...base, zone };
  if (state.zone === null || zone === state.zone || zone === 'mid') return noAction(next);

  const side = zone === 'low' ? 'buy' : 'sell';
  const qtyShares = sharesFor(size, side, close, input.heldShares);
  if (qtyShares === 0) return noAction(next);
  return {
    state: next,
    order: { side, qtyShares, urgent: false },
    reason: {
      code: zone === 'low' ? 'rsi_oversold' : 'rsi_overbought',
      params: { period: n, rsiX100: Math.round(rsi * 100), thresholdPct: zone === 'low' ? params.buyBelow : params.sellAbove, priceKrw: close },
    },
  };
}

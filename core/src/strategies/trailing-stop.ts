import type { StrategySize, TrailingStopParams } from '@tradedesk/contracts';
import { z } from 'zod';
import { noAction, type Decision, type DecisionInput } from './decision.js';
import { sharesFor } from './sizing.js';

/**
 * The highest price seen since the strategy was switched on (or re-armed), and whether the stop has
 * fired. Once fired it waits until the position is gone, then re-arms from the current price: the
 * exit is placed once, never again while it is pending.
 */
export const trailingStopStateSchema = z.object({
  highKrw: z.number().int().positive().nullable(),
  fired: z.boolean(),
});
export type TrailingStopState = z.infer<typeof trailingStopStateSchema>;
export const TRAILING_STOP_INITIAL: TrailingStopState = { highKrw: null, fired: false };

/** The stop level: `trailBps` below the high, rounded down to the won. */
export function stopLevelKrw(highKrw: number, trailBps: number): number {
  return Math.floor((highKrw * (10_000 - trailBps)) / 10_000);
}

/** Sells the held position when the price falls `trailBps` below its high; a protective exit, so urgent. */
export function decideTrailingStop(params: TrailingStopParams, size: StrategySize, state: TrailingStopState, input: DecisionInput): Decision<TrailingStopState> {
  const { priceKrw, heldShares } = input;
  if (state.fired) return noAction(heldShares > 0 ? state : { highKrw: priceKrw, fired: false });
  const highKrw = Math.max(state.highKrw ?? priceKrw, priceKrw);
  const stopKrw = stopLevelKrw(highKrw, params.trailBps);
  const qtyShares = priceKrw <= stopKrw ? sharesFor(size, 'sell', priceKrw, heldShares) : 0;
  if (qtyShares === 0) return noAction(highKrw === state.highKrw ? state : { highKrw, fired: false });
  return {
    state: { highKrw, fired: true },
    order: { side: 'sell', qtyShares, urgent: true },
    reason: { code: 'trailing_stop', params: { highKrw, stopKrw, priceKrw, trailBps: params.trailBps } },
  };
}

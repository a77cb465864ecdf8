import type { PriceBandParams, StrategySize } from '@tradedesk/contracts';
import { z } from 'zod';
import { noAction, type Decision, type DecisionInput } from './decision.js';
import { sharesFor } from './sizing.js';

/**
 * Which side the band waits for next. A buy at or below the low level arms the sell at or above the
 * high level and back, so a price hovering at one level acts once, not on every tick. null: not yet
 * seen a price (the first one picks `sell` when shares are already held).
 */
export const priceBandStateSchema = z.object({ waitingFor: z.enum(['buy', 'sell']).nullable() });
export type PriceBandState = z.infer<typeof priceBandStateSchema>;
export const PRICE_BAND_INITIAL: PriceBandState = { waitingFor: null };

/** Buy at or below X, sell at or above Y, alternating; on quotes. */
export function decidePriceBand(params: PriceBandParams, size: StrategySize, state: PriceBandState, input: DecisionInput): Decision<PriceBandState> {
  const waitingFor = state.waitingFor ?? (input.heldShares > 0 ? 'sell' : 'buy');
  // The same object when nothing changed, so the runner has nothing to persist.
  const unchanged = state.waitingFor === waitingFor ? state : { waitingFor };
  const { priceKrw, heldShares } = input;
  if (waitingFor === 'buy') {
    if (priceKrw > params.buyAtOrBelowKrw) return noAction(unchanged);
    const qtyShares = sharesFor(size, 'buy', priceKrw, heldShares);
    if (qtyShares === 0) return noAction(unchanged);
    return {
      state: { waitingFor: 'sell' },
      order: { side: 'buy', qtyShares, urgent: false },
      reason: { code: 'band_buy', params: { priceKrw, levelKrw: params.buyAtOrBelowKrw } },
    };
  }
  if (priceKrw < params.sellAtOrAboveKrw) return noAction(unchanged);
  const qtyShares = sharesFor(size, 'sell', priceKrw, heldShares);
  // Nothing held to sell (the buy never filled, or the user sold): wait for the low level again.
  if (qtyShares === 0) return noAction({ waitingFor: 'buy' });
  return {
    state: { waitingFor: 'buy' },
    order: { side: 'sell', qtyShares, urgent: false },
    reason: { code: 'band_sell', params: { priceKrw, levelKrw: params.sellAtOrAboveKrw } },
  };
}

import type { OrderSide, StrategyReason } from '@tradedesk/contracts';

/**
 * What a strategy's decision sees: one price event of its symbol and what the account holds. Quotes
 * drive the price-level kinds (band, trailing stop, DCA); finished 1-minute bars drive the
 * indicator kinds (MA cross, RSI), so a half-built minute never triggers them.
 */
export interface DecisionInput {
  /** The last price (a quote) or the close (a bar), in KRW. */
  priceKrw: number;
  /** When: the quote's time, or the bar's minute start (epoch ms). */
  atMs: number;
  /** Shares of the symbol the account holds now (what a sell may take). */
  heldShares: number;
}

/** An order the strategy asks for. `urgent`: a protective exit, served before everything else. */
export interface StrategyOrder {
  side: OrderSide;
  qtyShares: number;
  urgent: boolean;
}

/**
 * One decision: the next state always (it is persisted), an order or none, and why. `reason` is
 * present whenever there is an order; quiet steps carry none.
 */
export interface Decision<S> {
  state: S;
  order: StrategyOrder | null;
  reason: StrategyReason | null;
}

export function noAction<S>(state: S): Decision<S> {
  return { state, order: null, reason: null };
}

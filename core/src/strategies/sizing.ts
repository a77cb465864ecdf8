import type { OrderSide, StrategySize } from '@tradedesk/contracts';
import { ORDER_QTY_SHARES_MAX } from '@tradedesk/contracts';

/**
 * Shares for one action: the fixed quantity, or floor(amount / price) for a KRW amount. A sell never
 * takes more than is held. 0 means nothing to trade (the amount is below one share, or nothing is held).
 */
export function sharesFor(size: StrategySize, side: OrderSide, priceKrw: number, heldShares: number): number {
  const wanted = 'qtyShares' in size ? size.qtyShares : Math.floor(size.amountKrw / priceKrw);
  const capped = Math.min(wanted, ORDER_QTY_SHARES_MAX);
  return side === 'sell' ? Math.max(0, Math.min(capped, heldShares)) : Math.max(0, capped);
}

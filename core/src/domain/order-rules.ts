import { isOnTickGrid, nearestTicksKrw, ORDER_QTY_SHARES_MAX, tickSizeKrw, type Market, type OrderIntent, type Quote, type TierLimits } from '@tradedesk/contracts';
import { AppError } from '../errors.js';

/**
 * KRX rules for one order against today's quote (../../shared/KRX.md §9): quantity, tick grid, daily
 * limits, and the tier's maximum order value. A market order is valued at the upper limit, as brokers
 * reserve buying power that way.
 */
export function checkOrderAgainstMarket(intent: OrderIntent, market: Market, quote: Quote, limits: TierLimits): void {
  if (!Number.isSafeInteger(intent.qtyShares) || intent.qtyShares <= 0) throw new AppError('QTY_INVALID');
  if (intent.qtyShares > ORDER_QTY_SHARES_MAX) throw new AppError('QTY_TOO_LARGE', { max: ORDER_QTY_SHARES_MAX });
  const priceKrw = intent.priceKrw;
  if (priceKrw !== undefined) {
    if (!isOnTickGrid(priceKrw, market)) {
      const { belowKrw, aboveKrw } = nearestTicksKrw(priceKrw, market);
      throw new AppError('PRICE_OFF_TICK', { tickKrw: tickSizeKrw(priceKrw, market), belowKrw, aboveKrw });
    }
    if (priceKrw > quote.upperLimitKrw || priceKrw < quote.lowerLimitKrw) {
      throw new AppError('PRICE_OUT_OF_LIMIT', { lowerKrw: quote.lowerLimitKrw, upperKrw: quote.upperLimitKrw });
    }
  }
  const valueKrw = (priceKrw ?? quote.upperLimitKrw) * intent.qtyShares;
  if (valueKrw > limits.orderValueMaxKrw) {
    throw new AppError('ORDER_VALUE_TOO_LARGE', { maxKrw: limits.orderValueMaxKrw, valueKrw });
  }
}

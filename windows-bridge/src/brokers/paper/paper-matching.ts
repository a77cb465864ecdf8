import type { BridgeRequestInput, BrokerFill, BrokerOrderStatus, Market, OrderEvent } from '@tradedesk/contracts';
import { PAPER_FILLS_PER_ORDER_MAX } from './paper-constants.js';
import { applyFillToAccount, feeKrw, sellTaxKrw, type PaperAccount } from './paper-ledger.js';
import type { PaperOrder } from './paper-state-store.js';

/** What matching needs from the broker: its rates, an id source and where events go. */
export interface PaperFillContext {
  liquiditySharesPerTick: number;
  commissionCentiBps: number;
  nextFillId(): string;
  emit(event: OrderEvent): void;
  emitFill(fill: BrokerFill): void;
}

const FINAL_STATUSES: ReadonlySet<BrokerOrderStatus> = new Set(['filled', 'cancelled', 'rejected', 'expired']);

/** Whether an order can no longer change. */
export function isFinalStatus(status: BrokerOrderStatus): boolean {
  return FINAL_STATUSES.has(status);
}

/** Whether a repeated place_order asks for exactly the order already known under its clientOrderId. */
export function isPlacementSame(order: PaperOrder, input: BridgeRequestInput<'place_order'>): boolean {
  return order.accountRef === input.accountRef
    && order.symbol === input.symbol
    && order.side === input.side
    && order.orderType === input.orderType
    && order.qtyShares === input.qtyShares
    && (order.orderType === 'market' ? input.priceKrw === undefined : order.limitPriceKrw === input.priceKrw);
}

/** Whether the last price lets the order trade: always for market orders, on or through the limit otherwise. */
export function crosses(order: PaperOrder, lastKrw: number): boolean {
  if (order.limitPriceKrw === null) return order.side === 'sell' || lastKrw <= order.reservePriceKrw;
  return order.side === 'buy' ? lastKrw <= order.limitPriceKrw : lastKrw >= order.limitPriceKrw;
}

/**
 * Fills one slice of an open order at the last price if it crosses (for a limit order that price
 * is the limit or better). A slice is the per-tick liquidity, or more for orders so large that
 * they would otherwise need more fills than the contract allows per order.
 * Returns whether anything filled; emits the fill, then the order's new status.
 */
export function fillOnce(
  ctx: PaperFillContext,
  input: { order: PaperOrder; account: PaperAccount; lastKrw: number; market: Market; nowMs: number },
): boolean {
  const { order, account, lastKrw } = input;
  if (!crosses(order, lastKrw)) return false;
  const remainingShares = order.qtyShares - order.filledQtyShares;
  const sliceShares = Math.max(ctx.liquiditySharesPerTick, Math.ceil(order.qtyShares / PAPER_FILLS_PER_ORDER_MAX));
  const qtyShares = Math.min(remainingShares, sliceShares);
  if (qtyShares <= 0) return false;
  const amountKrw = qtyShares * lastKrw;
  const fill: BrokerFill = {
    brokerFillId: ctx.nextFillId(),
    clientOrderId: order.clientOrderId,
    brokerOrderId: order.brokerOrderId,
    accountRef: order.accountRef,
    symbol: order.symbol,
    side: order.side,
    qtyShares,
    priceKrw: lastKrw,
    commissionKrw: feeKrw(amountKrw, ctx.commissionCentiBps),
    taxKrw: order.side === 'sell' ? sellTaxKrw(amountKrw, input.market) : 0,
    filledAt: input.nowMs,
  };
  applyFillToAccount(account, fill);
  order.fills.push(fill);
  order.filledQtyShares += qtyShares;
  order.status = order.filledQtyShares === order.qtyShares ? 'filled' : 'partially_filled';
  ctx.emitFill(fill);
  ctx.emit({
    clientOrderId: order.clientOrderId,
    brokerOrderId: order.brokerOrderId,
    accountRef: order.accountRef,
    status: order.status,
  });
  return true;
}

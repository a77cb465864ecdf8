import { accountKindOf, type FillView, type OrderView } from '@tradedesk/contracts';
import type { SymbolMaster } from '../market/symbol-master.js';
import type { OrderWithAccount } from '../store/rows.js';

/** The short id people type to name an order: the first 8 hex digits of its uuid. */
export function shortOrderId(id: string): string {
  return id.slice(0, 8);
}

export function toOrderView(row: OrderWithAccount, symbols: SymbolMaster): OrderView {
  return {
    id: row.id,
    shortId: shortOrderId(row.id),
    symbol: row.symbol,
    symbolName: symbols.byCodeOrNull(row.symbol)?.nameKo ?? row.symbol,
    side: row.side,
    orderType: row.order_type,
    qtyShares: row.qty_shares,
    priceKrw: row.price_krw,
    state: row.state,
    filledQtyShares: row.filled_qty_shares,
    avgFillPriceKrw: row.avg_fill_price_krw,
    rejectReason: row.reject_reason,
    accountKind: accountKindOf(row.broker, row.environment),
    createdAt: row.created_at.getTime(),
    source: row.source,
    strategyShortId: row.strategy_id === null ? null : shortOrderId(row.strategy_id),
  };
}

export function toFillView(
  order: OrderWithAccount,
  fill: { qtyShares: number; priceKrw: number; commissionKrw: number; taxKrw: number; filledAt: number },
  symbols: SymbolMaster,
): FillView {
  const view = toOrderView(order, symbols);
  return {
    orderId: view.id,
    shortId: view.shortId,
    symbol: view.symbol,
    symbolName: view.symbolName,
    side: view.side,
    qtyShares: fill.qtyShares,
    priceKrw: fill.priceKrw,
    commissionKrw: fill.commissionKrw,
    taxKrw: fill.taxKrw,
    orderFilledQtyShares: view.filledQtyShares,
    orderQtyShares: view.qtyShares,
    orderState: view.state,
    accountKind: view.accountKind,
    filledAt: fill.filledAt,
  };
}

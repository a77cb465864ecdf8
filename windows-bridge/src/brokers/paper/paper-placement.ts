import { isOnTickGrid, type BridgeRequestInput, type BrokerOrder, type Quote } from '@tradedesk/contracts';
import { BROKER_REASONS, rejected, type BrokerReason } from '../broker-gateway.js';
import { buyCostKrw, reservedCashKrw, reservedSharesForSell, type PaperAccount } from './paper-ledger.js';
import { isFinalStatus } from './paper-matching.js';
import { kstDayNo } from './paper-market.js';
import type { PaperOrder } from './paper-state-store.js';
import { findPaperSymbol } from './paper-symbols.js';

type PlaceInput = BridgeRequestInput<'place_order'>;

/** What checking a placement needs besides the order itself. */
export interface PlacementContext {
  account: PaperAccount;
  quote: Quote | undefined;
  openOrders: Iterable<PaperOrder>;
  commissionCentiBps: number;
}

/** The reason to reject a placement, or undefined if the order may rest. */
export function placementRejectReason(input: PlaceInput, ctx: PlacementContext): BrokerReason | undefined {
  const symbol = findPaperSymbol(input.symbol);
  const { account, quote } = ctx;
  if (!symbol || !quote) return BROKER_REASONS.UNKNOWN_SYMBOL;
  if (input.orderType === 'limit') {
    const priceKrw = input.priceKrw;
    if (priceKrw === undefined || !Number.isSafeInteger(priceKrw) || priceKrw <= 0) return BROKER_REASONS.PRICE_INVALID;
    if (!isOnTickGrid(priceKrw, symbol.market)) return BROKER_REASONS.PRICE_OFF_TICK;
    if (priceKrw > quote.upperLimitKrw || priceKrw < quote.lowerLimitKrw) return BROKER_REASONS.PRICE_OUT_OF_LIMIT;
  } else if (input.priceKrw !== undefined) {
    return BROKER_REASONS.PRICE_INVALID;
  }
  if (input.side === 'buy') {
    // Market buys reserve at the upper limit, as KRX brokers do, so any fill price is covered.
    const reservePriceKrw = input.priceKrw ?? quote.upperLimitKrw;
    const needKrw = buyCostKrw(reservePriceKrw, input.qtyShares, ctx.commissionCentiBps);
    const freeKrw = account.cashKrw - reservedCashKrw(ctx.openOrders, account.accountRef, ctx.commissionCentiBps);
    return needKrw > freeKrw ? BROKER_REASONS.INSUFFICIENT_CASH : undefined;
  }
  const heldShares = account.positions.get(input.symbol)?.qtyShares ?? 0;
  const reservedShares = reservedSharesForSell(ctx.openOrders, account.accountRef, input.symbol);
  return input.qtyShares > heldShares - reservedShares ? BROKER_REASONS.INSUFFICIENT_POSITION : undefined;
}

/** A new order for `input`: accepted, or rejected with `reason`. */
export function newPaperOrder(
  input: PlaceInput,
  ctx: { brokerOrderId: string; reason: BrokerReason | undefined; upperLimitKrw: number; nowMs: number },
): PaperOrder {
  return {
    clientOrderId: input.clientOrderId,
    brokerOrderId: ctx.brokerOrderId,
    accountRef: input.accountRef,
    symbol: input.symbol,
    side: input.side,
    orderType: input.orderType,
    qtyShares: input.qtyShares,
    limitPriceKrw: input.orderType === 'limit' ? (input.priceKrw ?? null) : null,
    reservePriceKrw: input.side === 'buy' ? (input.priceKrw ?? ctx.upperLimitKrw) : 0,
    status: ctx.reason === undefined ? 'accepted' : 'rejected',
    filledQtyShares: 0,
    rejectReason: ctx.reason ?? null,
    fills: [],
    createdAtMs: ctx.nowMs,
  };
}

/** The orders of `account` (undefined = unknown account) by clientOrderId, unknown ids in `notFound`. */
export function queryPaperOrders(account: PaperAccount | undefined, clientOrderIds: readonly string[]): { orders: BrokerOrder[]; notFound: string[] } {
  const orders: BrokerOrder[] = [];
  const notFound: string[] = [];
  for (const id of clientOrderIds) {
    const order = account?.orders.get(id);
    if (order && order.attributed !== false) orders.push(toBrokerOrder(order));
    else notFound.push(id);
  }
  return { orders, notFound };
}

/**
 * The orders of `account` (undefined = unknown account: none) created on the KST day of `nowMs`,
 * oldest first (the account keeps them in placement order), whoever placed them.
 */
export function listPaperOrders(account: PaperAccount | undefined, nowMs: number): { orders: BrokerOrder[] } {
  const today = kstDayNo(nowMs);
  const orders: BrokerOrder[] = [];
  for (const order of account?.orders.values() ?? []) if (kstDayNo(order.createdAtMs) === today) orders.push(toBrokerOrder(order));
  return { orders };
}

/** Keeps an account under `ordersMax` by forgetting its oldest final orders; REJECTED TOO_MANY_ORDERS if it cannot. */
export function makeRoomForOrder(account: PaperAccount, ordersMax: number): void {
  if (account.orders.size < ordersMax) return;
  for (const [id, order] of account.orders) {
    if (account.orders.size < ordersMax) break;
    if (isFinalStatus(order.status)) account.orders.delete(id);
  }
  if (account.orders.size >= ordersMax) throw rejected(BROKER_REASONS.TOO_MANY_ORDERS);
}

/**
 * Without client order ids: the order's place in the account moves from `clientOrderId` to a key of
 * its own (`~` + broker order id), leaving the id free for a new order, as the broker never knew it.
 */
export function detachFromClientOrderId(account: PaperAccount, order: PaperOrder): void {
  rekeyOrder(account, order, `~${order.brokerOrderId}`);
}

/** Files `order` under `clientOrderId` (fills too), keeping the account's orders oldest first. */
export function rekeyOrder(account: PaperAccount, order: PaperOrder, clientOrderId: string): void {
  const entries = [...account.orders].map(([key, o]): [string, PaperOrder] => (o === order ? [clientOrderId, o] : [key, o]));
  order.clientOrderId = clientOrderId;
  for (const fill of order.fills) fill.clientOrderId = clientOrderId;
  account.orders.clear();
  for (const [key, o] of entries) account.orders.set(key, o);
}

/** A paper order as the contract's `BrokerOrder` (fills copied); no client order id if not attributed. */
export function toBrokerOrder(order: PaperOrder): BrokerOrder {
  const clientOrderId = order.attributed === false ? null : order.clientOrderId;
  return {
    clientOrderId,
    brokerOrderId: order.brokerOrderId,
    accountRef: order.accountRef,
    status: order.status,
    qtyShares: order.qtyShares,
    filledQtyShares: order.filledQtyShares,
    ...(order.rejectReason === null ? {} : { rejectReason: order.rejectReason }),
    fills: order.fills.map((f) => ({ ...f, clientOrderId })),
    placedAt: order.createdAtMs,
    symbol: order.symbol,
    side: order.side,
    orderType: order.orderType,
    priceKrw: order.limitPriceKrw,
  };
}

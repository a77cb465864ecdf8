import type { BrokerOrder } from '@tradedesk/contracts';

/** What core knows of an order whose placement answer never came. Whole shares and KRW. */
export interface UnresolvedOrder {
  symbol: string;
  side: 'buy' | 'sell';
  orderType: 'market' | 'limit';
  qtyShares: number;
  priceKrw: number | null;
  /** When core sent it (claimed it for sending). */
  sentAtMs: number;
}

export interface MatchWindow {
  /** How far the broker's clock may be behind ours. */
  clockSkewMs: number;
  /** How long after sending the broker may still have taken it (the submit's in-flight window). */
  inFlightMs: number;
}

/** One broker order is ours; none is (it never arrived); or several could be, and only a person can tell. */
export type MatchResult =
  | { kind: 'matched'; brokerOrder: BrokerOrder }
  | { kind: 'none' }
  | { kind: 'ambiguous'; candidates: readonly BrokerOrder[] };

/**
 * IDEM-11: a broker without client order ids (KIS, Kiwoom) lists an order whose answer we lost
 * without our id. It is ours if it is the same order (symbol, side, type, quantity, price) and the
 * broker took it while our submit was in flight: an identical order placed before we sent ours
 * (in the broker's own app, say) is not. Two such orders cannot be told apart: the caller leaves the
 * order unknown and asks a person, and never sends it again.
 */
export function matchUnattributedOrder(order: UnresolvedOrder, brokerOrders: readonly BrokerOrder[], window: MatchWindow): MatchResult {
  const fromMs = order.sentAtMs - window.clockSkewMs;
  const toMs = order.sentAtMs + window.inFlightMs + window.clockSkewMs;
  const candidates = brokerOrders.filter((b) =>
    b.clientOrderId === null
    && b.placedAt !== undefined && b.placedAt >= fromMs && b.placedAt <= toMs
    && b.symbol === order.symbol && b.side === order.side && b.orderType === order.orderType
    && b.qtyShares === order.qtyShares && (b.priceKrw ?? null) === order.priceKrw);
  if (candidates.length === 1) return { kind: 'matched', brokerOrder: candidates[0]! };
  return candidates.length === 0 ? { kind: 'none' } : { kind: 'ambiguous', candidates };
}

import type { BrokerFill, NotificationPayload, OrderEvent, OrderState } from '@tradedesk/contracts';
import type { SqlTx } from '../db/sql-client.js';
import type { CoreDeps } from '../deps.js';
import { canTransition } from '../domain/order-state.js';
import { insertNotifications } from '../store/notifications-store.js';
import { findOrderByClientId, releaseDailyTrade, transitionOrder } from '../store/orders-store.js';
import { applyFillToPosition } from '../store/positions-store.js';
import type { OrderWithAccount } from '../store/rows.js';
import { toFillView, toOrderView } from './order-views.js';

export type ExecutionDeps = Pick<CoreDeps, 'symbols' | 'log' | 'ids'>;

/**
 * Applies one fill inside the caller's transaction. The unique (account, broker fill id) makes a
 * second delivery of the same fill (replay, reconciliation) a no-op. Returns whether it was new.
 */
export async function applyFill(tx: SqlTx, deps: ExecutionDeps, fill: BrokerFill, nowMs: number): Promise<boolean> {
  const order = await findOrderByClientId(tx, fill.clientOrderId);
  if (!order) {
    // @TODO issue #3 (RECON-7): adopt orders placed outside core and flag them.
    deps.log.order.warn({ clientOrderId: fill.clientOrderId }, 'fill for an order core does not know; not applied');
    return false;
  }
  const inserted = await tx.query<{ id: string }>(
    `insert into fills (id, order_id, user_id, account_id, broker_fill_id, symbol, side, qty_shares, price_krw, commission_krw, tax_krw, filled_at)
     values ($12, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     on conflict (account_id, broker_fill_id) do nothing returning id`,
    [order.id, order.user_id, order.account_id, fill.brokerFillId, fill.symbol, fill.side, fill.qtyShares,
      fill.priceKrw, fill.commissionKrw, fill.taxKrw, new Date(fill.filledAt), deps.ids.uuid()],
  );
  const fillId = inserted[0]?.id;
  if (!fillId) return false;

  const filledQty = Math.min(order.qty_shares, order.filled_qty_shares + fill.qtyShares);
  const avgPrice = Math.round(((order.avg_fill_price_krw ?? 0) * order.filled_qty_shares + fill.priceKrw * fill.qtyShares)
    / (order.filled_qty_shares + fill.qtyShares));
  const target: OrderState = filledQty >= order.qty_shares ? 'filled' : 'partially_filled';
  // A late fill of a cancelled or lost order still counts; only the quantities move then.
  const state = canTransition(order.state, target) || order.state === target ? target : order.state;
  await tx.query(
    `update orders set filled_qty_shares = $2, avg_fill_price_krw = $3, state = $4, updated_at = $5,
       broker_order_id = coalesce(broker_order_id, $6) where id = $1`,
    [order.id, filledQty, avgPrice, state, new Date(nowMs), fill.brokerOrderId],
  );
  await applyFillToPosition(tx, {
    accountId: order.account_id, userId: order.user_id, symbol: fill.symbol, side: fill.side,
    qtyShares: fill.qtyShares, priceKrw: fill.priceKrw, costsKrw: fill.commissionKrw + fill.taxKrw, nowMs,
  });
  const updated: OrderWithAccount = { ...order, filled_qty_shares: filledQty, avg_fill_price_krw: avgPrice, state };
  const payload: NotificationPayload = { kind: 'order_filled', fill: toFillView(updated, fill, deps.symbols) };
  await insertNotifications(tx, order.user_id, `fill:${fillId}`, payload, nowMs);
  return true;
}

/** What a broker status means for our order, and what the user is told. Fills drive filled quantities. */
const STATUS_EFFECT: Partial<Record<OrderEvent['status'], { state: OrderState; notify: NotificationPayload['kind'] | null }>> = {
  accepted: { state: 'accepted', notify: null },
  rejected: { state: 'rejected', notify: 'order_rejected' },
  cancelled: { state: 'cancelled', notify: 'order_cancelled' },
  expired: { state: 'expired', notify: 'order_update' },
};

/** Applies one order status event inside the caller's transaction; out-of-order and repeated events change nothing. */
export async function applyOrderEvent(tx: SqlTx, deps: ExecutionDeps, event: OrderEvent, nowMs: number): Promise<void> {
  const effect = STATUS_EFFECT[event.status];
  if (!effect) return; // partially_filled / filled: the fills themselves move the order
  const order = await findOrderByClientId(tx, event.clientOrderId);
  if (!order) {
    deps.log.order.warn({ clientOrderId: event.clientOrderId, status: event.status }, 'event for an order core does not know');
    return;
  }
  if (!canTransition(order.state, effect.state)) return;
  const moved = await transitionOrder(tx, order.id, [order.state], effect.state, nowMs, {
    brokerOrderId: event.brokerOrderId, rejectReason: event.reason ?? null,
  });
  if (!moved) return;
  if (effect.state === 'rejected') await releaseDailyTrade(tx, order.user_id, order.trading_day);
  if (effect.notify) {
    const view = toOrderView({ ...order, state: effect.state, reject_reason: event.reason ?? order.reject_reason }, deps.symbols);
    const payload = { kind: effect.notify, order: view } as NotificationPayload;
    await insertNotifications(tx, order.user_id, `order:${order.id}:${effect.state}`, payload, nowMs);
  }
}

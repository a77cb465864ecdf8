import type { CoreDeps } from '../deps.js';
import { tradingDayOf } from '../domain/trading-day.js';
import { insertNotifications } from '../store/notifications-store.js';
import { findOrderById, releaseDailyTrade, transitionOrder } from '../store/orders-store.js';
import { toOrderView } from './order-views.js';

/**
 * Queued orders that waited too long are not sent (PROTO-4): after a long broker outage the person
 * who placed them may no longer want them at today's price. Orders older than ORDER_STALE_AFTER_MS,
 * or from an earlier KST trading day, become `expired`; the trade is given back and the user told.
 */
export async function expireStaleQueuedOrders(deps: CoreDeps): Promise<number> {
  const nowMs = deps.clock.now();
  const rows = await deps.db.query<{ id: string }>(
    `select id from orders where state = 'queued' and (created_at < $1 or trading_day <> $2::date) limit 100`,
    [new Date(nowMs - deps.config.ORDER_STALE_AFTER_MS), tradingDayOf(nowMs)],
  );
  let expired = 0;
  for (const { id } of rows) {
    const moved = await deps.db.transaction(async (tx) => {
      const order = await findOrderById(tx, id);
      if (!order || !(await transitionOrder(tx, id, ['queued'], 'expired', nowMs))) return false;
      await releaseDailyTrade(tx, order.user_id, order.trading_day);
      const view = toOrderView({ ...order, state: 'expired' }, deps.symbols);
      await insertNotifications(tx, order.user_id, `order:${id}:expired`, { kind: 'order_update', order: view }, nowMs);
      return true;
    });
    if (moved) expired += 1;
  }
  if (expired > 0) {
    deps.signals.emit('notifications-created');
    deps.log.order.warn({ expired }, 'stale queued orders expired instead of being sent');
  }
  return expired;
}

import type { CoreDeps } from '../deps.js';
import { tradingDayOf } from '../domain/trading-day.js';
import { findOrderById, listStaleQueuedOrderIds, releaseDailyTrade } from '../store/orders-store.js';
import { moveOrderAndTell } from './order-updates.js';

/**
 * Queued orders that waited too long are not sent (PROTO-4): after a long broker outage the person
 * who placed them may no longer want them at today's price. Orders older than ORDER_STALE_AFTER_MS,
 * or from an earlier KST trading day, become `expired`; the trade is given back and the user told.
 */
export async function expireStaleQueuedOrders(deps: CoreDeps): Promise<number> {
  const nowMs = deps.clock.now();
  const ids = await listStaleQueuedOrderIds(deps.db, nowMs - deps.config.ORDER_STALE_AFTER_MS, tradingDayOf(nowMs));
  let expired = 0;
  for (const id of ids) {
    const moved = await deps.db.transaction(async (tx) => {
      const order = await findOrderById(tx, id);
      const gone = order && await moveOrderAndTell(tx, deps, order, ['queued'], 'expired', nowMs);
      if (gone) await releaseDailyTrade(tx, gone.user_id, gone.trading_day);
      return Boolean(gone);
    });
    if (moved) expired += 1;
  }
  if (expired > 0) {
    deps.signals.emit('notifications-created');
    deps.log.order.warn({ expired }, 'stale queued orders expired instead of being sent');
  }
  return expired;
}

import type { OrderState } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';
import { insertNotifications } from '../store/notifications-store.js';
import { releaseDailyTrade, requeueOrCancelIfRequested } from '../store/orders-store.js';
import type { OrderWithAccount } from '../store/rows.js';
import { toOrderView } from './order-views.js';

/**
 * An order the broker never got goes back to the queue, to be sent again under the same client order
 * id, unless its cancel was asked for while it was in flight (RECON-9): then it is cancelled here,
 * its trade given back and its user told. One statement, so a cancel recorded concurrently is seen.
 */
export async function requeueUnlessCancelRequested(
  deps: CoreDeps, order: OrderWithAccount, from: readonly OrderState[], nowMs: number,
): Promise<'queued' | 'cancelled' | null> {
  const to = await deps.db.transaction(async (tx) => {
    const state = await requeueOrCancelIfRequested(tx, order.id, from, nowMs);
    if (state === 'cancelled') {
      await releaseDailyTrade(tx, order.user_id, order.trading_day);
      const view = toOrderView({ ...order, state }, deps.symbols);
      await insertNotifications(tx, order.user_id, `order:${order.id}:cancelled`, { kind: 'order_cancelled', order: view }, nowMs);
    }
    return state;
  });
  if (to === 'queued') deps.signals.emit('orders-queued');
  if (to === 'cancelled') deps.signals.emit('notifications-created');
  return to;
}

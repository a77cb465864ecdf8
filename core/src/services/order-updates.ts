import type { OrderState } from '@tradedesk/contracts';
import type { SqlTx } from '../db/sql-client.js';
import type { CoreDeps } from '../deps.js';
import { insertNotifications } from '../store/notifications-store.js';
import { transitionOrder } from '../store/orders-store.js';
import type { OrderWithAccount } from '../store/rows.js';
import { toOrderView } from './order-views.js';

/**
 * Moves an order from one of `from` to `to` in the caller's transaction and, if it moved, tells its
 * user (`order_update`, once per state: the outbox key is `order:<id>:<state>`). Returns the order as
 * it now is, or null when another writer moved it first.
 */
export async function moveOrderAndTell(
  tx: SqlTx, deps: Pick<CoreDeps, 'symbols'>, order: OrderWithAccount, from: readonly OrderState[], to: OrderState, nowMs: number,
): Promise<OrderWithAccount | null> {
  if (!(await transitionOrder(tx, order.id, from, to, nowMs))) return null;
  const moved: OrderWithAccount = { ...order, state: to };
  await insertNotifications(tx, order.user_id, `order:${order.id}:${to}`, { kind: 'order_update', order: toOrderView(moved, deps.symbols) }, nowMs);
  return moved;
}

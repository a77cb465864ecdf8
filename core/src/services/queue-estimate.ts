import type { CoreDeps } from '../deps.js';
import { queuePositionOf } from '../store/orders-store.js';
import type { OrderRow } from '../store/rows.js';

/**
 * Where a queued order stands: how many queued orders are served before it, and roughly how long
 * until it is sent at the bridge's order rate (session switches and halts not counted).
 */
export async function queueEstimateOf(
  deps: Pick<CoreDeps, 'db' | 'broker' | 'config'>,
  order: Pick<OrderRow, 'id' | 'priority' | 'created_at'>,
): Promise<{ ahead: number; estimatedWaitMs: number }> {
  const ahead = await queuePositionOf(deps.db, { id: order.id, priority: order.priority, createdAtMs: order.created_at.getTime() });
  const perSecond = deps.broker.capabilities?.ordersPerSecondMax ?? deps.config.BRIDGE_ORDERS_PER_SECOND_MAX;
  return { ahead, estimatedWaitMs: Math.ceil(((ahead + 1) * 1000) / perSecond) };
}

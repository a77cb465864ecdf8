import { accountKindOf, type CoreCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps, UserCommandContext } from '../deps.js';
import { toOrderView } from '../services/order-views.js';
import { queueEstimateOf } from '../services/queue-estimate.js';
import { tradesToday } from '../services/trades-today.js';
import { listUserQueuedOrders } from '../store/orders-store.js';
import { defaultAccountOf } from '../store/users-store.js';

/**
 * The user's orders not yet sent, each with its place in the whole queue (1 = next) and a wait
 * estimate; today's trades; and whether the broker has their account logged in now.
 */
export async function queue(deps: CoreDeps, ctx: UserCommandContext): Promise<CoreCommandOutput<'queue'>> {
  const orders = await listUserQueuedOrders(deps.db, ctx.user.id);
  const queued = await Promise.all(orders.map(async (order) => {
    const estimate = await queueEstimateOf(deps, order);
    return { order: toOrderView(order, deps.symbols), position: estimate.ahead + 1, estimatedWaitMs: estimate.estimatedWaitMs };
  }));
  const trades = await tradesToday(deps, ctx.user);
  const account = await defaultAccountOf(deps.db, ctx.user.id);
  return {
    accountKind: account ? accountKindOf(account.broker, account.environment) : null,
    queued,
    tradesUsedToday: trades.used,
    tradesLeftToday: trades.left,
    inSession: account ? deps.sessions?.inSession(account.id) ?? null : null,
  };
}

import type { CoreCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps, UserCommandContext } from '../deps.js';
import { listUserOrders } from '../store/orders-store.js';
import { toOrderView } from '../services/order-views.js';

/** The user's 20 most recent orders, newest first. */
export async function listOrders(deps: CoreDeps, ctx: UserCommandContext): Promise<CoreCommandOutput<'orders'>> {
  const rows = await listUserOrders(deps.db, ctx.user.id, 20);
  return { orders: rows.map((row) => toOrderView(row, deps.symbols)) };
}

import type { CoreCommandInput, CoreCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps, UserCommandContext } from '../deps.js';
import { CANCELLABLE_STATES } from '../domain/order-state.js';
import { AppError } from '../errors.js';
import { findOrderById, findUserOrdersByIdPrefix, markCancelRequested, releaseDailyTrade, transitionOrder } from '../store/orders-store.js';
import { toOrderView } from '../services/order-views.js';

/**
 * Cancels one of the user's orders by id or short id. A queued order never reached the broker and
 * is cancelled here. For an order at the broker the request is recorded durably and carried out by
 * the dispatcher as urgent work, as soon as the account holds a broker session (at once with
 * unlimited sessions); the broker's event then moves the order and the user is told. An order whose
 * submission is in flight is never reported cancelled before the broker says so (RECON-9).
 */
export async function cancelOrder(deps: CoreDeps, ctx: UserCommandContext, input: CoreCommandInput<'cancel_order'>): Promise<CoreCommandOutput<'cancel_order'>> {
  const matches = await findUserOrdersByIdPrefix(deps.db, ctx.user.id, input.orderId);
  if (matches.length === 0) throw new AppError('ORDER_NOT_FOUND', { orderId: input.orderId });
  if (matches.length > 1) throw new AppError('ORDER_ID_AMBIGUOUS', { orderId: input.orderId });
  const order = matches[0]!;
  if (!CANCELLABLE_STATES.includes(order.state)) throw new AppError('ORDER_NOT_CANCELLABLE', { state: order.state });
  const nowMs = deps.clock.now();

  if (order.state === 'queued') {
    const cancelled = await deps.db.transaction(async (tx) => {
      const moved = await transitionOrder(tx, order.id, ['queued'], 'cancelled', nowMs);
      if (moved) await releaseDailyTrade(tx, order.user_id, order.trading_day);
      return moved;
    });
    // Lost the race to the dispatcher: it is on its way to the broker, so cancel it there.
    if (cancelled) return { order: toOrderView((await findOrderById(deps.db, order.id))!, deps.symbols), cancelRequested: true };
  }

  await markCancelRequested(deps.db, order.id, nowMs);
  deps.signals.emit('orders-queued');
  return { order: toOrderView((await findOrderById(deps.db, order.id))!, deps.symbols), cancelRequested: true };
}

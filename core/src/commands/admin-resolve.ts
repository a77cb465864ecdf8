import type { AdminCommandInput, AdminCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';
import { AppError } from '../errors.js';
import { findAmbiguousOrders, recordResolution, RESOLVED_NOT_PLACED } from '../store/orders-store.js';
import { userNameOf } from '../store/users-store.js';

/**
 * IDEM-11: an operator, having looked at the broker, says which broker order an order left ambiguous
 * is, or that the broker never got it. Only the answer is recorded here; core carries it out at its
 * next look at the broker (claims that order, or sends the order again), as it does every decision.
 */
export async function adminResolve(
  deps: Pick<CoreDeps, 'db'> & Partial<Pick<CoreDeps, 'signals'>>,
  input: AdminCommandInput<'resolve'>,
): Promise<AdminCommandOutput<'resolve'>> {
  const matches = await findAmbiguousOrders(deps.db, input.order);
  if (matches.length === 0) throw new AppError('ORDER_NOT_FOUND', { orderId: input.order });
  if (matches.length > 1) throw new AppError('ORDER_ID_AMBIGUOUS', { orderId: input.order });
  const order = matches[0]!;
  if (!(await recordResolution(deps.db, order.id, input.brokerOrderId ?? RESOLVED_NOT_PLACED))) {
    throw new AppError('ORDER_NOT_FOUND', { orderId: input.order });
  }
  deps.signals?.emit('orders-queued');
  return { orderId: order.id, userName: await userNameOf(deps.db, order.user_id), brokerOrderId: input.brokerOrderId };
}

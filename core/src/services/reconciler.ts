import { BridgeRequestError } from '../bridge/bridge-errors.js';
import type { CoreDeps } from '../deps.js';
import { IN_FLIGHT_STATES } from '../domain/order-state.js';
import { NOT_FOUND_LIMIT, submitInFlightWindowMs } from '../domain/reconciliation-policy.js';
import { bumpNotFound, listOrdersInStates } from '../store/orders-store.js';
import type { OrderWithAccount } from '../store/rows.js';
import { applyBrokerView } from './apply-broker-view.js';
import { alertOperators } from './operator-alerts.js';
import { moveOrderAndTell } from './order-updates.js';
import { requeueUnlessCancelRequested } from './requeue-order.js';
import { resolveUnattributedOrders } from './resolve-unattributed-orders.js';

/**
 * Asks the broker about every order that was sent but is not final, and applies what it says: missed
 * fills (once), final states, and orders that never arrived (sent back to the queue under the same
 * client order id, which the broker deduplicates). On a broker without client order ids an order
 * whose answer was lost is looked for by what it is (`resolve-unattributed-orders.ts`). Runs after
 * every (re)connect before new orders are sent, when an account comes back into session, and
 * periodically while connected. Accounts out of session (single-session brokers) are skipped: they
 * are reconciled when they are next logged in.
 */
export async function reconcileInFlightOrders(deps: CoreDeps, onlyAccounts?: ReadonlySet<string>): Promise<{ checked: number }> {
  const stuckBeforeMs = deps.clock.now() - submitInFlightWindowMs(deps);
  const orders = (await listOrdersInStates(deps.db, IN_FLIGHT_STATES))
    .filter((o) => !onlyAccounts || onlyAccounts.has(o.account_id))
    // A recent `sending` order has a submit waiting for its answer (here or in another core):
    // "not found" would only mean "not arrived yet", and sending it again could place it twice.
    .filter((o) => o.state !== 'sending' || o.updated_at.getTime() < stuckBeforeMs);
  // Without client order ids a lost answer leaves the order unnamed at the broker (IDEM-11).
  const clientOrderIds = deps.broker.capabilities?.clientOrderIds ?? true;
  const byAccount = new Map<string, OrderWithAccount[]>();
  for (const order of orders) byAccount.set(order.account_id, [...(byAccount.get(order.account_id) ?? []), order]);
  for (const [accountRef, accountOrders] of byAccount) {
    let answer;
    try {
      answer = await deps.broker.request('query_orders', { accountRef, clientOrderIds: accountOrders.map((o) => o.client_order_id) });
    } catch (error) {
      if (error instanceof BridgeRequestError && error.error.reason === 'NOT_IN_SESSION') continue;
      throw error;
    }
    const found = new Map(answer.orders.map((o) => [o.clientOrderId, o]));
    const unattributed: OrderWithAccount[] = [];
    for (const order of accountOrders) {
      const brokerOrder = found.get(order.client_order_id);
      if (brokerOrder) await applyBrokerView(deps, order, brokerOrder);
      else if (!clientOrderIds && (order.state === 'sending' || order.state === 'unknown')) unattributed.push(order);
      else await onNotFound(deps, order);
    }
    if (unattributed.length > 0) await resolveUnattributedOrders(deps, accountRef, unattributed);
  }
  deps.signals.emit('notifications-created');
  return { checked: orders.length };
}

async function onNotFound(deps: CoreDeps, order: OrderWithAccount): Promise<void> {
  const nowMs = deps.clock.now();
  if (order.state === 'sending' || order.state === 'unknown') {
    // The broker never got it: sending again with the same client order id is safe.
    await requeueUnlessCancelRequested(deps, order, [order.state], nowMs);
    return;
  }
  const count = await bumpNotFound(deps.db, order.id);
  if (count < NOT_FOUND_LIMIT) return;
  await deps.db.transaction(async (tx) => {
    const lost = await moveOrderAndTell(tx, deps, order, [order.state], 'lost', nowMs);
    if (lost) await alertOperators(tx, deps, 'order_lost', lost, nowMs);
  });
  deps.log.order.error({ orderId: order.id, clientOrderId: order.client_order_id }, 'order lost: the broker does not know it; check the account at the broker');
}

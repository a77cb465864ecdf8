import type { BrokerOrder, OrderState } from '@tradedesk/contracts';
import { BridgeRequestError } from '../bridge/bridge-errors.js';
import type { CoreDeps } from '../deps.js';
import { IN_FLIGHT_STATES } from '../domain/order-state.js';
import { insertNotifications } from '../store/notifications-store.js';
import { bumpNotFound, listOrdersInStates, releaseDailyTrade, requeueOrCancelIfRequested, resetNotFound, transitionOrder } from '../store/orders-store.js';
import type { OrderWithAccount } from '../store/rows.js';
import { applyFill, applyOrderEvent } from './execution-applier.js';
import { alertOperators } from './operator-alerts.js';
import { moveOrderAndTell } from './order-updates.js';
import { toOrderView } from './order-views.js';

/** "Not found" this many times in a row makes an accepted order `lost` (user and operator told). */
export const NOT_FOUND_LIMIT = 3;

/** How long a submit may still be waiting for its answer: twice the bridge request timeout. */
export function submitInFlightWindowMs(deps: Pick<CoreDeps, 'config'>): number {
  return 2 * deps.config.BRIDGE_REQUEST_TIMEOUT_MS;
}

/**
 * Asks the broker about every order that was sent but is not final, and applies what it says: missed
 * fills (once), final states, and orders that never arrived (sent back to the queue under the same
 * client order id, which the broker deduplicates). Runs after every (re)connect before new orders are
 * sent, when an account comes back into session, and periodically while connected. Accounts out of
 * session (single-session brokers) are skipped: they are reconciled when they are next logged in.
 */
export async function reconcileInFlightOrders(deps: CoreDeps, onlyAccounts?: ReadonlySet<string>): Promise<{ checked: number }> {
  const stuckBeforeMs = deps.clock.now() - submitInFlightWindowMs(deps);
  const orders = (await listOrdersInStates(deps.db, IN_FLIGHT_STATES))
    .filter((o) => !onlyAccounts || onlyAccounts.has(o.account_id))
    // A recent `sending` order has a submit waiting for its answer (here or in another core):
    // "not found" would only mean "not arrived yet", and sending it again could place it twice.
    .filter((o) => o.state !== 'sending' || o.updated_at.getTime() < stuckBeforeMs);
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
    for (const order of accountOrders) {
      const brokerOrder = found.get(order.client_order_id);
      if (brokerOrder) await applyBrokerView(deps, order, brokerOrder);
      else await onNotFound(deps, order);
    }
  }
  deps.signals.emit('notifications-created');
  return { checked: orders.length };
}

async function applyBrokerView(deps: CoreDeps, order: OrderWithAccount, view: BrokerOrder): Promise<void> {
  const nowMs = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    if (order.not_found_count > 0) await resetNotFound(tx, order.id);
    if (order.state === 'sending' || order.state === 'unknown') {
      await transitionOrder(tx, order.id, [order.state], 'accepted', nowMs, { brokerOrderId: view.brokerOrderId });
    }
    for (const fill of view.fills) await applyFill(tx, deps, fill, nowMs);
    await applyOrderEvent(tx, deps, {
      clientOrderId: view.clientOrderId, brokerOrderId: view.brokerOrderId, accountRef: view.accountRef,
      status: view.status, ...(view.rejectReason ? { reason: view.rejectReason } : {}),
    }, nowMs);
  });
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

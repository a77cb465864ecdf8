import type { BrokerFill, BrokerOrder } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';
import { resetNotFound, transitionOrder } from '../store/orders-store.js';
import type { OrderWithAccount } from '../store/rows.js';
import { applyFill, applyOrderEvent } from './execution-applier.js';

/**
 * Applies what the broker shows of one of our orders, in one transaction: accepted with its broker
 * id if we did not know it yet, its fills (each once), its state. The view is filed under the order's
 * own client order id, since a broker without client order ids may list it without one (IDEM-11).
 */
export async function applyBrokerView(deps: CoreDeps, order: OrderWithAccount, view: BrokerOrder): Promise<void> {
  const nowMs = deps.clock.now();
  const clientOrderId = order.client_order_id;
  const fills: BrokerFill[] = view.fills.map((f) => ({ ...f, clientOrderId }));
  await deps.db.transaction(async (tx) => {
    if (order.not_found_count > 0) await resetNotFound(tx, order.id);
    // A rejected order was never accepted: its event below moves it straight to rejected.
    if ((order.state === 'sending' || order.state === 'unknown') && view.status !== 'rejected') {
      await transitionOrder(tx, order.id, [order.state], 'accepted', nowMs, { brokerOrderId: view.brokerOrderId });
    }
    for (const fill of fills) await applyFill(tx, deps, fill, nowMs);
    await applyOrderEvent(tx, deps, {
      clientOrderId, brokerOrderId: view.brokerOrderId, accountRef: view.accountRef,
      status: view.status, ...(view.rejectReason ? { reason: view.rejectReason } : {}),
    }, nowMs);
  });
}

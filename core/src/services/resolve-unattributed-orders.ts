import type { BrokerOrder } from '@tradedesk/contracts';
import { BridgeRequestError } from '../bridge/bridge-errors.js';
import type { CoreDeps } from '../deps.js';
import { BROKER_CLOCK_SKEW_MS, NOT_FOUND_LIMIT, submitInFlightWindowMs } from '../domain/reconciliation-policy.js';
import { matchUnattributedOrder, type MatchResult } from '../domain/unattributed-match.js';
import { bumpNotFound, markAmbiguous, resetNotFound } from '../store/orders-store.js';
import type { OrderWithAccount } from '../store/rows.js';
import { applyBrokerView } from './apply-broker-view.js';
import { alertOperators } from './operator-alerts.js';
import { moveOrderAndTell } from './order-updates.js';
import { requeueUnlessCancelRequested } from './requeue-order.js';

/**
 * IDEM-11, on a broker without client order ids (KIS, Kiwoom): our orders whose placement answer was
 * lost are looked for among the account's orders that carry no id, by what they are and when the
 * broker took them.
 * - One match: claimed at the bridge (so its events come under our id from now on) and applied.
 * - None, `NOT_FOUND_LIMIT` times in a row: it never arrived; back to the queue (or cancelled, if
 *   that was asked for meanwhile). Until then it is not sent again.
 * - Several: it stays unknown and is never sent again; the operators are told once, and the account
 *   is looked at on the slow poll only.
 * `orders` are one account's `sending` (overdue) and `unknown` orders that the broker did not find
 * by their id.
 */
export async function resolveUnattributedOrders(deps: CoreDeps, accountRef: string, orders: readonly OrderWithAccount[]): Promise<void> {
  let listed: BrokerOrder[];
  try {
    ({ orders: listed } = await deps.broker.request('list_orders', { accountRef }));
  } catch (error) {
    if (error instanceof BridgeRequestError && error.error.reason === 'NOT_IN_SESSION') return;
    throw error;
  }
  let unclaimed = listed;
  for (const order of orders) {
    const match = matchAmongUnnamed(deps, order, unclaimed);
    if (match.kind === 'matched') {
      const { brokerOrderId } = match.brokerOrder;
      await deps.broker.request('claim_order', { accountRef, brokerOrderId, clientOrderId: order.client_order_id });
      unclaimed = unclaimed.filter((b) => b !== match.brokerOrder);
      await applyBrokerView(deps, order, match.brokerOrder);
      deps.log.order.info({ orderId: order.id, clientOrderId: order.client_order_id, brokerOrderId }, 'order with a lost answer found at the broker by what it is');
    } else if (match.kind === 'none') {
      await onNotAtBroker(deps, order);
    } else {
      await onAmbiguous(deps, order, match.candidates.map((c) => c.brokerOrderId));
    }
  }
}

/** Which of the broker's orders without a client order id `order` (sent, answer lost) could be. */
export function matchAmongUnnamed(deps: Pick<CoreDeps, 'config'>, order: OrderWithAccount, listed: readonly BrokerOrder[]): MatchResult {
  return matchUnattributedOrder({
    symbol: order.symbol, side: order.side, orderType: order.order_type, qtyShares: order.qty_shares, priceKrw: order.price_krw,
    sentAtMs: (order.sent_at ?? order.updated_at).getTime(),
  }, listed, { clockSkewMs: BROKER_CLOCK_SKEW_MS, inFlightMs: submitInFlightWindowMs(deps) });
}

async function onNotAtBroker(deps: CoreDeps, order: OrderWithAccount): Promise<void> {
  if ((await bumpNotFound(deps.db, order.id)) < NOT_FOUND_LIMIT) return;
  await resetNotFound(deps.db, order.id);
  const to = await requeueUnlessCancelRequested(deps, order, [order.state], deps.clock.now());
  deps.log.order.warn({ orderId: order.id, clientOrderId: order.client_order_id, to }, 'order with a lost answer is not at the broker; sent again');
}

async function onAmbiguous(deps: CoreDeps, order: OrderWithAccount, brokerOrderIds: readonly string[]): Promise<void> {
  const nowMs = deps.clock.now();
  const first = await deps.db.transaction(async (tx) => {
    // The user learns its outcome is unknown (a `sending` order was not yet `unknown`).
    if (order.state === 'sending') await moveOrderAndTell(tx, deps, order, ['sending'], 'unknown', nowMs);
    if (!(await markAmbiguous(tx, order.id, nowMs))) return false;
    await alertOperators(tx, deps, 'order_ambiguous', { ...order, state: 'unknown' }, nowMs);
    return true;
  });
  if (!first) return;
  deps.signals.emit('notifications-created');
  deps.log.order.error({ orderId: order.id, clientOrderId: order.client_order_id, brokerOrderIds },
    'several broker orders could be this order whose answer was lost; it stays unknown until a person decides');
}

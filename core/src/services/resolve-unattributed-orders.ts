import type { BrokerOrder } from '@tradedesk/contracts';
import { BridgeRequestError } from '../bridge/bridge-errors.js';
import type { CoreDeps } from '../deps.js';
import { BROKER_CLOCK_SKEW_MS, NOT_FOUND_LIMIT, submitInFlightWindowMs } from '../domain/reconciliation-policy.js';
import { matchUnattributedOrder, type MatchResult } from '../domain/unattributed-match.js';
import { bumpNotFound, clearResolution, markAmbiguous, resetNotFound, RESOLVED_NOT_PLACED } from '../store/orders-store.js';
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
 *   is looked at on the slow poll only, until an operator answers (`npm run admin -- resolve`).
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
    if (order.resolve_as !== null) {
      unclaimed = await carryOutOperatorAnswer(deps, accountRef, order, order.resolve_as, unclaimed);
      continue;
    }
    const match = matchAmongUnnamed(deps, order, unclaimed);
    if (match.kind === 'matched') {
      await takeOver(deps, accountRef, order, match.brokerOrder);
      unclaimed = unclaimed.filter((b) => b !== match.brokerOrder);
    } else if (match.kind === 'none') {
      await onNotAtBroker(deps, order);
    } else {
      await onAmbiguous(deps, order, match.candidates.map((c) => c.brokerOrderId));
    }
  }
}

/** The broker order is ours: claimed at the bridge (its events then come under our id) and applied. */
async function takeOver(deps: CoreDeps, accountRef: string, order: OrderWithAccount, brokerOrder: BrokerOrder): Promise<void> {
  const { brokerOrderId } = brokerOrder;
  await deps.broker.request('claim_order', { accountRef, brokerOrderId, clientOrderId: order.client_order_id });
  await applyBrokerView(deps, order, brokerOrder);
  deps.log.order.info({ orderId: order.id, clientOrderId: order.client_order_id, brokerOrderId }, 'order with a lost answer found at the broker by what it is');
}

/**
 * An operator's answer for an ambiguous order (`npm run admin -- resolve`), used once: the broker
 * order they named is taken over, or the order is sent again if they say the broker never got it.
 * A number the broker does not list without an id leaves the order ambiguous. Returns the broker
 * orders still unclaimed.
 */
async function carryOutOperatorAnswer(
  deps: CoreDeps, accountRef: string, order: OrderWithAccount, answer: string, unclaimed: BrokerOrder[],
): Promise<BrokerOrder[]> {
  await clearResolution(deps.db, order.id);
  const ids = { orderId: order.id, clientOrderId: order.client_order_id, answer };
  if (answer === RESOLVED_NOT_PLACED) {
    await requeueUnlessCancelRequested(deps, order, ['unknown'], deps.clock.now());
    deps.log.order.warn(ids, 'an operator says the broker never got this order; sent again');
    return unclaimed;
  }
  const named = unclaimed.find((b) => b.clientOrderId === null && b.brokerOrderId === answer);
  if (!named) {
    deps.log.order.error(ids, 'the broker order an operator named is not one the broker lists without an id; the order stays unknown');
    await onAmbiguous(deps, order, []);
    return unclaimed;
  }
  await takeOver(deps, accountRef, order, named);
  return unclaimed.filter((b) => b !== named);
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

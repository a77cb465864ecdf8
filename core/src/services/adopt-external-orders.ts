import type { BrokerOrder } from '@tradedesk/contracts';
import { BridgeRequestError } from '../bridge/bridge-errors.js';
import type { CoreDeps } from '../deps.js';
import { tradingDayOf } from '../domain/trading-day.js';
import { insertNotifications } from '../store/notifications-store.js';
import { newClientOrderId } from '../domain/client-order-id.js';
import { findOrderById, insertExternalOrder, knownClientOrderIds, listOrdersInStates } from '../store/orders-store.js';
import { listBrokerAccountIds } from '../store/users-store.js';
import { alertOperators } from './operator-alerts.js';
import { applyFill, applyOrderEvent } from './execution-applier.js';
import { toOrderView } from './order-views.js';
import { matchAmongUnnamed } from './resolve-unattributed-orders.js';

/**
 * RECON-7: orders the broker shows for an account that core has never seen (placed in a crash
 * window we did not record, or outside Tradedesk, e.g. in the broker's own app) are recorded as
 * `external` orders, their fills applied once, and the user and the operators told. They use no
 * trade from the daily cap: Tradedesk did not place them.
 */
export async function adoptExternalOrders(deps: CoreDeps, accountRef: string): Promise<number> {
  let orders: BrokerOrder[];
  try {
    ({ orders } = await deps.broker.request('list_orders', { accountRef }));
  } catch (error) {
    if (error instanceof BridgeRequestError && error.error.reason === 'NOT_IN_SESSION') return 0;
    throw error;
  }
  if (orders.length === 0) return 0;
  const named = orders.filter((o): o is BrokerOrder & { clientOrderId: string } => o.clientOrderId !== null);
  const known = await knownClientOrderIds(deps.db, named.map((o) => o.clientOrderId));
  const possiblyOurs = await possiblyOursAmong(deps, accountRef, orders);
  let adopted = 0;
  for (const order of orders) {
    if (order.clientOrderId === null ? possiblyOurs.has(order) : known.has(order.clientOrderId)) continue;
    if (await adoptOne(deps, accountRef, order)) adopted += 1;
  }
  if (adopted > 0) deps.signals.emit('notifications-created');
  return adopted;
}

/**
 * Orders listed without a client order id (a broker without them, IDEM-11) that one of our orders
 * whose answer was lost could be: those are left to reconciliation, never adopted.
 */
async function possiblyOursAmong(deps: CoreDeps, accountRef: string, orders: readonly BrokerOrder[]): Promise<Set<BrokerOrder>> {
  const unnamed = orders.filter((o) => o.clientOrderId === null);
  if (unnamed.length === 0) return new Set();
  const unresolved = (await listOrdersInStates(deps.db, ['sending', 'unknown'])).filter((o) => o.account_id === accountRef);
  const possible = new Set<BrokerOrder>();
  for (const o of unresolved) {
    const match = matchAmongUnnamed(deps, o, unnamed);
    if (match.kind === 'matched') possible.add(match.brokerOrder);
    if (match.kind === 'ambiguous') for (const c of match.candidates) possible.add(c);
  }
  return possible;
}

async function adoptOne(deps: CoreDeps, accountRef: string, listed: BrokerOrder): Promise<boolean> {
  const symbol = listed.symbol ?? listed.fills[0]?.symbol;
  const side = listed.side ?? listed.fills[0]?.side;
  if (!symbol || !side) {
    deps.log.order.warn({ accountId: accountRef, clientOrderId: listed.clientOrderId }, 'broker order of unknown symbol or side; not adopted');
    return false;
  }
  // An order with no client order id gets one, claimed at the bridge first: a crash after the claim
  // leaves an order with an id core does not know, which the next pass adopts under that id.
  const clientOrderId = listed.clientOrderId ?? newClientOrderId(deps.ids);
  if (listed.clientOrderId === null) {
    await deps.broker.request('claim_order', { accountRef, brokerOrderId: listed.brokerOrderId, clientOrderId });
  }
  const order = { ...listed, clientOrderId, fills: listed.fills.map((f) => ({ ...f, clientOrderId })) };
  const nowMs = deps.clock.now();
  const id = deps.ids.uuid();
  await deps.db.transaction(async (tx) => {
    const inserted = await insertExternalOrder(tx, {
      id, accountId: accountRef, clientOrderId: order.clientOrderId, brokerOrderId: order.brokerOrderId, symbol, side,
      orderType: order.priceKrw ? 'limit' : (order.orderType ?? 'market'), qtyShares: order.qtyShares,
      priceKrw: order.priceKrw ?? null, tradingDay: tradingDayOf(nowMs), nowMs,
    });
    if (!inserted) return;
    for (const fill of order.fills) await applyFill(tx, deps, fill, nowMs);
    await applyOrderEvent(tx, deps, { clientOrderId: order.clientOrderId, brokerOrderId: order.brokerOrderId, accountRef, status: order.status }, nowMs);
    const final = (await findOrderById(tx, id))!;
    await insertNotifications(tx, final.user_id, `order:${id}:adopted`, { kind: 'order_update', order: toOrderView(final, deps.symbols) }, nowMs);
    await alertOperators(tx, deps, 'order_adopted', final, nowMs);
  });
  deps.log.order.warn({ accountId: accountRef, clientOrderId: order.clientOrderId, orderId: id }, 'adopted an order placed outside Tradedesk');
  return true;
}

/** Adopts across the accounts in session (every account when sessions are unlimited), after reconciling. */
export async function adoptAcrossAccounts(deps: CoreDeps, inSession: ReadonlySet<string> | undefined): Promise<number> {
  const accounts = inSession ?? new Set(await listBrokerAccountIds(deps.db));
  let adopted = 0;
  for (const accountRef of accounts) adopted += await adoptExternalOrders(deps, accountRef);
  return adopted;
}

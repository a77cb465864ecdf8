import type { OrderPriority, OrderState, OrderType, OrderIntent } from '@tradedesk/contracts';
import type { SqlClient, SqlTx } from '../db/sql-client.js';
import type { OrderWithAccount } from './rows.js';

type Q = SqlClient | SqlTx;

const ORDER_SELECT = `select o.id, o.user_id, o.account_id, o.client_order_id, o.idempotency_key, o.request_hash,
  o.symbol, o.side, o.order_type, o.qty_shares, o.price_krw, o.state, o.priority, o.broker_order_id,
  o.filled_qty_shares, o.avg_fill_price_krw, o.reject_reason, o.not_found_count, o.created_at, o.updated_at, o.sent_at, o.resolve_as, o.trading_day::text as trading_day,
  o.source, o.strategy_id,
  a.broker, a.environment
  from orders o join broker_accounts a on a.id = o.account_id`;

/**
 * Counts one trade against today's cap, atomically: the row lock taken by the upsert serialises
 * concurrent admissions, and the `where` refuses the increment at the cap. Returns the new count,
 * or null when the cap is reached.
 */
export async function consumeDailyTrade(tx: SqlTx, userId: string, tradingDay: string, tradesPerDay: number): Promise<number | null> {
  const rows = await tx.query<{ trades_used: number }>(
    `insert into daily_usage (user_id, trading_day, trades_used)
     select $1, $2, 1 where $3 > 0
     on conflict (user_id, trading_day) do update set trades_used = daily_usage.trades_used + 1
       where daily_usage.trades_used < $3
     returning trades_used`,
    [userId, tradingDay, tradesPerDay],
  );
  return rows[0]?.trades_used ?? null;
}

/** Gives a trade back (the broker definitively rejected the order, or it was cancelled before sending). */
export async function releaseDailyTrade(tx: SqlTx, userId: string, tradingDay: string): Promise<void> {
  await tx.query(
    `update daily_usage set trades_used = trades_used - 1
      where user_id = $1 and trading_day = $2 and trades_used > 0`,
    [userId, tradingDay],
  );
}

export async function tradesUsedOn(db: Q, userId: string, tradingDay: string): Promise<number> {
  const rows = await db.query<{ trades_used: number }>(
    'select trades_used from daily_usage where user_id = $1 and trading_day = $2',
    [userId, tradingDay],
  );
  return rows[0]?.trades_used ?? 0;
}

export interface NewOrder {
  id: string;
  userId: string;
  accountId: string;
  clientOrderId: string;
  idempotencyKey: string;
  requestHash: string;
  intent: OrderIntent;
  orderType: OrderType;
  priority: OrderPriority;
  tradingDay: string;
  nowMs: number;
  /** The strategy that placed it; absent for a person's order. */
  strategyId?: string;
}

export async function insertQueuedOrder(tx: SqlTx, order: NewOrder): Promise<void> {
  const at = new Date(order.nowMs);
  await tx.query(
    `insert into orders (id, user_id, account_id, client_order_id, idempotency_key, request_hash, symbol, side,
       order_type, qty_shares, price_krw, state, priority, trading_day, created_at, updated_at, source, strategy_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'queued', $12, $13, $14, $14, $15, $16)`,
    [order.id, order.userId, order.accountId, order.clientOrderId, order.idempotencyKey, order.requestHash,
      order.intent.symbol, order.intent.side, order.orderType, order.intent.qtyShares, order.intent.priceKrw ?? null,
      order.priority, order.tradingDay, at, order.strategyId ? 'strategy' : 'manual', order.strategyId ?? null],
  );
}

export async function findOrderByIdempotencyKey(db: Q, key: string): Promise<OrderWithAccount | null> {
  const rows = await db.query<OrderWithAccount>(`${ORDER_SELECT} where o.idempotency_key = $1`, [key]);
  return rows[0] ?? null;
}

export async function findOrderById(db: Q, id: string): Promise<OrderWithAccount | null> {
  const rows = await db.query<OrderWithAccount>(`${ORDER_SELECT} where o.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function findOrderByClientId(db: Q, clientOrderId: string): Promise<OrderWithAccount | null> {
  const rows = await db.query<OrderWithAccount>(`${ORDER_SELECT} where o.client_order_id = $1`, [clientOrderId]);
  return rows[0] ?? null;
}

/** A user's orders whose id starts with what they typed (the short id shown in chat). */
export async function findUserOrdersByIdPrefix(db: Q, userId: string, prefix: string): Promise<OrderWithAccount[]> {
  return db.query<OrderWithAccount>(
    `${ORDER_SELECT} where o.user_id = $1 and o.id::text like $2 order by o.created_at desc limit 2`,
    [userId, `${prefix.toLowerCase()}%`],
  );
}

export async function listUserOrders(db: Q, userId: string, limit: number): Promise<OrderWithAccount[]> {
  return db.query<OrderWithAccount>(`${ORDER_SELECT} where o.user_id = $1 order by o.created_at desc limit $2`, [userId, limit]);
}

const PRIORITY_RANK = `case o.priority when 'urgent' then 0 when 'vip' then 1 else 2 end`;

/**
 * What may be sent now: neither the kill switch is on nor the order's user paused. Shared by the
 * selection and the claim, so a halt or pause between the two still stops the send.
 */
const SENDABLE = `not exists (select 1 from trading_controls c where c.halted)
  and not exists (select 1 from users pu where pu.id = o.user_id and pu.paused)`;

/**
 * Queued orders in the order they are served: urgent, then VIP, then the rest, oldest first.
 * Orders of paused users wait in place; while trading is halted nothing is returned, so the
 * dispatcher idles instead of polling orders it may not send.
 */
export async function nextQueuedOrders(db: Q, limit: number): Promise<OrderWithAccount[]> {
  return db.query<OrderWithAccount>(
    `${ORDER_SELECT} where o.state = 'queued' and ${SENDABLE} order by ${PRIORITY_RANK}, o.created_at, o.id limit $1`,
    [limit],
  );
}

/**
 * Marks a queued order `sending` (with `sent_at`) only if it is still queued, trading is not
 * halted and its user is not paused, in one statement: the last check before an order leaves.
 * Returns whether this caller claimed it.
 */
export async function claimQueuedOrder(db: Q, id: string, nowMs: number): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `update orders o set state = 'sending', updated_at = $2, sent_at = $2
      where o.id = $1 and o.state = 'queued' and ${SENDABLE} returning o.id`,
    [id, new Date(nowMs)],
  );
  return rows.length === 1;
}

/**
 * Sets the priority of a user's queued orders (a tier change moves them in the queue at once).
 * Urgent orders keep theirs: that priority comes from what the order is, not from the tier.
 */
export async function reprioritizeQueuedOrders(db: Q, userId: string, priority: OrderPriority, nowMs: number): Promise<number> {
  const rows = await db.query<{ id: string }>(
    `update orders set priority = $2, updated_at = $3
      where user_id = $1 and state = 'queued' and priority <> 'urgent' and priority <> $2 returning id`,
    [userId, priority, new Date(nowMs)],
  );
  return rows.length;
}

export async function countQueued(db: Q): Promise<number> {
  const rows = await db.query<{ n: number }>(`select count(*)::int as n from orders where state = 'queued'`);
  return rows[0]?.n ?? 0;
}

/** A user's orders still waiting to be sent, oldest first. */
export async function listUserQueuedOrders(db: Q, userId: string): Promise<OrderWithAccount[]> {
  return db.query<OrderWithAccount>(`${ORDER_SELECT} where o.user_id = $1 and o.state = 'queued' order by o.created_at, o.id`, [userId]);
}

/** How many queued orders are served before this one. */
export async function queuePositionOf(db: Q, order: { id: string; priority: OrderPriority; createdAtMs: number }): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `select count(*)::int as n from orders o
      where o.state = 'queued' and o.id <> $1
        and (${PRIORITY_RANK} < case $2 when 'urgent' then 0 when 'vip' then 1 else 2 end
          or (o.priority = $2 and o.created_at <= $3))`,
    [order.id, order.priority, new Date(order.createdAtMs)],
  );
  return rows[0]?.n ?? 0;
}

export async function listOrdersInStates(db: Q, states: readonly OrderState[]): Promise<OrderWithAccount[]> {
  return db.query<OrderWithAccount>(`${ORDER_SELECT} where o.state = any($1::text[]) order by o.created_at`, [states]);
}

/**
 * Moves an order from one state to another only if it is still in `from`: the compare-and-set that
 * keeps two writers (dispatcher, event applier, a second core) from overwriting each other.
 */
export async function transitionOrder(
  db: Q,
  id: string,
  from: readonly OrderState[],
  to: OrderState,
  nowMs: number,
  extra: { brokerOrderId?: string | null; rejectReason?: string | null; sent?: boolean } = {},
): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `update orders set state = $3, updated_at = $4,
       broker_order_id = coalesce($5, broker_order_id),
       reject_reason = coalesce($6, reject_reason),
       sent_at = case when $7 then $4 else sent_at end
     where id = $1 and state = any($2::text[]) returning id`,
    [id, from, to, new Date(nowMs), extra.brokerOrderId ?? null, extra.rejectReason ?? null, extra.sent ?? false],
  );
  return rows.length === 1;
}

export async function markCancelRequested(db: Q, id: string, nowMs: number): Promise<void> {
  await db.query('update orders set cancel_requested_at = coalesce(cancel_requested_at, $2) where id = $1', [id, new Date(nowMs)]);
}

export async function bumpNotFound(db: Q, id: string): Promise<number> {
  const rows = await db.query<{ not_found_count: number }>(
    'update orders set not_found_count = not_found_count + 1 where id = $1 returning not_found_count',
    [id],
  );
  return rows[0]?.not_found_count ?? 0;
}

/** Whether the account has an order of `symbol` whose outcome is unknown. */
export async function hasUnknownOrder(db: Q, accountId: string, symbol: string): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `select id from orders where account_id = $1 and symbol = $2 and state = 'unknown' limit 1`, [accountId, symbol],
  );
  return rows.length > 0;
}

/** The broker never got it: what an operator records in `resolve_as` to say so. */
export const RESOLVED_NOT_PLACED = 'not_placed';

/** Ambiguous orders (IDEM-11) whose id starts with `prefix` (at most two: enough to tell "several"). */
export async function findAmbiguousOrders(db: Q, prefix: string): Promise<OrderWithAccount[]> {
  return db.query<OrderWithAccount>(
    `${ORDER_SELECT} where o.id::text like $1 and o.state = 'unknown' and o.ambiguous_at is not null order by o.created_at limit 2`,
    [`${prefix.toLowerCase()}%`],
  );
}

/** Records an operator's answer and makes the order due for a look again, as any unknown order. */
export async function recordResolution(db: Q, id: string, resolveAs: string): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `update orders set resolve_as = $2, ambiguous_at = null where id = $1 and state = 'unknown' returning id`, [id, resolveAs],
  );
  return rows.length === 1;
}

/** The operator's answer has been carried out (or could not be): it is not used twice. */
export async function clearResolution(db: Q, id: string): Promise<void> {
  await db.query('update orders set resolve_as = null where id = $1', [id]);
}

/** IDEM-11: the broker shows several orders this one could be; a person must tell which. */
export async function markAmbiguous(db: Q, id: string, nowMs: number): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    'update orders set ambiguous_at = $2 where id = $1 and ambiguous_at is null returning id', [id, new Date(nowMs)],
  );
  return rows.length === 1;
}

/**
 * IDEM-12: each account's symbols with an order being sent or whose outcome is unknown. On a broker
 * without client order ids nothing else is sent for them until that one is settled: two identical
 * orders whose answers were both lost could not be told apart.
 */
export async function listUnresolvedSymbols(db: Q): Promise<Set<string>> {
  const rows = await db.query<{ account_id: string; symbol: string }>(
    `select distinct account_id, symbol from orders where state in ('sending', 'unknown')`,
  );
  return new Set(rows.map((r) => unresolvedKey(r.account_id, r.symbol)));
}

export function unresolvedKey(accountId: string, symbol: string): string {
  return `${accountId}:${symbol}`;
}

/** The broker knows the order after all: "not found" counts only in a row. */
export async function resetNotFound(db: Q, id: string): Promise<void> {
  await db.query('update orders set not_found_count = 0 where id = $1 and not_found_count > 0', [id]);
}

/** Orders whose cancel was asked for and is not yet done: urgent work for the dispatcher. */
export async function listCancelRequests(db: Q): Promise<Array<{ id: string; account_id: string; client_order_id: string; cancel_requested_at: Date }>> {
  return db.query(
    `select id, account_id, client_order_id, cancel_requested_at from orders
      where cancel_requested_at is not null and state in ('accepted', 'partially_filled')
      order by cancel_requested_at limit 500`,
  );
}

/** The broker will not cancel it (already filled or gone): stop asking. */
export async function clearCancelRequest(db: Q, id: string): Promise<void> {
  await db.query('update orders set cancel_requested_at = null where id = $1', [id]);
}

/**
 * Accounts with orders at the broker whose state is not final, with whether any outcome is unknown:
 * `unknown`, or `sending` since before `stuckBeforeMs` (a submit that no process is waiting for).
 */
export async function listAccountsWithOpenOrders(db: Q, stuckBeforeMs: number): Promise<Array<{ account_id: string; unknown: boolean; oldest: Date }>> {
  return db.query(
    `select account_id, bool_or((state = 'unknown' and ambiguous_at is null) or (state = 'sending' and updated_at < $1)) as unknown,
            min(updated_at) as oldest
       from orders where state in ('sending', 'unknown', 'accepted', 'partially_filled') group by account_id`,
    [new Date(stuckBeforeMs)],
  );
}

/** Queued orders created before `createdBeforeMs` or on another KST trading day (at most 100 a call). */
export async function listStaleQueuedOrderIds(db: Q, createdBeforeMs: number, tradingDay: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `select id from orders where state = 'queued' and (created_at < $1 or trading_day <> $2::date) limit 100`,
    [new Date(createdBeforeMs), tradingDay],
  );
  return rows.map((r) => r.id);
}

/** Which of these client order ids core already has. */
export async function knownClientOrderIds(db: Q, clientOrderIds: readonly string[]): Promise<Set<string>> {
  const rows = await db.query<{ client_order_id: string }>(
    'select client_order_id from orders where client_order_id = any($1::text[])', [clientOrderIds],
  );
  return new Set(rows.map((r) => r.client_order_id));
}

export interface ExternalOrder {
  id: string;
  accountId: string;
  clientOrderId: string;
  brokerOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  orderType: OrderType;
  qtyShares: number;
  priceKrw: number | null;
  tradingDay: string;
  nowMs: number;
}

/** Records an order found at the broker that core did not place (`source = 'external'`); false if it exists. */
export async function insertExternalOrder(tx: SqlTx, order: ExternalOrder): Promise<boolean> {
  const rows = await tx.query<{ id: string }>(
    `insert into orders (id, user_id, account_id, client_order_id, idempotency_key, request_hash, symbol, side, order_type,
       qty_shares, price_krw, state, priority, source, broker_order_id, trading_day, created_at, updated_at, sent_at)
     select $1, a.user_id, a.id, $3, 'external:' || $3, 'external', $4, $5, $6, $7, $8, 'accepted', 'normal', 'external', $9, $10, $11, $11, $11
       from broker_accounts a where a.id = $2
     on conflict (client_order_id) do nothing returning id`,
    [order.id, order.accountId, order.clientOrderId, order.symbol, order.side, order.orderType, order.qtyShares,
      order.priceKrw, order.brokerOrderId, order.tradingDay, new Date(order.nowMs)],
  );
  return rows.length === 1;
}

/**
 * Takes back an order the broker never got (from one of `from`): to `queued`, to be sent again, or
 * to `cancelled` when its cancel was asked for meanwhile. One statement, so a cancel recorded
 * concurrently is seen. The new state, or null when the order had moved on.
 */
export async function requeueOrCancelIfRequested(
  db: Q, id: string, from: readonly OrderState[], nowMs: number,
): Promise<'queued' | 'cancelled' | null> {
  const rows = await db.query<{ state: 'queued' | 'cancelled' }>(
    `update orders set state = case when cancel_requested_at is null then 'queued' else 'cancelled' end, updated_at = $3
      where id = $1 and state = any($2::text[]) returning state`,
    [id, from, new Date(nowMs)],
  );
  return rows[0]?.state ?? null;
}

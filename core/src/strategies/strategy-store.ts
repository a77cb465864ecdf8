import { strategySpecSchema, type StrategyKind, type StrategySpec } from '@tradedesk/contracts';
import type { SqlClient, SqlTx } from '../db/sql-client.js';
import type { UserRow } from '../store/rows.js';

type Q = SqlClient | SqlTx;

/** A row of `strategies`: `params` holds the size and the kind's parameters, `state` the runner's envelope. */
export interface StrategyRow {
  id: string;
  user_id: string;
  account_id: string;
  kind: StrategyKind;
  symbol: string;
  params: unknown;
  enabled: boolean;
  state: unknown;
  created_at: Date;
  updated_at: Date;
}

const SELECT = 'select id, user_id, account_id, kind, symbol, params, enabled, state, created_at, updated_at from strategies';

/** The spec a row stores, checked at the boundary; null when the row does not parse (it is skipped and logged). */
export function specOfRow(row: StrategyRow): StrategySpec | null {
  const stored = (row.params ?? {}) as { size?: unknown; params?: unknown };
  const parsed = strategySpecSchema.safeParse({ kind: row.kind, symbol: row.symbol, size: stored.size, params: stored.params });
  return parsed.success ? parsed.data : null;
}

export async function listStrategiesOf(db: Q, userId: string): Promise<StrategyRow[]> {
  return db.query<StrategyRow>(`${SELECT} where user_id = $1 order by created_at, id`, [userId]);
}

export async function listEnabledStrategies(db: Q): Promise<StrategyRow[]> {
  return db.query<StrategyRow>(`${SELECT} where enabled order by created_at, id`);
}

/** A user's strategies whose id starts with what they typed (the short id shown by `strategy list`). */
export async function findStrategiesByIdPrefix(db: Q, userId: string, prefix: string): Promise<StrategyRow[]> {
  return db.query<StrategyRow>(`${SELECT} where user_id = $1 and id::text like $2 order by created_at limit 2`, [userId, `${prefix}%`]);
}

export async function countStrategiesOf(tx: SqlTx, userId: string): Promise<number> {
  const rows = await tx.query<{ n: number }>('select count(*)::int as n from strategies where user_id = $1', [userId]);
  return rows[0]?.n ?? 0;
}

export async function insertStrategy(
  tx: SqlTx,
  row: { id: string; userId: string; accountId: string; spec: StrategySpec; enabled: boolean; state: unknown; nowMs: number },
): Promise<void> {
  const at = new Date(row.nowMs);
  await tx.query(
    `insert into strategies (id, user_id, account_id, kind, symbol, params, enabled, state, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
    [row.id, row.userId, row.accountId, row.spec.kind, row.spec.symbol, { size: row.spec.size, params: row.spec.params }, row.enabled, row.state, at],
  );
}

/**
 * Switches a strategy on or off. `updated_at` moves only here (never on a state save), so runners
 * tell a configuration change from their own progress. Switching on starts from `state`.
 */
export async function setStrategyEnabled(db: Q, id: string, enabled: boolean, state: unknown | undefined, nowMs: number): Promise<StrategyRow | null> {
  const rows = await db.query<StrategyRow>(
    `update strategies set enabled = $2, state = coalesce($3, state), updated_at = $4 where id = $1
     returning id, user_id, account_id, kind, symbol, params, enabled, state, created_at, updated_at`,
    [id, enabled, state ?? null, new Date(nowMs)],
  );
  return rows[0] ?? null;
}

export async function deleteStrategy(db: Q, id: string): Promise<void> {
  await db.query('delete from strategies where id = $1', [id]);
}

/** Persists the runner's state of a strategy still switched on; false when it was switched off or removed meanwhile. */
export async function saveStrategyState(db: Q, id: string, state: unknown): Promise<boolean> {
  const rows = await db.query<{ id: string }>('update strategies set state = $2 where id = $1 and enabled returning id', [id, state]);
  return rows.length === 1;
}

/** Held shares per (account, symbol) for the given accounts: what a strategy's sell may take. */
export async function heldSharesOf(db: Q, accountIds: readonly string[]): Promise<Array<{ account_id: string; symbol: string; qty_shares: number }>> {
  if (accountIds.length === 0) return [];
  return db.query('select account_id, symbol, qty_shares from positions where account_id = any($1::uuid[]) and qty_shares > 0', [accountIds]);
}

/** The strategy's owner as admission needs them (tier, paused), read at the time of each order. */
export async function strategyOwnerOf(db: Q, userId: string): Promise<UserRow | null> {
  const rows = await db.query<UserRow>('select id, name, tier, is_operator, locale, paused from users where id = $1', [userId]);
  return rows[0] ?? null;
}

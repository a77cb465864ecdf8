import type { SqlClient, SqlTx } from '../db/sql-client.js';

type Q = SqlClient | SqlTx;

/**
 * Reads for the pre-open brief straight from the tables the strategy and alert engines own
 * (migrations 20261122000400 and 20261122002100: a price level or a percent change), so the brief
 * does not depend on those engines' code.
 */
export async function listEnabledStrategies(db: Q, userId: string, limit: number): Promise<{ rows: Array<{ id: string; kind: string; symbol: string }>; total: number }> {
  const rows = await db.query<{ id: string; kind: string; symbol: string; total: number }>(
    `select id::text, kind, symbol, count(*) over ()::int as total from strategies
      where user_id = $1 and enabled order by created_at, id limit $2`,
    [userId, limit],
  );
  return { rows: rows.map(({ id, kind, symbol }) => ({ id, kind, symbol })), total: rows[0]?.total ?? 0 };
}

export async function listArmedAlerts(
  db: Q, userId: string, limit: number,
): Promise<{ rows: Array<{ id: string; symbol: string; direction: 'above' | 'below'; thresholdKrw: number | null; percentBp: number | null }>; total: number }> {
  const rows = await db.query<{ id: string; symbol: string; direction: 'above' | 'below'; threshold_krw: number | null; percent_bp: number | null; total: number }>(
    `select id::text, symbol, direction, threshold_krw, percent_bp, count(*) over ()::int as total from price_alerts
      where user_id = $1 and state = 'armed' order by created_at, id limit $2`,
    [userId, limit],
  );
  return { rows: rows.map((r) => ({ id: r.id, symbol: r.symbol, direction: r.direction, thresholdKrw: r.threshold_krw, percentBp: r.percent_bp })), total: rows[0]?.total ?? 0 };
}

/** Users who can receive a message (at least one linked chat account), bounded. */
export async function listLinkedUserIds(db: Q, limit: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    'select u.id from users u where exists (select 1 from chat_links l where l.user_id = u.id) order by u.created_at, u.id limit $1',
    [limit],
  );
  return rows.map((r) => r.id);
}

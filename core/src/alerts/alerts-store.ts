import type { AlertDirection, AlertState } from '@tradedesk/contracts';
import type { SqlClient, SqlTx } from '../db/sql-client.js';
import type { PriceMark } from './alert-book.js';

type Q = SqlClient | SqlTx;

/** A price_alerts row (bigint as number, timestamptz as Date). */
export interface AlertRow {
  id: string;
  user_id: string;
  symbol: string;
  direction: AlertDirection;
  threshold_krw: number | null;
  percent_bp: number | null;
  repeat: boolean;
  cooldown_sec: number;
  state: AlertState;
  last_triggered_at: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, user_id, symbol, direction, threshold_krw, percent_bp, repeat, cooldown_sec, state, last_triggered_at, created_at';

export interface NewAlert {
  userId: string;
  symbol: string;
  direction: AlertDirection;
  priceKrw: number | null;
  percentBp: number | null;
  repeat: boolean;
  cooldownSec: number;
  idempotencyKey: string | null;
  nowMs: number;
}

/** Locks the user's alerts against a concurrent add, so the count and the insert agree. */
export async function lockUserAlerts(tx: SqlTx, userId: string): Promise<void> {
  await tx.query('select id from users where id = $1 for update', [userId]);
}

export async function findAlertByIdempotencyKey(db: Q, userId: string, key: string): Promise<AlertRow | null> {
  const rows = await db.query<AlertRow>(`select ${COLUMNS} from price_alerts where user_id = $1 and idempotency_key = $2`, [userId, key]);
  return rows[0] ?? null;
}

export async function countArmedAlerts(db: Q, userId: string): Promise<number> {
  const rows = await db.query<{ n: number }>("select count(*)::int as n from price_alerts where user_id = $1 and state = 'armed'", [userId]);
  return rows[0]?.n ?? 0;
}

export async function insertAlert(tx: SqlTx, alert: NewAlert): Promise<AlertRow> {
  const rows = await tx.query<AlertRow>(
    `insert into price_alerts (user_id, symbol, direction, threshold_krw, percent_bp, repeat, cooldown_sec, idempotency_key, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${COLUMNS}`,
    [alert.userId, alert.symbol, alert.direction, alert.priceKrw, alert.percentBp, alert.repeat, alert.cooldownSec, alert.idempotencyKey, new Date(alert.nowMs)],
  );
  return rows[0]!;
}

/** A user's one-shot alerts that fired before `beforeMs` are dropped from the list (a bound on the table). */
export async function pruneTriggeredAlerts(db: Q, userId: string, beforeMs: number): Promise<void> {
  await db.query("delete from price_alerts where user_id = $1 and state = 'triggered' and last_triggered_at < $2", [userId, new Date(beforeMs)]);
}

export async function listUserAlerts(db: Q, userId: string): Promise<AlertRow[]> {
  return db.query<AlertRow>(`select ${COLUMNS} from price_alerts where user_id = $1 order by created_at, id`, [userId]);
}

/** The user's alerts whose id starts with `prefix` (at most 2: enough to tell "ambiguous"). */
export async function findUserAlertsByPrefix(db: Q, userId: string, prefix: string): Promise<AlertRow[]> {
  return db.query<AlertRow>(
    `select ${COLUMNS} from price_alerts where user_id = $1 and id::text like $2 || '%' order by created_at limit 2`,
    [userId, prefix],
  );
}

export async function deleteAlert(db: Q, userId: string, id: string): Promise<boolean> {
  const rows = await db.query('delete from price_alerts where id = $1 and user_id = $2 returning id', [id, userId]);
  return rows.length > 0;
}

/** Every armed alert, to load the book at start. */
export async function listArmedAlerts(db: Q): Promise<AlertRow[]> {
  return db.query<AlertRow>(`select ${COLUMNS} from price_alerts where state = 'armed' order by created_at, id`);
}

/**
 * Records a trigger: a one-shot alert becomes `triggered`, a repeating one stays armed with its
 * time. Only an armed alert whose last trigger is older applies, so a trigger recorded twice (two
 * cores, a retry after an unknown commit) changes nothing the second time. Returns the row, or null.
 */
export async function recordTrigger(tx: SqlTx, id: string, atMs: number): Promise<AlertRow | null> {
  const rows = await tx.query<AlertRow>(
    `update price_alerts set state = case when repeat then 'armed' else 'triggered' end, last_triggered_at = $2
      where id = $1 and state = 'armed' and (last_triggered_at is null or last_triggered_at < $2)
      returning ${COLUMNS}`,
    [id, new Date(atMs)],
  );
  return rows[0] ?? null;
}

export async function loadPriceMarks(db: Q): Promise<PriceMark[]> {
  const rows = await db.query<{ symbol: string; last_price_krw: number; quote_at: Date }>('select symbol, last_price_krw, quote_at from price_alert_marks');
  return rows.map((r) => ({ symbol: r.symbol, lastPriceKrw: r.last_price_krw, atMs: r.quote_at.getTime() }));
}

/** Saves marks in one statement; an older mark never overwrites a newer one. */
export async function savePriceMarks(db: Q, marks: readonly PriceMark[], nowMs: number): Promise<void> {
  if (marks.length === 0) return;
  await db.query(
    `insert into price_alert_marks (symbol, last_price_krw, quote_at, updated_at)
     select m.symbol, m.last_price_krw, m.quote_at, $2 from jsonb_to_recordset($1::jsonb) as m(symbol text, last_price_krw bigint, quote_at timestamptz)
     on conflict (symbol) do update set last_price_krw = excluded.last_price_krw, quote_at = excluded.quote_at, updated_at = excluded.updated_at
      where price_alert_marks.quote_at < excluded.quote_at`,
    [JSON.stringify(marks.map((m) => ({ symbol: m.symbol, last_price_krw: m.lastPriceKrw, quote_at: new Date(m.atMs).toISOString() }))), new Date(nowMs)],
  );
}

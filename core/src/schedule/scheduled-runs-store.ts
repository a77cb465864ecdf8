import type { SqlClient, SqlTx } from '../db/sql-client.js';
import type { ScheduledKind } from './schedule-policy.js';

/** Whether the day's message of this kind was already sent (by this core before a restart, or another). */
export async function hasRun(db: SqlClient | SqlTx, kind: ScheduledKind, tradingDay: string): Promise<boolean> {
  const rows = await db.query('select 1 from scheduled_runs where kind = $1 and trading_day = $2::date', [kind, tradingDay]);
  return rows.length > 0;
}

/**
 * Claims the day's run inside the transaction that writes its notifications; false when it was
 * claimed already. Under a concurrent claim the insert waits for the other transaction and then
 * loses, so exactly one set of notifications commits.
 */
export async function claimRun(tx: SqlTx, run: { kind: ScheduledKind; tradingDay: string; nowMs: number; late: boolean }): Promise<boolean> {
  const rows = await tx.query(
    `insert into scheduled_runs (kind, trading_day, ran_at, late) values ($1, $2::date, $3, $4)
     on conflict (kind, trading_day) do nothing returning kind`,
    [run.kind, run.tradingDay, new Date(run.nowMs), run.late],
  );
  return rows.length === 1;
}

export async function setRecipients(tx: SqlTx, kind: ScheduledKind, tradingDay: string, recipients: number): Promise<void> {
  await tx.query('update scheduled_runs set recipients = $3 where kind = $1 and trading_day = $2::date', [kind, tradingDay, recipients]);
}

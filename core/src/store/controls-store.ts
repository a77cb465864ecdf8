import type { SqlClient, SqlTx } from '../db/sql-client.js';

type Q = SqlClient | SqlTx;

/**
 * Whether the operator's kill switch is on. Read from the database each time (never cached), so
 * every core process sharing the database sees a halt at once and it survives restarts.
 */
export async function isTradingHalted(db: Q): Promise<boolean> {
  const rows = await db.query<{ halted: boolean }>('select halted from trading_controls where id');
  return rows[0]?.halted ?? false;
}

/** Turns the kill switch on or off and records who did it and when. */
export async function setTradingHalted(db: Q, change: { halted: boolean; actor: string; nowMs: number }): Promise<void> {
  const at = new Date(change.nowMs);
  // An upsert, so a database whose row was removed by hand still gets a switch back.
  await db.query(
    `insert into trading_controls (id, halted, halted_at, halted_by, updated_at)
     values (true, $1, case when $1 then $3::timestamptz end, case when $1 then $2 end, $3)
     on conflict (id) do update set halted = excluded.halted,
       halted_at = case when excluded.halted then coalesce(trading_controls.halted_at, excluded.halted_at) end,
       halted_by = case when excluded.halted then coalesce(trading_controls.halted_by, excluded.halted_by) end,
       updated_at = excluded.updated_at`,
    [change.halted, change.actor, at],
  );
}

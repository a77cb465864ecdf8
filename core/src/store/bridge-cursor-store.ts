import type { SqlClient, SqlTx } from '../db/sql-client.js';
import type { BridgeCursor, BridgeCursorStore } from '../bridge/bridge-connection.js';

/** Where core records the last bridge event it applied, in the same transaction as the event itself. */
export function sqlBridgeCursorStore(db: SqlClient): BridgeCursorStore {
  return {
    async lastAppliedSeq(bridgeId, epoch) {
      const rows = await db.query<{ last_applied_seq: number }>(
        'select last_applied_seq from bridge_cursors where bridge_id = $1 and epoch = $2',
        [bridgeId, epoch],
      );
      return rows[0]?.last_applied_seq ?? 0;
    },
  };
}

export async function saveBridgeCursor(tx: SqlTx, cursor: BridgeCursor, nowMs: number): Promise<void> {
  await tx.query(
    `insert into bridge_cursors (bridge_id, epoch, last_applied_seq, updated_at) values ($1, $2, $3, $4)
     on conflict (bridge_id) do update set epoch = excluded.epoch, last_applied_seq = excluded.last_applied_seq, updated_at = excluded.updated_at`,
    [cursor.bridgeId, cursor.epoch, cursor.seq, new Date(nowMs)],
  );
}

import type { SqlClient } from '../db/sql-client.js';

export interface AuditEntry {
  userId: string | null;
  platform: string | null;
  actor: string;
  command: string;
  outcome: string;
  detail?: Record<string, unknown>;
  nowMs: number;
}

/** Who did what, from where, and how it ended. Never the arguments that hold secrets. */
export async function writeAudit(db: SqlClient, entry: AuditEntry): Promise<void> {
  await db.query(
    `insert into audit_log (user_id, platform, actor, command, outcome, detail, created_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [entry.userId, entry.platform, entry.actor, entry.command, entry.outcome, entry.detail ?? {}, new Date(entry.nowMs)],
  );
}

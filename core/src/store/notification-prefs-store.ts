import { NOTIFY_KINDS, notifyModeSchema, notifyPrefsSchema, quietHoursSchema, type NotifyKind, type NotifyMode, type NotifyPrefs } from '@tradedesk/contracts';
import type { SqlClient, SqlTx } from '../db/sql-client.js';
import { DEFAULT_NOTIFY_PREFS } from '../domain/notification-policy.js';

type Q = SqlClient | SqlTx;

interface PrefsRow {
  modes: Partial<Record<NotifyKind, NotifyMode>>;
  quiet_start_hour: number | null;
  quiet_end_hour: number | null;
}

/** A user's notification settings; the defaults when they never changed any. */
export async function findNotificationPrefs(db: Q, userId: string): Promise<NotifyPrefs> {
  const rows = await db.query<PrefsRow>(
    'select modes, quiet_start_hour, quiet_end_hour from notification_prefs where user_id = $1',
    [userId],
  );
  return rows[0] ? prefsOf(rows[0]) : DEFAULT_NOTIFY_PREFS;
}

export interface NotificationPrefsChange {
  mode?: { kind: NotifyKind; mode: NotifyMode };
  /** undefined: leave as is; null: no quiet hours. */
  quietHours?: NotifyPrefs['quietHours'];
}

/**
 * Applies a change in one statement and returns the settings after it. The kind's mode is merged
 * into the stored ones, so two changes at once to different kinds both stay.
 */
export async function changeNotificationPrefs(db: Q, userId: string, change: NotificationPrefsChange, nowMs: number): Promise<NotifyPrefs> {
  const modes = change.mode ? { [change.mode.kind]: change.mode.mode } : {};
  const setsQuiet = change.quietHours !== undefined;
  const rows = await db.query<PrefsRow>(
    `insert into notification_prefs (user_id, modes, quiet_start_hour, quiet_end_hour, updated_at)
     values ($1, $2, $3, $4, $5)
     on conflict (user_id) do update set
       modes = notification_prefs.modes || excluded.modes,
       quiet_start_hour = case when $6 then excluded.quiet_start_hour else notification_prefs.quiet_start_hour end,
       quiet_end_hour = case when $6 then excluded.quiet_end_hour else notification_prefs.quiet_end_hour end,
       updated_at = excluded.updated_at
     returning modes, quiet_start_hour, quiet_end_hour`,
    [userId, modes, change.quietHours?.startHour ?? null, change.quietHours?.endHour ?? null, new Date(nowMs), setsQuiet],
  );
  return prefsOf(rows[0]!);
}

/**
 * The row, over the defaults for kinds never set, each value checked against the contract. A value
 * that does not parse reads as its default instead of failing: these are read while fills are
 * applied, and a bad setting must not stop that.
 */
function prefsOf(row: PrefsRow): NotifyPrefs {
  const stored: Record<string, unknown> = row.modes;
  const modes = Object.fromEntries(NOTIFY_KINDS.map((kind) => [kind, notifyModeSchema.safeParse(stored[kind]).data ?? DEFAULT_NOTIFY_PREFS.modes[kind]]));
  const quietHours = quietHoursSchema.safeParse({ startHour: row.quiet_start_hour, endHour: row.quiet_end_hour }).data ?? null;
  return notifyPrefsSchema.parse({ modes, quietHours });
}

import type { SqlClient, SqlTx } from '../db/sql-client.js';
import { KrxCalendar } from './krx-calendar.js';
import { calendarOverrideSchema, type CalendarOverride } from './krx-sessions.js';

interface OverrideRow {
  trading_day: string;
  closed: boolean;
  open_minute: number | null;
  close_minute: number | null;
  note: string;
}

/**
 * The operator's overrides for dates in [fromDay, toDay], parsed with the contract: a row that does
 * not parse is a broken table (the checks in the migration forbid it), so it throws.
 */
export async function listCalendarOverrides(db: SqlClient | SqlTx, fromDay: string, toDay: string): Promise<CalendarOverride[]> {
  const rows = await db.query<OverrideRow>(
    `select to_char(trading_day, 'YYYY-MM-DD') as trading_day, closed, open_minute, close_minute, note
       from krx_calendar_overrides where trading_day between $1::date and $2::date order by trading_day`,
    [fromDay, toDay],
  );
  return rows.map((r) => calendarOverrideSchema.parse({
    day: r.trading_day, closed: r.closed, openMinute: r.open_minute, closeMinute: r.close_minute, note: r.note,
  }));
}

/** The calendar for the year of `day`, with that year's overrides from the table. */
export async function loadKrxCalendar(db: SqlClient | SqlTx, day: string): Promise<KrxCalendar> {
  const year = day.slice(0, 4);
  return new KrxCalendar(await listCalendarOverrides(db, `${year}-01-01`, `${year}-12-31`));
}

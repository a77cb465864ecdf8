import { z } from 'zod';

/** A regular session's hours in KST minutes of the day; the close is when the closing auction ends. */
export interface SessionHours {
  openMinute: number;
  closeMinute: number;
}

/** 09:00-15:30 (KRX.md 1). */
export const REGULAR_SESSION: SessionHours = { openMinute: 9 * 60, closeMinute: 15 * 60 + 30 };
/** The first trading day of the year opens an hour late, 10:00; the close is unchanged (KRX.md 1b). */
export const FIRST_DAY_OF_YEAR_SESSION: SessionHours = { openMinute: 10 * 60, closeMinute: 15 * 60 + 30 };

const minuteSchema = z.number().int().min(0).max(24 * 60 - 1);

/**
 * One operator override of the calendar (table `krx_calendar_overrides`): a closure KRX announced
 * (`closed`), or a special session (CSAT day 10:00-16:30). It wins over every rule for that date.
 */
export const calendarOverrideSchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  closed: z.boolean(),
  openMinute: minuteSchema.nullable(),
  closeMinute: minuteSchema.nullable(),
  note: z.string().max(200),
}).refine((o) => o.closed || (o.openMinute !== null && o.closeMinute !== null && o.openMinute < o.closeMinute),
  'an open day needs an open before its close');
export type CalendarOverride = z.infer<typeof calendarOverrideSchema>;

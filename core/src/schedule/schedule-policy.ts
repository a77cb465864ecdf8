import type { KrxDay } from '../calendar/krx-calendar.js';
import type { SessionHours } from '../calendar/krx-sessions.js';

export const SCHEDULED_KINDS = ['pre_open_brief', 'close_summary'] as const;
export type ScheduledKind = (typeof SCHEDULED_KINDS)[number];

/**
 * When each message goes out, in KST minutes of the day, as data:
 * - `wakeMinute`: the daily node-schedule firing (08:50, 15:40).
 * - `dueMinute`: when it is due on a given session: the brief at 08:50; the summary 10 minutes after
 *   the close (15:40, or 16:40 on CSAT day when the session ends at 16:30).
 * - `deadlineMinute` (exclusive), the catch-up policy for a missed firing (core down at the time):
 *   the brief is still sent until the session opens (09:00, or 10:00 on a delayed open) and is
 *   skipped after, when it would describe a market already trading; the summary is sent until 18:00
 *   the same day and skipped after (the `report` command still answers on demand).
 */
export const SCHEDULE_POLICY: Readonly<Record<ScheduledKind, {
  wakeMinute: number;
  dueMinute(session: SessionHours): number;
  deadlineMinute(session: SessionHours): number;
}>> = {
  pre_open_brief: { wakeMinute: 8 * 60 + 50, dueMinute: () => 8 * 60 + 50, deadlineMinute: (s) => s.openMinute },
  close_summary: { wakeMinute: 15 * 60 + 40, dueMinute: (s) => s.closeMinute + 10, deadlineMinute: () => 18 * 60 },
};

export type Decision =
  | { action: 'skip'; why: 'market_closed' | 'past_deadline' }
  | { action: 'wait'; untilMinute: number }
  | { action: 'run'; late: boolean };

/** What to do about `kind` at `minuteOfDay` (KST) on `day`. Late: after the minute it was due. */
export function decide(kind: ScheduledKind, day: KrxDay, minuteOfDay: number): Decision {
  if (!day.open) return { action: 'skip', why: 'market_closed' };
  const policy = SCHEDULE_POLICY[kind];
  const due = policy.dueMinute(day.session);
  if (minuteOfDay < due) return { action: 'wait', untilMinute: due };
  if (minuteOfDay >= policy.deadlineMinute(day.session)) return { action: 'skip', why: 'past_deadline' };
  return { action: 'run', late: minuteOfDay > due };
}

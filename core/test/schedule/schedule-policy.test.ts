import { describe, expect, it } from 'vitest';
import { KrxCalendar } from '../../src/calendar/krx-calendar.js';
import { calendarOverrideSchema } from '../../src/calendar/krx-sessions.js';
import { decide } from '../../src/schedule/schedule-policy.js';

const calendar = new KrxCalendar([calendarOverrideSchema.parse({ day: '2026-11-19', closed: false, openMinute: 600, closeMinute: 990, note: 'CSAT' })]);
const at = (hh: number, mm: number) => hh * 60 + mm;
const normalDay = calendar.dayOf('2026-11-20');

describe('schedule policy (when each message goes, and the catch-up deadlines)', () => {
  it('sends the pre-open brief from 08:50 until the open at 09:00, late after 08:50, and skips it from 09:00', () => {
    expect(decide('pre_open_brief', normalDay, at(8, 49))).toEqual({ action: 'wait', untilMinute: at(8, 50) });
    expect(decide('pre_open_brief', normalDay, at(8, 50))).toEqual({ action: 'run', late: false });
    expect(decide('pre_open_brief', normalDay, at(8, 59))).toEqual({ action: 'run', late: true });
    expect(decide('pre_open_brief', normalDay, at(9, 0))).toEqual({ action: 'skip', why: 'past_deadline' });
  });

  it('sends the close summary from 15:40 until 18:00 the same day and skips it from 18:00', () => {
    expect(decide('close_summary', normalDay, at(15, 39))).toEqual({ action: 'wait', untilMinute: at(15, 40) });
    expect(decide('close_summary', normalDay, at(15, 40))).toEqual({ action: 'run', late: false });
    expect(decide('close_summary', normalDay, at(17, 59))).toEqual({ action: 'run', late: true });
    expect(decide('close_summary', normalDay, at(18, 0))).toEqual({ action: 'skip', why: 'past_deadline' });
  });

  it('follows the session: the brief may catch up until 10:00 on a delayed open, the summary waits for a 16:30 close', () => {
    expect(decide('pre_open_brief', calendar.dayOf('2026-01-02'), at(9, 30))).toEqual({ action: 'run', late: true });
    expect(decide('pre_open_brief', calendar.dayOf('2026-01-02'), at(10, 0))).toEqual({ action: 'skip', why: 'past_deadline' });
    const csat = calendar.dayOf('2026-11-19');
    expect(decide('close_summary', csat, at(15, 40))).toEqual({ action: 'wait', untilMinute: at(16, 40) });
    expect(decide('close_summary', csat, at(16, 40))).toEqual({ action: 'run', late: false });
  });

  it('skips weekends and KRX holidays', () => {
    expect(decide('pre_open_brief', calendar.dayOf('2026-11-21'), at(8, 50))).toEqual({ action: 'skip', why: 'market_closed' });
    expect(decide('close_summary', calendar.dayOf('2026-12-25'), at(15, 40))).toEqual({ action: 'skip', why: 'market_closed' });
    expect(decide('close_summary', calendar.dayOf('2026-12-31'), at(15, 40))).toEqual({ action: 'skip', why: 'market_closed' });
  });
});

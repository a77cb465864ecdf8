import { describe, expect, it } from 'vitest';
import { KrxCalendar, type HolidaySource } from '../../src/calendar/krx-calendar.js';
import { FIRST_DAY_OF_YEAR_SESSION, REGULAR_SESSION, calendarOverrideSchema } from '../../src/calendar/krx-sessions.js';

const calendar = new KrxCalendar();

/** KRX.md 7b: the 2026 weekdays the exchange is closed. */
const CLOSED_WEEKDAYS_2026 = [
  '2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-03-02', '2026-05-01', '2026-05-05', '2026-05-25',
  '2026-06-03', '2026-07-17', '2026-08-17', '2026-09-24', '2026-09-25', '2026-10-05', '2026-10-09', '2026-12-25', '2026-12-31',
];

describe('KRX calendar', () => {
  it('closes exactly the 2026 weekdays KRX.md lists, and no other weekday of 2026', () => {
    const closed: string[] = [];
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 86_400_000) {
      const day = new Date(ms).toISOString().slice(0, 10);
      const weekday = new Date(ms).getUTCDay();
      if (weekday !== 0 && weekday !== 6 && !calendar.isTradingDay(day)) closed.push(day);
    }
    expect(closed).toEqual(CLOSED_WEEKDAYS_2026);
  });

  it('says why a day is closed: weekend, holiday with its names, Labor Day, year-end', () => {
    expect(calendar.dayOf('2026-11-21')).toMatchObject({ open: false, reason: 'weekend' });
    expect(calendar.dayOf('2026-02-17')).toMatchObject({ open: false, reason: 'holiday', names: ['설날'] });
    expect(calendar.dayOf('2026-06-03')).toMatchObject({ open: false, reason: 'holiday', names: ['전국동시지방선거'] });
    expect(calendar.dayOf('2026-05-01')).toMatchObject({ open: false });
    expect(calendar.dayOf('2026-12-31')).toMatchObject({ open: false, reason: 'year_end' });
    expect(calendar.dayOf('2026-12-30')).toMatchObject({ open: true, session: REGULAR_SESSION });
  });

  it('closes 1 May as Labor Day even in a year whose holiday data does not list it', () => {
    const withoutMayDay: HolidaySource = () => ({});
    expect(new KrxCalendar([], withoutMayDay).dayOf('2026-05-01')).toMatchObject({ open: false, reason: 'labor_day' });
    expect(new KrxCalendar([], withoutMayDay).dayOf('2026-05-04')).toMatchObject({ open: true });
  });

  it('moves the year-end closure to the closest preceding business day when 31 Dec is a weekend', () => {
    // 2023-12-31 was a Sunday: closed Fri 29th, the 28th was the last trading day (KRX.md 7a).
    expect(calendar.dayOf('2023-12-29')).toMatchObject({ open: false, reason: 'year_end' });
    expect(calendar.isTradingDay('2023-12-28')).toBe(true);
    // 2027-12-31 is a Friday: closed itself.
    expect(calendar.dayOf('2027-12-31')).toMatchObject({ open: false, reason: 'year_end' });
    expect(calendar.isTradingDay('2027-12-30')).toBe(true);
  });

  it('opens the first trading day of the year at 10:00 and the next day at 09:00', () => {
    expect(calendar.dayOf('2026-01-02')).toMatchObject({ open: true, session: FIRST_DAY_OF_YEAR_SESSION, special: 'first_day_of_year' });
    expect(calendar.dayOf('2026-01-05')).toMatchObject({ open: true, session: REGULAR_SESSION, special: null });
    // 2027: 1 Jan is a Friday holiday, then a weekend: Monday the 4th is the first trading day.
    expect(calendar.dayOf('2027-01-04')).toMatchObject({ session: FIRST_DAY_OF_YEAR_SESSION });
  });

  it('lets an operator override close a day or shift its session (CSAT day 10:00-16:30)', () => {
    const overrides = [
      calendarOverrideSchema.parse({ day: '2026-11-19', closed: false, openMinute: 600, closeMinute: 990, note: 'CSAT' }),
      calendarOverrideSchema.parse({ day: '2026-11-20', closed: true, openMinute: null, closeMinute: null, note: 'system outage' }),
    ];
    const withOverrides = new KrxCalendar(overrides);
    expect(withOverrides.dayOf('2026-11-19')).toMatchObject({ open: true, session: { openMinute: 600, closeMinute: 990 }, special: 'override' });
    expect(withOverrides.dayOf('2026-11-20')).toMatchObject({ open: false, reason: 'override', names: ['system outage'] });
    expect(calendar.dayOf('2026-11-20')).toMatchObject({ open: true });
  });

  it('refuses an override of an open day without a session', () => {
    expect(calendarOverrideSchema.safeParse({ day: '2026-11-19', closed: false, openMinute: null, closeMinute: null, note: '' }).success).toBe(false);
    expect(calendarOverrideSchema.safeParse({ day: '2026-11-19', closed: false, openMinute: 990, closeMinute: 600, note: '' }).success).toBe(false);
  });

  it('fails closed for a year the holiday data does not cover', () => {
    expect(calendar.dayOf('2031-03-04')).toMatchObject({ open: false, reason: 'no_holiday_data' });
  });
});

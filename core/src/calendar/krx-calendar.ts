import { y2018, y2019, y2020, y2021, y2022, y2023, y2024, y2025, y2026, y2027 } from '@hyunbinseo/holidays-kr/all';
import { addDays, weekdayOf } from './kst-time.js';
import { FIRST_DAY_OF_YEAR_SESSION, REGULAR_SESSION, type CalendarOverride, type SessionHours } from './krx-sessions.js';

/** Public holidays of one year keyed `YYYY-MM-DD`, or null when the data does not cover the year. */
export type HolidaySource = (year: number) => Readonly<Record<string, readonly string[]>> | null;

const HOLIDAY_YEARS: Readonly<Record<number, Readonly<Record<string, readonly string[]>>>> = {
  2018: y2018, 2019: y2019, 2020: y2020, 2021: y2021, 2022: y2022, 2023: y2023, 2024: y2024, 2025: y2025, 2026: y2026, 2027: y2027,
};

/**
 * @hyunbinseo/holidays-kr: transcribed from the official almanac, with substitute, temporary and
 * election days (which rule-based libraries lack). It covers a fixed range of years and is
 * upgraded yearly; a year it lacks reads as null and the calendar fails closed.
 */
export const officialKrHolidays: HolidaySource = (year) => HOLIDAY_YEARS[year] ?? null;

export type ClosedReason = 'weekend' | 'holiday' | 'labor_day' | 'year_end' | 'override' | 'no_holiday_data';

export type KrxDay =
  | { day: string; open: true; session: SessionHours; special: 'first_day_of_year' | 'override' | null }
  | { day: string; open: false; reason: ClosedReason; names: readonly string[] };

/**
 * The KRX trading calendar (KRX.md 7a): closed on weekends, public holidays (incl. temporary and
 * election days), Labor Day 1 May, and the year-end closing day (31 Dec, or the closest business day
 * before it); the first trading day of the year opens at 10:00; operator overrides win over all of
 * it. A year without holiday data is closed (`no_holiday_data`): better no scheduled message than
 * one on a holiday. Pure: dates in, answers out.
 */
export class KrxCalendar {
  readonly #overrides: ReadonlyMap<string, CalendarOverride>;
  readonly #holidays: HolidaySource;

  constructor(overrides: readonly CalendarOverride[] = [], holidays: HolidaySource = officialKrHolidays) {
    this.#overrides = new Map(overrides.map((o) => [o.day, o]));
    this.#holidays = holidays;
  }

  /** What KRX does on the KST date `day` (`YYYY-MM-DD`). */
  dayOf(day: string): KrxDay {
    const override = this.#overrides.get(day);
    if (override) {
      return override.closed
        ? { day, open: false, reason: 'override', names: [override.note] }
        : { day, open: true, session: { openMinute: override.openMinute!, closeMinute: override.closeMinute! }, special: 'override' };
    }
    const closed = this.#ruleClosure(day);
    if (closed) return { day, open: false, ...closed };
    return this.#isFirstOfYear(day)
      ? { day, open: true, session: FIRST_DAY_OF_YEAR_SESSION, special: 'first_day_of_year' }
      : { day, open: true, session: REGULAR_SESSION, special: null };
  }

  isTradingDay(day: string): boolean {
    return this.dayOf(day).open;
  }

  /** Closed by the rules (not overrides), year-end included. */
  #ruleClosure(day: string): { reason: ClosedReason; names: readonly string[] } | null {
    const base = this.#baseClosure(day);
    if (base) return base;
    return day === this.#yearEndClosingDay(Number(day.slice(0, 4))) ? { reason: 'year_end', names: [] } : null;
  }

  /** Weekends, holidays and 1 May: the days that also move the year-end closure earlier. */
  #baseClosure(day: string): { reason: ClosedReason; names: readonly string[] } | null {
    const weekday = weekdayOf(day);
    if (weekday === 0 || weekday === 6) return { reason: 'weekend', names: [] };
    const holidays = this.#holidays(Number(day.slice(0, 4)));
    if (!holidays) return { reason: 'no_holiday_data', names: [] };
    const names = holidays[day];
    if (names && names.length > 0) return { reason: 'holiday', names };
    if (day.slice(5) === '05-01') return { reason: 'labor_day', names: [] };
    return null;
  }

  /** 31 Dec, or when that is a weekend or holiday, the closest preceding business day. */
  #yearEndClosingDay(year: number): string {
    let day = `${year}-12-31`;
    for (let i = 0; i < 10 && this.#baseClosure(day); i++) day = addDays(day, -1);
    return day;
  }

  /** No trading day earlier in January: every earlier date is closed by rule or override. */
  #isFirstOfYear(day: string): boolean {
    if (day.slice(5, 7) !== '01') return false;
    for (let earlier = `${day.slice(0, 4)}-01-01`; earlier < day; earlier = addDays(earlier, 1)) {
      const override = this.#overrides.get(earlier);
      if (override ? !override.closed : !this.#ruleClosure(earlier)) return false;
    }
    return true;
  }
}

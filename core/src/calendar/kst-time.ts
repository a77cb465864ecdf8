/**
 * Korea Standard Time is UTC+9 all year (no daylight saving since 1988), so KST wall-clock time is a
 * fixed offset from the instant: no host zone, no tz database needed for these conversions.
 */
const KST_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;

/** A KST date and the minute of that day (0-1439) for an instant. */
export function kstWallClock(epochMs: number): { day: string; minuteOfDay: number } {
  const shifted = epochMs + KST_OFFSET_MS;
  const day = new Date(Math.floor(shifted / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  return { day, minuteOfDay: Math.floor((((shifted % DAY_MS) + DAY_MS) % DAY_MS) / 60_000) };
}

/** The instant of `minuteOfDay` on the KST date `day` (`YYYY-MM-DD`). */
export function kstInstant(day: string, minuteOfDay: number): number {
  return Date.parse(`${day}T00:00:00Z`) - KST_OFFSET_MS + minuteOfDay * 60_000;
}

/** `HH:MM` of a minute of the day. */
export function hhmm(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

/** The date `days` after (or before, when negative) `day`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

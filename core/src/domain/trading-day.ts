/** KRX keeps Korea Standard Time (UTC+9, no daylight saving), whatever the host's zone. */
export const KRX_TIME_ZONE = 'Asia/Seoul';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: KRX_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
});

/** The KST calendar date (`YYYY-MM-DD`) of an instant: daily counters reset at KST midnight. */
export function tradingDayOf(epochMs: number): string {
  return dayFormat.format(epochMs);
}

const hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: KRX_TIME_ZONE, hour: 'numeric', hourCycle: 'h23' });

/** The KST hour (0-23) of an instant, whatever the host's zone: quiet hours are set in KST. */
export function kstHourOf(epochMs: number): number {
  return Number(hourFormat.format(epochMs));
}

import { afterEach, describe, expect, it } from 'vitest';
import { nodeScheduleJobs } from '../../src/schedule/job-scheduler.js';
import { SCHEDULE_POLICY } from '../../src/schedule/schedule-policy.js';

const originalTz = process.env['TZ'];

describe('node-schedule jobs fire in Asia/Seoul whatever the host zone', () => {
  const jobs = nodeScheduleJobs();
  afterEach(() => {
    jobs.cancelAll();
    if (originalTz === undefined) delete process.env['TZ'];
    else process.env['TZ'] = originalTz;
  });

  // Zones west and east of UTC, one with a half-hour offset, one with daylight saving.
  it.each(['America/New_York', 'Asia/Kolkata', 'Europe/Berlin', 'UTC', 'Asia/Seoul'])('schedules 08:50 and 15:40 KST with the host in %s', (zone) => {
    process.env['TZ'] = zone;
    jobs.daily('pre_open_brief', SCHEDULE_POLICY.pre_open_brief.wakeMinute, () => {});
    jobs.daily('close_summary', SCHEDULE_POLICY.close_summary.wakeMinute, () => {});
    const brief = new Date(jobs.nextRunMs('pre_open_brief')!);
    const close = new Date(jobs.nextRunMs('close_summary')!);
    // KST is UTC+9 all year: 08:50 KST is 23:50 UTC the day before, 15:40 KST is 06:40 UTC.
    expect([brief.getUTCHours(), brief.getUTCMinutes()]).toEqual([23, 50]);
    expect([close.getUTCHours(), close.getUTCMinutes()]).toEqual([6, 40]);
    expect(brief.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
  });

  it('really changed the host zone for the test above (the check is not vacuous)', () => {
    process.env['TZ'] = 'America/New_York';
    const newYorkOffset = new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset();
    process.env['TZ'] = 'Asia/Kolkata';
    expect(newYorkOffset).toBe(300);
    expect(new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset()).toBe(-330);
  });

  it('fires a one-off job at its instant and forgets one in the past', () => {
    const atMs = Date.now() + 60_000;
    jobs.once('later', atMs, () => {});
    expect(jobs.nextRunMs('later')).toBe(atMs);
    jobs.once('past', Date.now() - 1_000, () => {});
    expect(jobs.nextRunMs('past')).toBeNull();
  });
});

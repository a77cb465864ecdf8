import schedule from 'node-schedule';
import { KRX_TIME_ZONE } from '../domain/trading-day.js';

/**
 * The seam between scheduled messages and time: production fires with node-schedule in Asia/Seoul
 * (whatever the host's zone); tests fire by hand with the injected clock.
 */
export interface JobScheduler {
  /** Calls `fn` every day at `minuteOfDay` KST. */
  daily(name: string, minuteOfDay: number, fn: () => void): void;
  /** Calls `fn` once at `atMs` (replacing an earlier one of the same name). */
  once(name: string, atMs: number, fn: () => void): void;
  /** The next firing of a job, epoch ms; null when none is scheduled. */
  nextRunMs(name: string): number | null;
  cancelAll(): void;
}

/** node-schedule with an explicit `tz`: cron fields are read in KST, never the host's zone. */
export function nodeScheduleJobs(): JobScheduler {
  const jobs = new Map<string, schedule.Job>();
  const put = (name: string, job: schedule.Job | null) => {
    jobs.get(name)?.cancel();
    if (job) jobs.set(name, job);
    else jobs.delete(name);
  };
  return {
    daily(name, minuteOfDay, fn) {
      const rule = `${minuteOfDay % 60} ${Math.floor(minuteOfDay / 60)} * * *`;
      put(name, schedule.scheduleJob({ rule, tz: KRX_TIME_ZONE }, fn));
    },
    once(name, atMs, fn) {
      // null when the instant is already past; the caller decided it is due later, so that is a race lost to the clock.
      put(name, schedule.scheduleJob(new Date(atMs), fn));
    },
    nextRunMs(name) {
      return jobs.get(name)?.nextInvocation()?.getTime() ?? null;
    },
    cancelAll() {
      for (const job of jobs.values()) job.cancel();
      jobs.clear();
    },
  };
}

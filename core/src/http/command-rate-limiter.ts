import type { Clock } from '../ports/clock.js';

const WINDOW_MS = 60_000;

/**
 * Commands per user per minute, as a sliding window over the times of the commands admitted in
 * the last minute (refused ones do not count, so waiting always gets a user back in). In memory,
 * per core process. Bounded: a user's list never grows past their limit, and users idle for a
 * whole window are forgotten, so it holds at most the users active in the last two minutes.
 */
export class CommandRateLimiter {
  /** User id -> when their admitted commands of the last window ran, oldest first. */
  private readonly admittedAtMs = new Map<string, number[]>();
  private sweptAtMs: number;

  constructor(private readonly clock: Clock) {
    this.sweptAtMs = clock.now();
  }

  /** Admits one command for the user, or says how long until one more fits under the limit. */
  take(userId: string, limitPerMinute: number): { admitted: true } | { admitted: false; retryAfterMs: number } {
    const nowMs = this.clock.now();
    this.forgetIdle(nowMs);
    const recent = (this.admittedAtMs.get(userId) ?? []).filter((atMs) => atMs > nowMs - WINDOW_MS);
    this.admittedAtMs.set(userId, recent);
    if (recent.length >= limitPerMinute) {
      // The next one fits once all but limit-1 of these are older than the window (the limit may have just dropped).
      return { admitted: false, retryAfterMs: recent[recent.length - limitPerMinute]! + WINDOW_MS - nowMs };
    }
    recent.push(nowMs);
    return { admitted: true };
  }

  /** How many users are remembered (for tests of the bound). */
  get trackedUsers(): number {
    return this.admittedAtMs.size;
  }

  private forgetIdle(nowMs: number): void {
    if (nowMs - this.sweptAtMs < WINDOW_MS) return;
    this.sweptAtMs = nowMs;
    for (const [userId, times] of this.admittedAtMs) {
      if ((times.at(-1) ?? -Infinity) <= nowMs - WINDOW_MS) this.admittedAtMs.delete(userId);
    }
  }
}

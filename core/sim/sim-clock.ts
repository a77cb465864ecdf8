import type { Clock as CoreClock } from '../src/ports/clock.js';

interface Timer { dueMs: number; seq: number; fire: () => void; intervalMs: number | null }

/**
 * One virtual time for everything in the simulation: core's clock (`now`, `sleep`) and the paper
 * broker's (`now`, `every`). Time moves only in `advanceTo`, which first lets all pending work
 * settle (promises, database calls), then fires the next due timer, in time order, ties by
 * creation order — so a seed reproduces a run.
 */
export class SimClock implements CoreClock {
  private nowMs: number;
  private seq = 0;
  private readonly timers = new Set<Timer>();

  constructor(startMs: number, private readonly settle: () => Promise<void>) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        this.timers.delete(timer);
        reject(signal?.reason);
      };
      const timer: Timer = {
        dueMs: this.nowMs + Math.max(0, Math.round(ms)), seq: this.seq++, intervalMs: null,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.timers.add(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  every(intervalMs: number, fn: () => void): () => void {
    const timer: Timer = { dueMs: this.nowMs + intervalMs, seq: this.seq++, intervalMs, fire: fn };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** Runs `fn` at `atMs` (virtual; whole milliseconds, as every timestamp in the system is). */
  at(atMs: number, fn: () => void): void {
    this.timers.add({ dueMs: Math.max(Math.round(atMs), this.nowMs), seq: this.seq++, intervalMs: null, fire: fn });
  }

  /** Fires every timer due up to `targetMs`, settling all work before each one and at the end. */
  async advanceTo(targetMs: number, afterEach?: () => Promise<void>): Promise<void> {
    for (;;) {
      await this.settle();
      const next = this.nextDue(targetMs);
      if (!next) break;
      this.nowMs = Math.max(this.nowMs, next.dueMs);
      if (next.intervalMs === null) this.timers.delete(next);
      else next.dueMs += next.intervalMs;
      next.fire();
      if (afterEach) {
        await this.settle();
        await afterEach();
      }
    }
    this.nowMs = Math.max(this.nowMs, targetMs);
  }

  private nextDue(targetMs: number): Timer | null {
    let next: Timer | null = null;
    for (const t of this.timers) {
      if (t.dueMs > targetMs) continue;
      if (!next || t.dueMs < next.dueMs || (t.dueMs === next.dueMs && t.seq < next.seq)) next = t;
    }
    return next;
  }
}

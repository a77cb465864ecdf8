import type { Clock } from '../ports/clock.js';

interface Sleeper { atMs: number; resolve: () => void }

/** A clock that moves only when told to: for tests and the simulator. */
export class ManualClock implements Clock {
  private nowMs: number;
  private sleepers: Sleeper[] = [];

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal?.reason);
      };
      const sleeper = { atMs: this.nowMs + ms, resolve: () => { signal?.removeEventListener('abort', onAbort); resolve(); } };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Sleeps not yet woken or aborted (a test can check that nothing is left waiting). */
  get pendingSleepers(): number {
    return this.sleepers.length;
  }

  /** Moves time forward and wakes every sleeper that is due, in time order. */
  advance(ms: number): void {
    this.set(this.nowMs + ms);
  }

  set(atMs: number): void {
    this.nowMs = atMs;
    const due = this.sleepers.filter((s) => s.atMs <= atMs).sort((a, b) => a.atMs - b.atMs);
    this.sleepers = this.sleepers.filter((s) => s.atMs > atMs);
    for (const s of due) s.resolve();
  }
}

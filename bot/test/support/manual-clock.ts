import type { Clock } from '../../src/commands/clock.js';

interface Timer { atMs: number; seq: number; resolve(): void }

/**
 * A clock that moves only when told. `sleep` resolves when {@link advance} (or {@link runUntilIdle})
 * passes its deadline, or at once when its signal aborts.
 */
export class ManualClock implements Clock {
  #nowMs: number;
  #seq = 0;
  readonly #timers: Timer[] = [];

  constructor(startMs = 1_763_000_000_000) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer: Timer = { atMs: this.#nowMs + Math.max(0, ms), seq: this.#seq++, resolve };
      this.#timers.push(timer);
      signal?.addEventListener('abort', () => {
        const index = this.#timers.indexOf(timer);
        if (index >= 0) this.#timers.splice(index, 1);
        resolve();
      }, { once: true });
    });
  }

  /** Timers waiting now. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, firing due timers in order and letting their continuations run. */
  async advance(ms: number): Promise<void> {
    const targetMs = this.#nowMs + ms;
    await settle();
    for (;;) {
      const next = this.#next();
      if (!next || next.atMs > targetMs) break;
      this.#fire(next);
      await settle();
    }
    this.#nowMs = targetMs;
    await settle();
  }

  /** Fires timers one by one (jumping time to each) until none is left or `maxMs` has passed. */
  async runUntilIdle(maxMs = 3_600_000): Promise<void> {
    const limitMs = this.#nowMs + maxMs;
    for (let idleChecks = 0; idleChecks < 3;) {
      await settle();
      const next = this.#next();
      if (!next || next.atMs > limitMs) {
        idleChecks += 1;
        continue;
      }
      idleChecks = 0;
      this.#fire(next);
    }
  }

  #next(): Timer | undefined {
    return [...this.#timers].sort((a, b) => a.atMs - b.atMs || a.seq - b.seq)[0];
  }

  #fire(timer: Timer): void {
    this.#timers.splice(this.#timers.indexOf(timer), 1);
    this.#nowMs = Math.max(this.#nowMs, timer.atMs);
    timer.resolve();
  }
}

/** Lets pending promise continuations run (several macrotask turns, for chains of awaits). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
}

/**
 * Time as a port, so the feed, the heartbeat and the state store can run on a manual clock in
 * tests and simulation (STYLE §6). Only `systemClock` touches the real time.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `fn` every `intervalMs` until the returned function is called. */
  every(intervalMs: number, fn: () => void): () => void;
}

/** The real clock: `Date.now()` and `setInterval` (unref'd so a timer never keeps the process alive). */
export const systemClock: Clock = {
  now: () => Date.now(),
  every(intervalMs, fn) {
    const timer = setInterval(fn, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** A clock that only moves when told to; `advance` runs due timers in time order. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
}

/**
 * Creates a manual clock starting at `startMs`.
 * @example const clock = createManualClock(0); clock.every(1000, tick); clock.advance(3000); // tick ran 3 times
 */
export function createManualClock(startMs: number): ManualClock {
  let nowMs = startMs;
  const timers = new Set<{ intervalMs: number; dueMs: number; fn: () => void }>();
  return {
    now: () => nowMs,
    every(intervalMs, fn) {
      if (!(intervalMs > 0)) throw new RangeError('intervalMs must be positive');
      const timer = { intervalMs, dueMs: nowMs + intervalMs, fn };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    advance(ms) {
      const endMs = nowMs + ms;
      for (;;) {
        let next: { intervalMs: number; dueMs: number; fn: () => void } | undefined;
        for (const t of timers) if (t.dueMs <= endMs && (!next || t.dueMs < next.dueMs)) next = t;
        if (!next) break;
        nowMs = next.dueMs;
        next.dueMs += next.intervalMs;
        next.fn();
      }
      nowMs = endMs;
    },
  };
}

/**
 * Resolves once `durationMs` has passed on `clock` (at once for 0 or less). Built on `every`, so a
 * manual clock resolves it during `advance` (the awaiting code then runs in a microtask).
 * @example const done = sleep(clock, 3_000); clock.advance(3_000); await done;
 */
export function sleep(clock: Clock, durationMs: number): Promise<void> {
  if (!(durationMs > 0)) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = clock.every(durationMs, () => {
      stop();
      resolve();
    });
  });
}

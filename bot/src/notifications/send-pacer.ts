import type { Clock } from '../commands/clock.js';

const WINDOW_MS = 1_000;

/**
 * Spaces sends so that no window of one second holds more than `perSecond` of them (a platform's
 * global bot limit). Callers queue in order; each gets its slot when the window has room.
 */
export class SendPacer {
  readonly #clock: Clock;
  readonly #perSecond: number;
  readonly #startsMs: number[] = [];
  #turn: Promise<void> = Promise.resolve();

  constructor(clock: Clock, perSecond: number) {
    if (!Number.isSafeInteger(perSecond) || perSecond < 1) throw new Error('SendPacer: perSecond must be a whole number >= 1');
    this.#clock = clock;
    this.#perSecond = perSecond;
  }

  /** Resolves at the moment a send may start (and counts it); rejects if `signal` aborts while waiting. */
  acquire(signal: AbortSignal): Promise<void> {
    const turn = this.#turn.then(() => this.#waitForRoom(signal));
    this.#turn = turn.catch(() => undefined);
    return turn;
  }

  async #waitForRoom(signal: AbortSignal): Promise<void> {
    for (;;) {
      if (signal.aborted) throw new Error('send pacer stopped');
      const nowMs = this.#clock.now();
      while (this.#startsMs.length > 0 && this.#startsMs[0]! <= nowMs - WINDOW_MS) this.#startsMs.shift();
      if (this.#startsMs.length < this.#perSecond) {
        this.#startsMs.push(nowMs);
        return;
      }
      await this.#clock.sleep(this.#startsMs[0]! + WINDOW_MS - nowMs, signal);
    }
  }
}

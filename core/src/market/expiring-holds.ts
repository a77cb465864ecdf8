import type { Clock } from '../ports/clock.js';

/**
 * Holds that end by themselves after a while unless renewed (a `price` look-up's watch on a
 * symbol): one clock sleeper for all of them, waking at the earliest expiry. Bounded by the caller
 * (each hold is a quote subscription demand, themselves bounded).
 */
export class ExpiringHolds {
  readonly #expiresAtMs = new Map<string, { atMs: number; owner: string; symbol: string }>();
  #sweeping = false;
  readonly #stopping = new AbortController();

  constructor(
    private readonly clock: Clock,
    private readonly onExpired: (owner: string, symbol: string) => void,
  ) {}

  /** Starts or extends the hold of `owner` on `symbol` until `holdMs` from now. */
  renew(owner: string, symbol: string, holdMs: number): void {
    if (this.#stopping.signal.aborted) return;
    const key = `${owner}\u0000${symbol}`;
    const atMs = this.clock.now() + holdMs;
    const held = this.#expiresAtMs.get(key);
    if (held) held.atMs = Math.max(held.atMs, atMs);
    else this.#expiresAtMs.set(key, { atMs, owner, symbol });
    if (!this.#sweeping) void this.#sweep();
  }

  /** Forgets a hold (released some other way). */
  forget(owner: string, symbol: string): void {
    this.#expiresAtMs.delete(`${owner}\u0000${symbol}`);
  }

  get size(): number {
    return this.#expiresAtMs.size;
  }

  stop(): void {
    this.#stopping.abort(new Error('stopping'));
  }

  async #sweep(): Promise<void> {
    this.#sweeping = true;
    try {
      while (this.#expiresAtMs.size > 0) {
        const nowMs = this.clock.now();
        let nextMs = Infinity;
        for (const [key, hold] of this.#expiresAtMs) {
          if (hold.atMs <= nowMs) {
            this.#expiresAtMs.delete(key);
            this.onExpired(hold.owner, hold.symbol);
          } else if (hold.atMs < nextMs) {
            nextMs = hold.atMs;
          }
        }
        if (nextMs === Infinity) return;
        await this.clock.sleep(nextMs - nowMs, this.#stopping.signal);
      }
    } catch {
      // stopped
    } finally {
      this.#sweeping = false;
    }
  }
}

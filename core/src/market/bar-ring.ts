import type { MinuteBar } from './market-feed.js';

/** Numbers per bar in the ring: start, open, high, low, close, volume. */
const FIELDS = 6;
const INITIAL_CAPACITY = 64;

/**
 * One symbol's newest finished bars, oldest first, in a bounded ring of plain numbers (no object
 * per bar kept): it grows by doubling up to `capacityMax`, then overwrites the oldest.
 */
export class BarRing {
  #data: Float64Array;
  #capacity: number;
  /** Index of the oldest bar. */
  #head = 0;
  #size = 0;

  constructor(readonly symbol: string, readonly capacityMax: number) {
    this.#capacity = Math.min(INITIAL_CAPACITY, capacityMax);
    this.#data = new Float64Array(this.#capacity * FIELDS);
  }

  get size(): number {
    return this.#size;
  }

  /** Start of the newest bar, or -Infinity when empty. */
  get lastStartMs(): number {
    return this.#size === 0 ? -Infinity : this.#at(this.#size - 1, 0);
  }

  /** Appends a bar newer than the newest one; an older or equal one is ignored (returns false). */
  push(bar: MinuteBar): boolean {
    if (bar.startMs <= this.lastStartMs) return false;
    if (this.#size === this.#capacity && this.#capacity < this.capacityMax) this.#grow();
    const slot = this.#size === this.#capacity ? this.#head : (this.#head + this.#size) % this.#capacity;
    const o = slot * FIELDS;
    const d = this.#data;
    d[o] = bar.startMs; d[o + 1] = bar.openKrw; d[o + 2] = bar.highKrw; d[o + 3] = bar.lowKrw; d[o + 4] = bar.closeKrw; d[o + 5] = bar.volumeShares;
    if (this.#size === this.#capacity) this.#head = (this.#head + 1) % this.#capacity;
    else this.#size += 1;
    return true;
  }

  /** Bars starting at or after `sinceMs`, oldest first, the newest `limit` of them. */
  since(sinceMs: number, limit: number): MinuteBar[] {
    let first = this.#size;
    while (first > 0 && this.#size - first < limit && this.#at(first - 1, 0) >= sinceMs) first -= 1;
    const bars: MinuteBar[] = [];
    for (let i = first; i < this.#size; i += 1) {
      bars.push({
        symbol: this.symbol, startMs: this.#at(i, 0), openKrw: this.#at(i, 1), highKrw: this.#at(i, 2),
        lowKrw: this.#at(i, 3), closeKrw: this.#at(i, 4), volumeShares: this.#at(i, 5),
      });
    }
    return bars;
  }

  #at(index: number, field: number): number {
    return this.#data[((this.#head + index) % this.#capacity) * FIELDS + field]!;
  }

  #grow(): void {
    const capacity = Math.min(this.#capacity * 2, this.capacityMax);
    const data = new Float64Array(capacity * FIELDS);
    for (let i = 0; i < this.#size; i += 1) {
      const from = ((this.#head + i) % this.#capacity) * FIELDS;
      data.set(this.#data.subarray(from, from + FIELDS), i * FIELDS);
    }
    this.#data = data;
    this.#capacity = capacity;
    this.#head = 0;
  }
}

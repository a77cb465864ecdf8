import { createSeededRng, type Rng } from '@tradedesk/windows-bridge';
import type { IdSource } from '../src/ports/id-source.js';

/** The simulation's only source of randomness: the seeded generator the paper feed uses, plus helpers. */
export class SimRandom {
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = createSeededRng(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    return this.rng.next();
  }

  int(minInclusive: number, maxInclusive: number): number {
    return minInclusive + Math.floor(this.next() * (maxInclusive - minInclusive + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An exponential wait with the given mean: Poisson arrivals. */
  exponentialMs(meanMs: number): number {
    return -Math.log(1 - this.next()) * meanMs;
  }

  /** An id source over this generator: uuids and bytes are reproducible from the seed. */
  ids(): IdSource {
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => this.int(0, 255));
    return {
      bytes,
      uuid: () => {
        const b = bytes(16);
        b[6] = (b[6]! & 0x0f) | 0x40;
        b[8] = (b[8]! & 0x3f) | 0x80;
        const hex = Buffer.from(b).toString('hex');
        return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      },
    };
  }
}

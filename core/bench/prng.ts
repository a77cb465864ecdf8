import { createSeededRng } from '@tradedesk/windows-bridge';
/**
 * Seeded randomness for the simulator: the same seed gives the same day, so both policies see the
 * identical arrival sequence and a failing property test can be replayed from its seed.
 */

/** A 32-bit state PRNG (mulberry32) returning uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  const rng = createSeededRng(seed);
  return () => rng.next();
}

/** A stream seed per (run seed, stream index), so one user's arrivals do not depend on the others'. */
export function streamSeed(seed: number, stream: number): number {
  let h = Math.imul(seed ^ 0x85ebca6b, 0x9e3779b1) ^ Math.imul(stream + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  return Math.imul(h, 0x27d4eb2f) >>> 0;
}

/** One exponential inter-arrival gap (ms) of a Poisson process with `ratePerMs` events per ms. */
export function exponentialGapMs(random: () => number, ratePerMs: number): number {
  return -Math.log(1 - random()) / ratePerMs;
}

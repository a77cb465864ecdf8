import { randomBytes } from 'node:crypto';

/**
 * Randomness as a port (STYLE §6): the paper feed uses a seeded generator so a seed reproduces a
 * price series; ids that must differ across restarts (the stream epoch) use the system source.
 */
export interface Rng {
  /** A uniformly distributed number in [0, 1). */
  next(): number;
}

/**
 * mulberry32: a small, fast 32-bit seeded PRNG. Good enough for a simulated feed, not for secrets.
 * @example const rng = createSeededRng(1); rng.next(); // same value for seed 1 on every run
 */
export function createSeededRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    },
  };
}

/** Cryptographically random numbers; used where a restart must never repeat a value. */
export function createSystemRng(): Rng {
  return { next: () => randomBytes(4).readUInt32BE(0) / 4_294_967_296 };
}

/** An integer in [0, maxExclusive). */
export function randomInt(rng: Rng, maxExclusive: number): number {
  return Math.floor(rng.next() * maxExclusive);
}

/** `lengthChars` lowercase hex digits. */
export function randomHex(rng: Rng, lengthChars: number): string {
  let out = '';
  for (let i = 0; i < lengthChars; i++) out += randomInt(rng, 16).toString(16);
  return out;
}

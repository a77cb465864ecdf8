import { describe, expect, it } from 'vitest';
import { formatLinkCode, hashLinkCode, normalizeLinkCode } from '../../src/domain/link-code.js';

const key = new Uint8Array(32).fill(1);

describe('link codes', () => {
  it('formats 10 unambiguous symbols in groups of four', () => {
    const code = formatLinkCode(new Uint8Array(32).map((_, i) => i * 7));
    expect(code).toMatch(/^[A-HJ-KM-NP-Z2-9]{4}-[A-HJ-KM-NP-Z2-9]{4}-[A-HJ-KM-NP-Z2-9]{2}$/);
    expect(code).not.toMatch(/[01OIL]/);
  });

  it('skips bytes that would bias the alphabet, and refuses too few random bytes', () => {
    const biased = new Uint8Array(32).fill(255);
    expect(() => formatLinkCode(biased)).toThrow();
    const mixed = new Uint8Array([250, 251, ...new Array(30).fill(0)]);
    expect(formatLinkCode(mixed)).toBe('AAAA-AAAA-AA');
  });

  it('hashes the same code typed differently to the same value, and different keys differently', () => {
    expect(normalizeLinkCode(' k7qx m2pa-rt ')).toBe('K7QXM2PART');
    expect(hashLinkCode('k7qx-m2pa-rt', key)).toBe(hashLinkCode('K7QXM2PART', key));
    expect(hashLinkCode('K7QXM2PART', key)).not.toBe(hashLinkCode('K7QXM2PART', new Uint8Array(32).fill(2)));
    expect(hashLinkCode('K7QXM2PART', key)).not.toContain('K7QX');
  });
});

import { isOnTickGrid } from '@tradedesk/contracts';
import { describe, expect, it } from 'vitest';
import { PAPER_SYMBOLS } from '../../../src/brokers/paper/paper-symbols.js';

describe('paper symbols', () => {
  it('should list 40 distinct 6-character codes with reference prices on the tick grid', () => {
    expect(PAPER_SYMBOLS).toHaveLength(40);
    expect(new Set(PAPER_SYMBOLS.map((s) => s.code)).size).toBe(40);
    for (const s of PAPER_SYMBOLS) {
      expect(s.code).toMatch(/^[0-9A-Z]{6}$/);
      expect(isOnTickGrid(s.referencePriceKrw, s.market)).toBe(true);
    }
    expect(new Set(PAPER_SYMBOLS.map((s) => s.market))).toEqual(new Set(['KOSPI', 'KOSDAQ', 'ETF']));
  });
});

import { describe, expect, it } from 'vitest';
import { priceLine } from '../../src/commands/price.js';
import { quote } from '../support/fixtures.js';

describe('price line (Korean colours: red up, blue down)', () => {
  it('should mark a rise red with ▲ and a fall blue with ▼, in both languages', () => {
    expect(priceLine('ko', quote({ lastKrw: 72_000, prevCloseKrw: 71_000 }))).toBe('🔴 72,000원 ▲ +1,000원 (+1.41%)');
    expect(priceLine('en', quote({ lastKrw: 70_000, prevCloseKrw: 71_000 }))).toBe('🔵 KRW 70,000 ▼ KRW -1,000 (-1.41%)');
  });

  it('should leave an unchanged price without colour', () => {
    expect(priceLine('ko', quote({ lastKrw: 71_000, prevCloseKrw: 71_000 }))).toBe('71,000원 - 0원 (0.00%)');
  });

  it('should say when the price is at the day\'s upper or lower limit', () => {
    expect(priceLine('ko', quote({ lastKrw: 92_300, prevCloseKrw: 71_000, upperLimitKrw: 92_300 }))).toBe('🔴 92,300원 ▲ +21,300원 (+30.00%) · 상한가');
    expect(priceLine('en', quote({ lastKrw: 49_700, prevCloseKrw: 71_000, lowerLimitKrw: 49_700 }))).toBe('🔵 KRW 49,700 ▼ KRW -21,300 (-30.00%) · lower limit');
  });
});

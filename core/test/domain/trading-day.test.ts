import { describe, expect, it } from 'vitest';
import { tradingDayOf } from '../../src/domain/trading-day.js';

// 2026-11-23 00:00:00.000 KST = 2026-11-22 15:00:00.000 UTC
const KST_MIDNIGHT_MS = Date.parse('2026-11-22T15:00:00.000Z');

describe('Q-4: the trading day follows Asia/Seoul, whatever the host zone', () => {
  it('is still the previous KST day 1 ms before KST midnight', () => {
    expect(tradingDayOf(KST_MIDNIGHT_MS - 1)).toBe('2026-11-22');
  });

  it('turns at exactly KST midnight, and stays 1 ms after', () => {
    expect(tradingDayOf(KST_MIDNIGHT_MS)).toBe('2026-11-23');
    expect(tradingDayOf(KST_MIDNIGHT_MS + 1)).toBe('2026-11-23');
  });

  it('ignores the UTC date (which is still the 22nd) and the host TZ variable', () => {
    const previous = process.env['TZ'];
    process.env['TZ'] = 'America/New_York';
    try {
      expect(tradingDayOf(Date.parse('2026-11-22T20:00:00Z'))).toBe('2026-11-23');
    } finally {
      if (previous === undefined) delete process.env['TZ'];
      else process.env['TZ'] = previous;
    }
  });
});

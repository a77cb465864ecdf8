import { dailyLimitsKrw, isOnTickGrid, quoteSchema, type Quote } from '@tradedesk/contracts';
import { describe, expect, it } from 'vitest';
import { PaperMarket } from '../../../src/brokers/paper/paper-market.js';
import { findPaperSymbol, PAPER_SYMBOLS } from '../../../src/brokers/paper/paper-symbols.js';
import { createSeededRng } from '../../../src/rng.js';
import { START_MS } from '../../helpers.js';

function series(seed: number, steps: number): number[][] {
  const market = new PaperMarket(createSeededRng(seed), START_MS);
  const out: number[][] = [];
  for (let i = 1; i <= steps; i++) out.push(market.step(START_MS + i * 1_000).map((q) => q.lastKrw));
  return out;
}

describe('paper market feed', () => {
  it('should produce an identical price series for the same seed', () => {
    expect(series(42, 500)).toEqual(series(42, 500));
  });

  it('should produce a different price series for a different seed', () => {
    expect(series(42, 50)).not.toEqual(series(43, 50));
  });

  it('should keep every price on the tick grid and inside the day limits over 10,000 steps, across day rolls', () => {
    const market = new PaperMarket(createSeededRng(7), START_MS);
    let dayRolls = 0;
    const violations: Quote[] = [];
    let previousPrevClose = market.quote('005930')!.prevCloseKrw;
    for (let i = 1; i <= 10_000; i++) {
      // 10-minute steps: about 69 KST days, so the previous close rolls many times.
      for (const q of market.step(START_MS + i * 600_000)) {
        const symbolMarket = findPaperSymbol(q.symbol)!.market;
        const limits = dailyLimitsKrw(q.prevCloseKrw, symbolMarket);
        const ok = isOnTickGrid(q.lastKrw, symbolMarket)
          && q.lastKrw >= limits.lowerKrw && q.lastKrw <= limits.upperKrw
          && q.upperLimitKrw === limits.upperKrw && q.lowerLimitKrw === limits.lowerKrw
          && q.lowKrw <= q.lastKrw && q.lastKrw <= q.highKrw;
        if (!ok && violations.length < 5) violations.push(q);
        if (q.symbol === '005930' && q.prevCloseKrw !== previousPrevClose) {
          dayRolls += 1;
          previousPrevClose = q.prevCloseKrw;
        }
      }
    }
    expect(violations).toEqual([]);
    expect(dayRolls).toBeGreaterThan(30);
    expect(PAPER_SYMBOLS.every((s) => quoteSchema.safeParse(market.quote(s.code)).success)).toBe(true);
  });

  it.each([
    ['upper', 0.69, 'upperLimitKrw'],
    ['lower', 0, 'lowerLimitKrw'],
  ] as const)('should stop at the %s daily limit when the walk keeps pushing that way', (_name, r, limitKey) => {
    const market = new PaperMarket({ next: () => r }, START_MS);
    let quotes: Quote[] = [];
    for (let i = 1; i <= 3_000; i++) quotes = market.step(START_MS + i * 1_000);
    for (const q of quotes) {
      expect(q.lastKrw).toBe(q[limitKey]);
      expect(isOnTickGrid(q.lastKrw, findPaperSymbol(q.symbol)!.market)).toBe(true);
    }
  });

  it('should keep open, high, low and volume for the day and reset volume on a new KST day', () => {
    const market = new PaperMarket(createSeededRng(3), START_MS);
    for (let i = 1; i <= 100; i++) market.step(START_MS + i * 1_000);
    const q = market.quote('000660')!;
    expect(q.openKrw).toBe(200_000);
    expect(q.highKrw).toBeGreaterThanOrEqual(q.lowKrw);
    expect(q.volumeShares).toBeGreaterThan(0);
    const nextDay = market.step(START_MS + 24 * 60 * 60 * 1000).find((x) => x.symbol === '000660')!;
    expect(nextDay.prevCloseKrw).toBe(q.lastKrw);
    expect(nextDay.volumeShares).toBeLessThan(q.volumeShares);
  });
});

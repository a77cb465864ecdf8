import { describe, expect, it } from 'vitest';
import { dailyLimitsKrw, isOnTickGrid, nearestTicksKrw, tickSizeKrw } from '../src/krx-rules.js';

describe('KRX tick sizes', () => {
  it.each([
    [1_999, 1], [2_000, 5], [4_995, 5], [5_000, 10], [19_990, 10], [20_000, 50],
    [49_950, 50], [50_000, 100], [199_900, 100], [200_000, 500], [499_500, 500], [500_000, 1_000],
  ])('a stock at %i KRW moves in ticks of %i', (price, tick) => {
    expect(tickSizeKrw(price, 'KOSPI')).toBe(tick);
    expect(tickSizeKrw(price, 'KOSDAQ')).toBe(tick);
  });

  it('an ETF moves by 1 below 2,000 KRW and by 5 from 2,000 KRW', () => {
    expect(tickSizeKrw(1_999, 'ETF')).toBe(1);
    expect(tickSizeKrw(2_000, 'ETF')).toBe(5);
    expect(tickSizeKrw(90_000, 'ETF')).toBe(5);
  });

  it('accepts prices on the grid and refuses prices between ticks', () => {
    expect(isOnTickGrid(71_000, 'KOSPI')).toBe(true);
    expect(isOnTickGrid(71_050, 'KOSPI')).toBe(false);
    expect(isOnTickGrid(71_050, 'ETF')).toBe(true);
  });

  it('finds the nearest valid prices on both sides, across a band edge', () => {
    expect(nearestTicksKrw(71_050, 'KOSPI')).toEqual({ belowKrw: 71_000, aboveKrw: 71_100 });
    expect(nearestTicksKrw(49_990, 'KOSPI')).toEqual({ belowKrw: 49_950, aboveKrw: 50_000 });
    expect(nearestTicksKrw(70_000, 'KOSPI')).toEqual({ belowKrw: 70_000, aboveKrw: 70_000 });
  });
});

describe('KRX daily price limits', () => {
  it('puts the limits at ±30 % of the base price, cut to the tick grid', () => {
    // 71,000 * 1.3 = 92,300 (tick 100); 71,000 * 0.7 = 49,700 (tick 50)
    expect(dailyLimitsKrw(71_000, 'KOSPI')).toEqual({ upperKrw: 92_300, lowerKrw: 49_700 });
    // 15,550 * 0.3 = 4,665; 20,215 -> tick 50 -> 20,200; 10,885 -> tick 10 -> 10,890
    expect(dailyLimitsKrw(15_550, 'KOSDAQ')).toEqual({ upperKrw: 20_200, lowerKrw: 10_890 });
  });

  it('keeps both limits on the grid for every price band', () => {
    for (const base of [1_000, 3_333, 12_345, 45_678, 123_456, 345_678, 1_234_000]) {
      const { upperKrw, lowerKrw } = dailyLimitsKrw(base, 'KOSPI');
      expect(isOnTickGrid(upperKrw, 'KOSPI')).toBe(true);
      expect(isOnTickGrid(lowerKrw, 'KOSPI')).toBe(true);
      expect(upperKrw).toBeLessThanOrEqual(Math.floor(base * 1.3));
      expect(lowerKrw).toBeGreaterThanOrEqual(Math.ceil(base * 0.7));
    }
  });
});

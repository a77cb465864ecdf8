import type { Quote } from '@tradedesk/contracts';
import { describe, expect, it } from 'vitest';
import { checkOrderAgainstMarket } from '../../src/domain/order-rules.js';
import { DEFAULT_TIER_LIMITS } from '../../src/domain/tier-policy.js';

const quote: Quote = {
  symbol: '005930', lastKrw: 70_000, prevCloseKrw: 70_000, openKrw: 70_000, highKrw: 70_000, lowKrw: 70_000,
  volumeShares: 0, upperLimitKrw: 91_000, lowerLimitKrw: 49_000, at: 0,
};
const check = (priceKrw: number | undefined, qtyShares = 1, tier: 'free' | 'premium' = 'free') => () =>
  checkOrderAgainstMarket({ symbol: '005930', side: 'buy', qtyShares, ...(priceKrw === undefined ? {} : { priceKrw }) }, 'KOSPI', quote, DEFAULT_TIER_LIMITS[tier]);

describe('order rules against the day\'s quote', () => {
  it('accepts prices at both limits and refuses one tick beyond either', () => {
    expect(check(91_000)).not.toThrow();
    expect(check(49_000)).not.toThrow();
    expect(check(91_100)).toThrow('PRICE_OUT_OF_LIMIT');
    expect(check(48_950)).toThrow('PRICE_OUT_OF_LIMIT');
  });

  it('values a market order at the upper limit against the tier\'s order value', () => {
    // free: 10,000,000원. 109 × 91,000 = 9,919,000 fits; 110 × 91,000 = 10,010,000 does not.
    expect(check(undefined, 109)).not.toThrow();
    expect(check(undefined, 110)).toThrow('ORDER_VALUE_TOO_LARGE');
    expect(check(undefined, 110, 'premium')).not.toThrow();
  });

  it('refuses a quantity above the absolute maximum whatever the tier', () => {
    expect(check(50_000, 10_000_001, 'premium')).toThrow('QTY_TOO_LARGE');
  });
});

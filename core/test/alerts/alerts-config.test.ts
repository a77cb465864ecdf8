import { describe, expect, it } from 'vitest';
import { parseCoreConfig } from '../../src/config.js';

describe('alert limits in config', () => {
  it('allows free 5, basic 20, premium 100 armed alerts by default', () => {
    const { tierLimits } = parseCoreConfig({});
    expect([tierLimits.free.alertsMax, tierLimits.basic.alertsMax, tierLimits.premium.alertsMax]).toEqual([5, 20, 100]);
  });

  it('lets TIER_LIMITS_JSON override alertsMax of one tier and keep the others', () => {
    const { tierLimits } = parseCoreConfig({ TIER_LIMITS_JSON: '{"basic":{"alertsMax":3}}' });
    expect([tierLimits.free.alertsMax, tierLimits.basic.alertsMax, tierLimits.premium.alertsMax]).toEqual([5, 3, 100]);
    expect(tierLimits.basic.tradesPerDay).toBe(50);
  });

  it('refuses an alertsMax that is not a whole number of zero or more', () => {
    expect(() => parseCoreConfig({ TIER_LIMITS_JSON: '{"free":{"alertsMax":-1}}' })).toThrow();
    expect(() => parseCoreConfig({ TIER_LIMITS_JSON: '{"free":{"alertsMax":2.5}}' })).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { parseCoreConfig } from '../../src/config.js';

describe('tier limits in config', () => {
  it('has a command rate per tier by default: free 20, basic 40, premium 60 a minute', () => {
    const { tierLimits } = parseCoreConfig({});
    expect([tierLimits.free.commandsPerMinute, tierLimits.basic.commandsPerMinute, tierLimits.premium.commandsPerMinute]).toEqual([20, 40, 60]);
  });

  it('lets TIER_LIMITS_JSON override the command rate of one tier and keep the rest', () => {
    const { tierLimits } = parseCoreConfig({ TIER_LIMITS_JSON: '{"free":{"commandsPerMinute":5}}' });
    expect(tierLimits.free).toMatchObject({ commandsPerMinute: 5, tradesPerDay: 10 });
    expect(tierLimits.premium.commandsPerMinute).toBe(60);
  });

  it('refuses a command rate that is not a positive whole number', () => {
    expect(() => parseCoreConfig({ TIER_LIMITS_JSON: '{"basic":{"commandsPerMinute":0}}' })).toThrow();
    expect(() => parseCoreConfig({ TIER_LIMITS_JSON: '{"basic":{"commandsPerMinute":1.5}}' })).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, parseBridgeConfig } from '../src/config.js';

const TOKEN = 'a-token-of-sixteen+';

describe('bridge config', () => {
  it('should apply the defaults when only BRIDGE_TOKEN is set', () => {
    expect(parseBridgeConfig({ BRIDGE_TOKEN: TOKEN })).toEqual({
      host: '127.0.0.1',
      port: 8788,
      token: TOKEN,
      bridgeId: 'bridge-1',
      broker: 'paper',
      heartbeatIntervalMs: 15_000,
      replayBufferEventsMax: 10_000,
      paper: { stateFile: undefined, seed: 1, tickIntervalMs: 1_000, liquiditySharesPerTick: 1_000, commissionBps: 1.5, ordersPerAccountMax: 50_000 },
      logLevel: undefined,
    });
  });

  it('should parse numbers and paths from strings', () => {
    const config = parseBridgeConfig({
      BRIDGE_TOKEN: TOKEN, BRIDGE_PORT: '0', PAPER_SEED: '42', PAPER_COMMISSION_BPS: '2.5', PAPER_STATE_FILE: '/tmp/x.json', PAPER_TICK_INTERVAL_MS: '',
    });
    expect([config.port, config.paper.seed, config.paper.commissionBps, config.paper.stateFile, config.paper.tickIntervalMs])
      .toEqual([0, 42, 2.5, '/tmp/x.json', 1_000]);
  });

  it('should refuse a missing or short token without echoing it', () => {
    expect(() => parseBridgeConfig({})).toThrow(ConfigError);
    expect(() => parseBridgeConfig({ BRIDGE_TOKEN: 'short-secret' })).toThrow(/at least 16/);
    try {
      parseBridgeConfig({ BRIDGE_TOKEN: 'short-secret' });
    } catch (error) {
      expect(String(error)).not.toContain('short-secret');
    }
  });

  it('should refuse the kis and kiwoom brokers with a clear message', () => {
    expect(() => parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, BRIDGE_BROKER: 'kis' })).toThrow(/only "paper" is available/);
    expect(() => parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, BRIDGE_BROKER: 'kiwoom' })).toThrow(ConfigError);
  });

  it('should refuse an out-of-range port', () => {
    expect(() => parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, BRIDGE_PORT: '70000' })).toThrow(/BRIDGE_PORT/);
  });
});

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
      paper: {
        stateFile: undefined, seed: 1, tickIntervalMs: 1_000, liquiditySharesPerTick: 1_000, commissionBps: 1.5, ordersPerAccountMax: 50_000,
        sessions: { mode: 'unlimited' }, ordersPerSecondMax: 100, callsPerMinuteMax: 6_000, quoteSubscriptionsMax: 200, clientOrderIds: true, faults: undefined,
      },
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

  it('should configure single session mode like OpenAPI+: 1 slot, 3000 ms switch, 5 orders/s, 600 calls/min', () => {
    const { paper } = parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, PAPER_SESSION_MODE: 'single' });
    expect([paper.sessions, paper.ordersPerSecondMax, paper.callsPerMinuteMax])
      .toEqual([{ mode: 'single', slots: 1, switchCostMs: 3_000 }, 5, 600]);
    const custom = parseBridgeConfig({
      BRIDGE_TOKEN: TOKEN, PAPER_SESSION_MODE: 'single', PAPER_SESSION_SLOTS: '2', PAPER_SWITCH_COST_MS: '500',
      PAPER_ORDERS_PER_SECOND_MAX: '7', PAPER_CALLS_PER_MINUTE_MAX: '70',
    }).paper;
    expect([custom.sessions, custom.ordersPerSecondMax, custom.callsPerMinuteMax])
      .toEqual([{ mode: 'single', slots: 2, switchCostMs: 500 }, 7, 70]);
    expect(() => parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, PAPER_SESSION_MODE: 'double' })).toThrow(/PAPER_SESSION_MODE/);
  });

  it('should turn client order ids off only for PAPER_CLIENT_ORDER_IDS=false, like KIS and Kiwoom', () => {
    expect(parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, PAPER_CLIENT_ORDER_IDS: 'false' }).paper.clientOrderIds).toBe(false);
    expect(parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, PAPER_CLIENT_ORDER_IDS: 'true' }).paper.clientOrderIds).toBe(true);
    expect(() => parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, PAPER_CLIENT_ORDER_IDS: 'no' })).toThrow(/PAPER_CLIENT_ORDER_IDS/);
  });

  it('should parse PAPER_FAULTS as JSON, default its seed from PAPER_SEED, and refuse bad JSON, unknown keys and bad ranges', () => {
    const faults = parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, PAPER_FAULTS: '{"timeoutAfterAccept":0.1,"delayMs":{"min":5,"max":50}}' }).paper.faults;
    expect(faults).toEqual({ timeoutAfterAccept: 0.1, delayMs: { min: 5, max: 50 }, seed: expect.any(Number) });
    expect(parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, PAPER_FAULTS: '{"seed":9}' }).paper.faults).toEqual({ seed: 9 });
    expect(() => parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, PAPER_FAULTS: '{nope' })).toThrow(/PAPER_FAULTS must be a JSON object/);
    expect(() => parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, PAPER_FAULTS: '{"rejectProbabilty":0.5}' })).toThrow(/PAPER_FAULTS/);
    expect(() => parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, PAPER_FAULTS: '{"dropConnection":1.5}' })).toThrow(/PAPER_FAULTS/);
    expect(() => parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, PAPER_FAULTS: '{"delayMs":{"min":9,"max":1}}' })).toThrow(/PAPER_FAULTS/);
  });

  it('should refuse an out-of-range port', () => {
    expect(() => parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, BRIDGE_PORT: '70000' })).toThrow(/BRIDGE_PORT/);
  });
});

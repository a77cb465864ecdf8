import type { Quote } from '@tradedesk/contracts';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/manual-clock.js';
import { BridgeQuoteSubscriptions, type DropReason } from '../../src/market/quote-subscriptions.js';
import { InProcessPaper } from './in-process-paper.js';

const SAMSUNG = '005930';
const HYNIX = '000660';
const KODEX200 = '069500';
const NOT_AT_PAPER = '000020'; // listed at KRX, not in the paper market

function setup(quoteSubscriptionsMax?: number) {
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 1, 0, 0));
  const quotes: Quote[] = [];
  const bridge = new InProcessPaper((q) => quotes.push(q), quoteSubscriptionsMax === undefined ? {} : { quoteSubscriptionsMax });
  const subs = new BridgeQuoteSubscriptions({ broker: bridge, clock, log: pino({ level: 'silent' }), retryDelayMs: 1_000 });
  const drops: [string, readonly string[], DropReason][] = [];
  subs.onDropped((symbol, owners, reason) => drops.push([symbol, owners, reason]));
  const requestsOf = (type: string) => bridge.requests.filter((r) => r.type === type).map((r) => r.body);
  return { clock, quotes, bridge, subs, drops, requestsOf };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('quote subscriptions: reference counting', () => {
  it('should subscribe a symbol once however many owners want it, and unsubscribe when the last lets go', async () => {
    const { subs, bridge, requestsOf } = setup();
    expect(await subs.acquire('alert:1', SAMSUNG)).toBe(true);
    expect(await subs.acquire('alert:2', SAMSUNG)).toBe(true);
    expect(await subs.acquire('strategy:1', SAMSUNG)).toBe(true);
    expect(requestsOf('subscribe_quotes')).toEqual([{ symbols: [SAMSUNG] }]);
    subs.release('alert:1', SAMSUNG);
    subs.release('alert:2', SAMSUNG);
    await settle();
    expect([...bridge.paper.subscribedSymbols]).toEqual([SAMSUNG]);
    subs.release('strategy:1', SAMSUNG);
    await settle();
    expect(requestsOf('unsubscribe_quotes')).toEqual([{ symbols: [SAMSUNG] }]);
    expect(bridge.paper.subscribedSymbols.size).toBe(0);
    expect(subs.streamed().size).toBe(0);
  });

  it('should count an owner once per symbol (acquire is idempotent, one release is enough)', async () => {
    const { subs, bridge } = setup();
    await subs.acquire('alert:1', SAMSUNG);
    await subs.acquire('alert:1', SAMSUNG);
    subs.release('alert:1', SAMSUNG);
    await settle();
    expect(bridge.paper.subscribedSymbols.size).toBe(0);
  });

  it('should deliver the quotes of acquired symbols only', async () => {
    const { subs, bridge, quotes, clock } = setup();
    await subs.acquire('alert:1', HYNIX);
    quotes.length = 0;
    clock.advance(1_000);
    bridge.step(clock.now());
    expect(quotes.map((q) => q.symbol)).toEqual([HYNIX]);
  });
});

describe('quote subscriptions: the bridge cap', () => {
  it('should refuse a new symbol at the cap, hold nothing for it, and accept it once a place is free', async () => {
    const { subs, bridge } = setup(2);
    expect(await subs.acquire('alert:1', SAMSUNG)).toBe(true);
    expect(await subs.acquire('alert:2', HYNIX)).toBe(true);
    expect(await subs.acquire('alert:3', KODEX200)).toBe(false);
    expect(subs.wanted().has(KODEX200)).toBe(false);
    // Another owner of a symbol already streamed needs no new place.
    expect(await subs.acquire('alert:4', SAMSUNG)).toBe(true);
    subs.release('alert:2', HYNIX);
    expect(await subs.acquire('alert:3', KODEX200)).toBe(true);
    expect([...bridge.paper.subscribedSymbols].sort()).toEqual([SAMSUNG, KODEX200].sort());
  });

  it('should let an alert take the place of a symbol only a price look-up holds, but never the reverse', async () => {
    const { subs } = setup(1);
    expect(await subs.acquire(`price:${SAMSUNG}`, SAMSUNG, { transient: true })).toBe(true);
    expect(await subs.acquire('alert:1', HYNIX)).toBe(true);
    expect([...subs.streamed()]).toEqual([HYNIX]);
    expect(await subs.acquire(`price:${KODEX200}`, KODEX200, { transient: true })).toBe(false);
  });

  it('should say false for a symbol the broker does not stream, and tell drop listeners', async () => {
    const { subs, drops } = setup();
    expect(await subs.acquire('alert:1', NOT_AT_PAPER)).toBe(false);
    expect(drops).toEqual([[NOT_AT_PAPER, ['alert:1'], 'unknown_symbol']]);
    expect(subs.wanted().size).toBe(0);
  });
});

describe('quote subscriptions: reconnects', () => {
  it('should hold demands while the bridge is down and subscribe them all when it is ready', async () => {
    const { subs, bridge, requestsOf } = setup();
    bridge.connected = false;
    expect(await subs.acquire('alert:1', SAMSUNG)).toBe(true);
    expect(await subs.acquire('alert:2', HYNIX)).toBe(true);
    expect(subs.streamed().size).toBe(0);
    bridge.connected = true;
    subs.onBridgeReady();
    await settle();
    expect(requestsOf('subscribe_quotes')).toEqual([{ symbols: [SAMSUNG, HYNIX] }]);
    expect([...subs.streamed()]).toEqual([SAMSUNG, HYNIX]);
  });

  it('should subscribe everything again after a reconnect, since the bridge forgot them', async () => {
    const { subs, bridge } = setup();
    await subs.acquire('alert:1', SAMSUNG);
    await subs.acquire('strategy:1', HYNIX);
    bridge.connected = false;
    subs.onBridgeDisconnected();
    bridge.reconnect();
    expect(subs.streamed().size).toBe(0);
    bridge.connected = true;
    subs.onBridgeReady();
    await settle();
    expect([...bridge.paper.subscribedSymbols].sort()).toEqual([SAMSUNG, HYNIX].sort());
    expect([...subs.streamed()].sort()).toEqual([SAMSUNG, HYNIX].sort());
  });

  it('should drop the newest demands beyond a cap learned at connect, and tell their owners', async () => {
    const { subs, bridge, drops } = setup(2);
    bridge.connected = false;
    // Before the first hello the cap is unknown to a real connection; here capabilities exist, so
    // the demands are made first and the cap is then lowered by a "new bridge".
    await subs.acquire('alert:1', SAMSUNG);
    await subs.acquire('alert:2', HYNIX);
    const lowered = new InProcessPaper(() => undefined, { quoteSubscriptionsMax: 1 });
    Object.defineProperty(bridge, 'capabilities', { get: () => lowered.capabilities });
    bridge.connected = true;
    subs.onBridgeReady();
    await settle();
    expect(drops).toEqual([[HYNIX, ['alert:2'], 'cap']]);
    expect([...subs.streamed()]).toEqual([SAMSUNG]);
  });

  it('should retry a failed subscribe by the clock while connected', async () => {
    const { subs, bridge, clock } = setup();
    const original = bridge.request.bind(bridge);
    let failures = 1;
    bridge.request = (async (type: never, body: never) => {
      if (type === 'subscribe_quotes' && failures-- > 0) throw new Error('socket hiccup');
      return original(type, body);
    }) as typeof bridge.request;
    expect(await subs.acquire('alert:1', SAMSUNG)).toBe(true);
    expect(subs.streamed().size).toBe(0);
    clock.advance(1_000);
    await settle();
    expect([...subs.streamed()]).toEqual([SAMSUNG]);
  });
});

describe('quote subscriptions: holds that expire', () => {
  it('should release a look-up hold after holdMs from the latest acquire', async () => {
    const { subs, clock, bridge } = setup();
    await subs.acquire(`price:${SAMSUNG}`, SAMSUNG, { transient: true, holdMs: 300_000 });
    clock.advance(200_000);
    await subs.acquire(`price:${SAMSUNG}`, SAMSUNG, { transient: true, holdMs: 300_000 });
    clock.advance(299_999);
    await settle();
    expect([...bridge.paper.subscribedSymbols]).toEqual([SAMSUNG]);
    clock.advance(1);
    await settle();
    await settle();
    expect(bridge.paper.subscribedSymbols.size).toBe(0);
    expect(subs.wanted().size).toBe(0);
  });
});

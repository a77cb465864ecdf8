import type { Quote } from '@tradedesk/contracts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/manual-clock.js';
import { BarBuilder } from '../../src/market/bar-builder.js';
import { MarketBarStore } from '../../src/market/market-bar-store.js';
import { MarketFeed, type MinuteBar } from '../../src/market/market-feed.js';
import { openTestDb, testBackends, type TestDb } from '../support/test-db.js';

/** 2026-03-02 10:00:00 KST, a Monday. */
const T0 = Date.UTC(2026, 2, 2, 1, 0, 0);
const MIN = 60_000;
const silent = pino({ level: 'silent' });

function quote(atMs: number, lastKrw: number, volumeShares: number, symbol = '005930'): Quote {
  return {
    symbol, lastKrw, prevCloseKrw: 70_000, openKrw: 70_000, highKrw: 72_000, lowKrw: 69_000, volumeShares,
    upperLimitKrw: 91_000, lowerLimitKrw: 49_000, at: atMs,
  };
}

function setup(options: { store?: MarketBarStore; barsPerSymbolMax?: number } = {}) {
  const clock = new ManualClock(T0);
  const feed = new MarketFeed();
  const published: MinuteBar[] = [];
  feed.onBar((bar) => published.push(bar));
  const builder = new BarBuilder({ feed, clock, log: silent, flushGraceMs: 2_000, ...options });
  return { clock, feed, published, builder };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('bar builder: bars from quotes', () => {
  it('should build OHLC and volume as the difference of the cumulative day volume, published at the next minute', () => {
    const { feed, published } = setup();
    feed.publishQuote(quote(T0 + 1_000, 70_000, 1_000));
    feed.publishQuote(quote(T0 + 20_000, 70_500, 1_300));
    feed.publishQuote(quote(T0 + 40_000, 69_800, 1_900));
    feed.publishQuote(quote(T0 + 59_999, 70_100, 2_000));
    expect(published).toEqual([]);
    feed.publishQuote(quote(T0 + MIN + 5_000, 70_200, 2_600));
    // The very first quote's 1,000 shares have unknown history: not counted.
    expect(published).toEqual([{ symbol: '005930', startMs: T0, openKrw: 70_000, highKrw: 70_500, lowKrw: 69_800, closeKrw: 70_100, volumeShares: 1_000 }]);
  });

  it('should ignore duplicate and out-of-order quotes', () => {
    const { feed, published } = setup();
    feed.publishQuote(quote(T0 + 1_000, 70_000, 1_000));
    feed.publishQuote(quote(T0 + 10_000, 70_500, 1_500));
    feed.publishQuote(quote(T0 + 10_000, 70_500, 1_500)); // duplicate
    feed.publishQuote(quote(T0 + 5_000, 99_000, 1_200)); // older: out of order
    feed.publishQuote(quote(T0 + MIN, 70_000, 1_600));
    expect(published[0]).toMatchObject({ highKrw: 70_500, lowKrw: 70_000, closeKrw: 70_500, volumeShares: 500 });
  });

  it('should publish a quiet symbol\'s bar by the clock once the minute and the grace are over', async () => {
    const { feed, published, clock, builder } = setup();
    await builder.start();
    feed.publishQuote(quote(T0 + 1_000, 70_000, 1_000));
    clock.set(T0 + MIN + 1_999);
    await settle();
    expect(published).toEqual([]);
    clock.set(T0 + MIN + 2_000);
    await settle();
    expect(published.map((b) => b.startMs)).toEqual([T0]);
    // A late quote for the published minute is not applied; its volume counts in the next bar.
    feed.publishQuote(quote(T0 + 59_000, 1_000, 1_400));
    feed.publishQuote(quote(T0 + MIN + 3_000, 70_300, 1_500));
    feed.publishQuote(quote(T0 + 2 * MIN, 70_300, 1_500));
    expect(published[1]).toMatchObject({ startMs: T0 + MIN, openKrw: 70_300, lowKrw: 70_300, volumeShares: 500 });
    await builder.stop();
  });

  it('should count the whole cumulative volume of the first quote of a new KST day', () => {
    const { feed, published } = setup();
    const nextDay = T0 + 24 * 60 * MIN;
    feed.publishQuote(quote(T0, 70_000, 5_000));
    feed.publishQuote(quote(T0 + 30_000, 70_000, 9_000));
    feed.publishQuote(quote(nextDay, 71_000, 300));
    feed.publishQuote(quote(nextDay + MIN, 71_000, 800));
    expect(published.map((b) => b.volumeShares)).toEqual([4_000, 300]);
  });

  it('should keep a bounded ring per symbol and answer recent() oldest first', () => {
    const { feed, builder } = setup({ barsPerSymbolMax: 100 });
    for (let i = 0; i <= 250; i += 1) feed.publishQuote(quote(T0 + i * MIN, 70_000 + i * 100, i));
    const bars = builder.recent('005930', 0);
    expect(bars).toHaveLength(100);
    expect(bars[0]!.startMs).toBe(T0 + 150 * MIN);
    expect(bars.at(-1)!.startMs).toBe(T0 + 249 * MIN);
    expect(builder.recent('005930', T0 + 240 * MIN).map((b) => b.closeKrw)).toEqual(Array.from({ length: 10 }, (_, i) => 70_000 + (240 + i) * 100));
    expect(builder.recent('005930', 0, 3).map((b) => b.startMs)).toEqual([T0 + 247 * MIN, T0 + 248 * MIN, T0 + 249 * MIN]);
    expect(builder.recent('000660', 0)).toEqual([]);
  });
});

describe.each(testBackends())('bar builder: persistence on %s', (backend) => {
  let testDb: TestDb;
  beforeAll(async () => { testDb = await openTestDb(backend); });
  afterAll(async () => { await testDb.dispose(); });

  it('should write finished bars and load them at the next start, so charts survive a restart', async () => {
    const symbol = '000660';
    const store = new MarketBarStore(testDb.db);
    const first = setup({ store });
    await first.builder.start();
    for (let i = 0; i < 3; i += 1) first.feed.publishQuote(quote(T0 + i * MIN, 200_000 + i * 500, 100 * (i + 1), symbol));
    await first.builder.stop();
    const written = first.published;
    expect(written).toHaveLength(2);

    const second = setup({ store });
    second.clock.set(T0 + 10 * MIN);
    await second.builder.start();
    expect(second.builder.recent(symbol, 0)).toEqual(written);
    expect(await second.builder.load(symbol, T0)).toEqual(written);
    // The minute already stored is not published or written twice.
    second.feed.publishQuote(quote(T0 + 30_000, 1_000, 50, symbol));
    expect(second.builder.recent(symbol, 0)).toEqual(written);
    await second.builder.stop();
  });

  it('should write more bars than one statement takes, in batches', async () => {
    const store = new MarketBarStore(testDb.db);
    const bars: MinuteBar[] = Array.from({ length: 1_234 }, (_, i) => ({
      symbol: '035420', startMs: T0 + i * MIN, openKrw: 1, highKrw: 2, lowKrw: 1, closeKrw: 2, volumeShares: i,
    }));
    await store.insert(bars);
    await store.insert(bars.slice(0, 10)); // a repeat is ignored
    const read = await store.read('035420', T0);
    expect(read).toHaveLength(1_234);
    expect(read[1_233]).toEqual(bars[1_233]);
    expect((await store.read('035420', T0, 5)).map((b) => b.volumeShares)).toEqual([1_229, 1_230, 1_231, 1_232, 1_233]);
  });
});

import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/manual-clock.js';
import { price, PRICE_WATCH_MS } from '../../src/commands/price.js';
import { MarketFeed } from '../../src/market/market-feed.js';
import { QuoteCache } from '../../src/market/quote-cache.js';
import { BridgeQuoteSubscriptions } from '../../src/market/quote-subscriptions.js';
import { SymbolMaster } from '../../src/market/symbol-master.js';
import { InProcessPaper } from './in-process-paper.js';

const symbols = SymbolMaster.fromCsvFile();
const settle = () => new Promise((resolve) => setImmediate(resolve));

function setup() {
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 1, 0, 0));
  const quotes = new QuoteCache();
  const feed = new MarketFeed();
  feed.onQuote((q) => quotes.put(q));
  const broker = new InProcessPaper((q) => feed.publishQuote(q));
  const subscriptions = new BridgeQuoteSubscriptions({ broker, clock, log: pino({ level: 'silent' }) });
  const deps = { symbols, quotes, clock, broker, subscriptions };
  const getQuoteCount = () => broker.requests.filter((r) => r.type === 'get_quote').length;
  return { clock, broker, subscriptions, deps, getQuoteCount };
}

describe('price', () => {
  it('should answer with the last, previous close, volume and the day\'s limits, by name', async () => {
    const { deps } = setup();
    const { symbol, quote } = await price(deps, { query: '삼성전자' });
    expect(symbol).toMatchObject({ code: '005930', nameKo: '삼성전자' });
    expect(quote).toMatchObject({ symbol: '005930', lastKrw: expect.any(Number), prevCloseKrw: expect.any(Number), volumeShares: expect.any(Number) });
    expect(quote.upperLimitKrw).toBeGreaterThan(quote.lastKrw);
    expect(quote.lowerLimitKrw).toBeLessThan(quote.lastKrw);
  });

  it('should watch the symbol after a look-up and answer repeated look-ups from the shared feed', async () => {
    const { deps, broker, clock, subscriptions, getQuoteCount } = setup();
    await price(deps, { query: '005930' });
    await settle();
    expect([...subscriptions.streamed()]).toEqual(['005930']);
    clock.advance(1_000);
    broker.step(clock.now());
    const again = await price(deps, { query: '005930' });
    expect(getQuoteCount()).toBe(1);
    expect(again.quote.at).toBe(clock.now());
  });

  it('should let the watch go PRICE_WATCH_MS after the latest look-up, then ask the bridge again', async () => {
    const { deps, clock, subscriptions, broker, getQuoteCount } = setup();
    await price(deps, { query: '005930' });
    await settle();
    clock.advance(PRICE_WATCH_MS - 1);
    await settle();
    expect(subscriptions.streamed().has('005930')).toBe(true);
    clock.advance(1);
    await settle();
    await settle();
    expect(subscriptions.streamed().has('005930')).toBe(false);
    expect(broker.paper.subscribedSymbols.size).toBe(0);
    await price(deps, { query: '005930' });
    expect(getQuoteCount()).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { bridgeErrorOf, paperHarness } from '../../helpers.js';

const SAMSUNG = '005930';
const HYNIX = '000660';
const KODEX200 = '069500';

describe('paper broker: quote subscriptions', () => {
  it('should stop quoting a symbol once unsubscribed, and keep quoting the others', async () => {
    const h = paperHarness();
    await h.broker.subscribeQuotes({ symbols: [SAMSUNG, HYNIX] });
    expect(await h.broker.unsubscribeQuotes({ symbols: [SAMSUNG, KODEX200] })).toEqual({ unsubscribed: [SAMSUNG] });
    h.captured.quotes.length = 0;
    h.step();
    expect(h.captured.quotes.map((q) => q.symbol)).toEqual([HYNIX]);
  });

  it('should declare and enforce the configured cap, and free a place on unsubscribe', async () => {
    const h = paperHarness({ quoteSubscriptionsMax: 2 });
    expect(h.broker.capabilities.quoteSubscriptionsMax).toBe(2);
    await h.broker.subscribeQuotes({ symbols: [SAMSUNG, HYNIX] });
    expect(await bridgeErrorOf(() => h.broker.subscribeQuotes({ symbols: [KODEX200] })))
      .toEqual({ code: 'REJECTED', reason: 'TOO_MANY_SUBSCRIPTIONS' });
    // Subscribing again what is already streamed takes no new place.
    expect(await h.broker.subscribeQuotes({ symbols: [SAMSUNG] })).toEqual({ subscribed: [SAMSUNG] });
    await h.broker.unsubscribeQuotes({ symbols: [HYNIX] });
    expect(await h.broker.subscribeQuotes({ symbols: [KODEX200] })).toEqual({ subscribed: [KODEX200] });
    expect([...h.broker.subscribedSymbols].sort()).toEqual([SAMSUNG, KODEX200].sort());
  });

  it('should drop every subscription on reset (a new core connection)', async () => {
    const h = paperHarness();
    await h.broker.subscribeQuotes({ symbols: [SAMSUNG, HYNIX] });
    h.broker.resetQuoteSubscriptions();
    h.captured.quotes.length = 0;
    h.step();
    expect(h.captured.quotes).toEqual([]);
    expect(h.broker.subscribedSymbols.size).toBe(0);
  });
});

import type { PaperBroker } from '@tradedesk/windows-bridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeQuoteSubscriptions } from '../../src/market/quote-subscriptions.js';
import { consoleIdentity, startHarness, waitFor, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

describe.each(testBackends())('market data over the real paper bridge on %s', (backend) => {
  let h: Harness;
  const mia = consoleIdentity('mia');
  const subs = () => h.core.deps.subscriptions as BridgeQuoteSubscriptions;
  const paper = () => h.bridge!.gateway as PaperBroker;

  beforeAll(async () => {
    h = await startHarness(backend, { bridgeEnv: { PAPER_QUOTE_SUBSCRIPTIONS_MAX: '2' } });
    await h.call('link', mia, { code: await h.invite('mia', 'basic') });
  });
  afterAll(() => h.dispose());

  it('should stream an acquired symbol into the quote cache and subscribe it again after the bridge restarts', async () => {
    try {
      expect(await subs().acquire('alert:t1', '005930')).toBe(true);
      await waitFor(() => h.core.deps.quotes.getSameDay('005930', Date.now()) !== null, 'first quote');
      await h.stopBridge();
      expect(subs().streamed().has('005930')).toBe(false);
      const downAtMs = Date.now();
      await h.startBridge();
      await waitFor(() => subs().streamed().has('005930') && paper().subscribedSymbols.has('005930'), 'subscribed again');
      await waitFor(() => (h.core.deps.quotes.getSameDay('005930', Date.now())?.at ?? 0) > downAtMs, 'quotes flow again');
    } finally {
      subs().release('alert:t1', '005930');
    }
  });

  it('should refuse a symbol beyond the bridge\'s declared cap, and free the bridge\'s place on release', async () => {
    try {
      expect(await subs().acquire('alert:c1', '000660')).toBe(true);
      expect(await subs().acquire('strategy:c2', '035420')).toBe(true);
      expect(await subs().acquire('alert:c3', '068270')).toBe(false);
      subs().release('strategy:c2', '035420');
      await waitFor(() => !paper().subscribedSymbols.has('035420'), 'unsubscribed at the bridge');
      expect(await subs().acquire('alert:c3', '068270')).toBe(true);
      expect(paper().subscribedSymbols.has('068270')).toBe(true);
    } finally {
      subs().release('alert:c1', '000660');
      subs().release('alert:c3', '068270');
    }
  });

  it('should keep a looked-up symbol streamed, so the next look-up is the feed\'s latest quote', async () => {
    const first = await h.call('price', mia, { query: '카카오' });
    if (!first.ok) throw new Error(first.error.code);
    expect(first.output.symbol.code).toBe('035720');
    await waitFor(() => subs().streamed().has('035720'), 'price watch subscribed');
    const cachedAt = () => h.core.deps.quotes.getSameDay('035720', Date.now())?.at ?? 0;
    const before = cachedAt();
    await waitFor(() => cachedAt() > before, 'a streamed quote');
    const second = await h.call('price', mia, { query: '035720' });
    if (!second.ok) throw new Error(second.error.code);
    expect(second.output.quote.at).toBeGreaterThanOrEqual(cachedAt() - 200);
    expect(second.output.quote).toMatchObject({ symbol: '035720', upperLimitKrw: expect.any(Number), lowerLimitKrw: expect.any(Number) });
  });
});

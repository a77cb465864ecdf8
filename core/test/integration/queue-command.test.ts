import type { Quote } from '@tradedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIdentity, startHarness, UNLIMITED_COMMANDS, waitFor, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

const quoteOf = (symbol: string): Quote => ({
  symbol, lastKrw: 70_000, prevCloseKrw: 70_000, openKrw: 70_000, highKrw: 70_000, lowKrw: 70_000, volumeShares: 0,
  upperLimitKrw: 91_000, lowerLimitKrw: 49_000, at: Date.now(),
});

async function linkedUser(h: Harness, name: string, tier: 'free' | 'basic' | 'premium') {
  const identity = consoleIdentity(name);
  const linked = await h.call('link', identity, { code: await h.invite(name, tier) });
  if (!linked.ok) throw new Error(linked.error.code);
  return identity;
}

describe.each(testBackends())('queue while the bridge is down on %s', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    // Nothing is sent while the bridge is down, so orders stay queued where the test put them.
    h = await startHarness(backend, { bridgeDown: true });
    for (const symbol of ['005930', '000660']) h.core.deps.quotes.put(quoteOf(symbol));
  });
  afterAll(() => h.dispose());

  it('lists the user\'s queued orders with their place in the whole queue, wait estimates and today\'s trades', async () => {
    const fred = await linkedUser(h, 'fred', 'free');
    const vera = await linkedUser(h, 'vera', 'premium');
    const first = await h.call('place_order', fred, { symbol: '005930', side: 'buy', qtyShares: 1, priceKrw: 60_000 });
    const second = await h.call('place_order', fred, { symbol: '000660', side: 'buy', qtyShares: 2, priceKrw: 60_000 });
    // A VIP order placed later is still served before fred's.
    await h.call('place_order', vera, { symbol: '005930', side: 'buy', qtyShares: 3, priceKrw: 60_000 });
    if (!first.ok || !second.ok) throw new Error('orders not admitted');

    const queue = await h.call('queue', fred, {});
    // BRIDGE_ORDERS_PER_SECOND_MAX (10) while the bridge has not declared its rate: 100 ms per order.
    expect(queue).toEqual({
      ok: true,
      output: {
        accountKind: 'paper',
        queued: [
          { order: expect.objectContaining({ id: first.output.order.id, state: 'queued' }), position: 2, estimatedWaitMs: 200 },
          { order: expect.objectContaining({ id: second.output.order.id, state: 'queued' }), position: 3, estimatedWaitMs: 300 },
        ],
        tradesUsedToday: 2,
        tradesLeftToday: 8,
        inSession: null,
      },
    });
    expect(await h.call('queue', vera, {})).toMatchObject({ ok: true, output: { queued: [{ position: 1, estimatedWaitMs: 100 }], tradesUsedToday: 1, tradesLeftToday: 99 } });
  });

  it('leaves out orders that are no longer queued', async () => {
    const cass = await linkedUser(h, 'cass', 'basic');
    const placed = await h.call('place_order', cass, { symbol: '005930', side: 'sell', qtyShares: 1, priceKrw: 70_000 });
    if (!placed.ok) throw new Error(placed.error.code);
    expect(await h.call('cancel_order', cass, { orderId: placed.output.order.shortId })).toMatchObject({ ok: true });
    expect(await h.call('queue', cass, {})).toMatchObject({ ok: true, output: { queued: [], tradesUsedToday: 0 } });
  });
});

describe.each(testBackends())('queue on a single-session broker on %s', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend, {
      bridgeEnv: { PAPER_SESSION_MODE: 'single', PAPER_SESSION_SLOTS: '1', PAPER_SWITCH_COST_MS: '0' },
      // The test polls `queue`; the command rate (BOT-13) is not what it tests.
      env: { TIER_LIMITS_JSON: UNLIMITED_COMMANDS },
    });
  });
  afterAll(() => h.dispose());

  it('says whether the broker has the user\'s account logged in', async () => {
    const sam = await linkedUser(h, 'sam', 'premium');
    const tom = await linkedUser(h, 'tom', 'premium');
    const inSession = async (who: typeof sam) => {
      const answer = await h.call('queue', who, {});
      if (!answer.ok) throw new Error(answer.error.code);
      return answer.output.inSession;
    };
    await waitFor(async () => (await inSession(sam)) !== null, 'the dispatcher learned the slots');
    expect(await inSession(sam)).toBe(false);

    // The dispatcher logs sam's account in to send his order, and keeps it until it is idle.
    const placed = await h.call('place_order', sam, { symbol: '005930', side: 'buy', qtyShares: 1 }, 'sam-1');
    if (!placed.ok) throw new Error(placed.error.code);
    await waitFor(async () => (await inSession(sam)) === true, 'sam in session');
    expect(await inSession(tom)).toBe(false);
  });
});

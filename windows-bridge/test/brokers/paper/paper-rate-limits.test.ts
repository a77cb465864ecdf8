import { describe, expect, it } from 'vitest';
import { bridgeErrorOf, openSessionNow, paperHarness, type PaperHarness } from '../../helpers.js';

const A = 'acct-a';
const B = 'acct-b';
const BUSY = { code: 'RETRYABLE', reason: 'BUSY' };

const restingBuy = (h: PaperHarness, accountRef: string, clientOrderId: string) => h.broker.placeOrder({
  clientOrderId, accountRef, symbol: '005930', side: 'buy', orderType: 'limit', qtyShares: 1, priceKrw: 60_000,
});

async function harness(options: Parameters<typeof paperHarness>[0] = {}): Promise<PaperHarness> {
  const h = paperHarness(options);
  for (const accountRef of [A, B]) await h.broker.openAccount({ accountRef, initialCashKrw: 1_000_000_000 });
  return h;
}

describe('paper rate limits', () => {
  it('should answer RETRYABLE BUSY for a 6th order within one second in single mode (5/s), place nothing, and admit orders again 1000 ms later', async () => {
    const h = await harness({ sessions: { mode: 'single' } });
    await openSessionNow(h, A);
    for (let i = 0; i < 5; i++) await restingBuy(h, A, `o${i}`);
    expect(await bridgeErrorOf(() => restingBuy(h, A, 'o5'))).toEqual(BUSY);
    expect(await bridgeErrorOf(() => h.broker.cancelOrder({ accountRef: A, clientOrderId: 'o0' }))).toEqual(BUSY);
    h.clock.advance(999);
    expect(await bridgeErrorOf(() => restingBuy(h, A, 'o5'))).toEqual(BUSY);
    expect((await h.broker.queryOrders({ accountRef: A, clientOrderIds: ['o5'] })).notFound).toEqual(['o5']);
    h.clock.advance(1);
    await expect(restingBuy(h, A, 'o5')).resolves.toMatchObject({ brokerOrderId: expect.any(String) });
  });

  it('should count orders per account (per session), so another account still may order', async () => {
    const h = await harness({ ordersPerSecondMax: 2 });
    await restingBuy(h, A, 'a1');
    await restingBuy(h, A, 'a2');
    expect(await bridgeErrorOf(() => restingBuy(h, A, 'a3'))).toEqual(BUSY);
    await expect(restingBuy(h, B, 'b1')).resolves.toBeDefined();
    expect(h.broker.capabilities.ordersPerSecondMax).toBe(2);
  });

  it('should answer RETRYABLE BUSY beyond the calls per minute over all accounts and all call kinds, not counting refused calls', async () => {
    const h = await harness({ callsPerMinuteMax: 4 });
    await h.broker.getQuote({ symbol: '005930' });
    await h.broker.getBalance({ accountRef: A });
    await h.broker.queryOrders({ accountRef: B, clientOrderIds: [] });
    h.clock.advance(30_000);
    await restingBuy(h, B, 'b1');
    expect(await bridgeErrorOf(() => h.broker.getQuote({ symbol: '005930' }))).toEqual(BUSY);
    expect(await bridgeErrorOf(() => h.broker.getQuote({ symbol: '005930' }))).toEqual(BUSY);
    h.clock.advance(30_000); // the first three calls leave the window; the two refused ones were never counted
    for (let i = 0; i < 3; i++) await h.broker.getQuote({ symbol: '005930' });
    expect(await bridgeErrorOf(() => h.broker.getBalance({ accountRef: A }))).toEqual(BUSY);
  });

  it('should keep the generous limits in unlimited mode: 100 orders per second, 6000 calls per minute', async () => {
    const h = await harness();
    expect(h.broker.capabilities).toMatchObject({ ordersPerSecondMax: 100, callsPerMinuteMax: 6_000 });
    for (let i = 0; i < 100; i++) await restingBuy(h, A, `o${i}`);
    expect(await bridgeErrorOf(() => restingBuy(h, A, 'o100'))).toEqual(BUSY);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIdentity, startHarness, waitFor, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

describe.each(testBackends())('order flow through core and the paper bridge on %s', (backend) => {
  let h: Harness;
  const alice = consoleIdentity('alice');

  beforeAll(async () => {
    h = await startHarness(backend);
    const code = await h.invite('alice', 'premium');
    const linked = await h.call('link', alice, { code });
    expect(linked).toEqual({ ok: true, output: { userName: 'alice', tier: 'premium' } });
  });
  afterAll(() => h.dispose());

  it('shows a quote for Samsung Electronics by code and by name', async () => {
    const byCode = await h.call('price', alice, { query: '005930' });
    const byName = await h.call('price', alice, { query: '삼성전자' });
    expect(byCode.ok && byCode.output.symbol.nameKo).toBe('삼성전자');
    expect(byName.ok && byName.output.symbol.code).toBe('005930');
  });

  it('cancels a resting limit order at the broker and tells the user', async () => {
    const quote = await h.call('price', alice, { query: '005930' });
    if (!quote.ok) throw new Error(quote.error.code);
    // Far below the market, and still inside the day's lower limit: it rests.
    const priceKrw = quote.output.quote.lowerLimitKrw;
    const placed = await h.call('place_order', alice, { symbol: '005930', side: 'buy', qtyShares: 1, priceKrw }, 'resting-1');
    if (!placed.ok) throw new Error(placed.error.code);
    const state = async () => (await h.db.query<{ state: string }>('select state from orders where id = $1', [placed.output.order.id]))[0]!.state;
    await waitFor(async () => (await state()) === 'accepted', 'resting at the broker');
    const cancel = await h.call('cancel_order', alice, { orderId: placed.output.order.shortId });
    expect(cancel).toMatchObject({ ok: true, output: { cancelRequested: true } });
    await waitFor(async () => (await state()) === 'cancelled', 'cancelled by the broker');
    const notes = await h.db.query<{ payload: { order: { id: string } } }>(`select payload from notifications where kind = 'order_cancelled'`);
    expect(notes.map((n) => n.payload.order.id)).toContain(placed.output.order.id);
    const again = await h.call('cancel_order', alice, { orderId: placed.output.order.shortId });
    expect(again).toMatchObject({ ok: false, error: { code: 'ORDER_NOT_CANCELLABLE' } });
  });

  it('fills a market buy, records the position, and queues a fill notification', async () => {
    const placed = await h.call('place_order', alice, { symbol: '005930', side: 'buy', qtyShares: 10 }, 'buy-1');
    if (!placed.ok) throw new Error(JSON.stringify(placed.error));
    expect(placed.output.order).toMatchObject({ state: 'queued', orderType: 'market', accountKind: 'paper' });
    await waitFor(async () => {
      const orders = await h.call('orders', alice, {});
      return orders.ok && orders.output.orders[0]?.state === 'filled';
    }, 'order filled');
    const positions = await h.call('positions', alice, {});
    expect(positions.ok && positions.output.positions).toEqual([expect.objectContaining({ symbol: '005930', qtyShares: 10 })]);
    const notes = await h.db.query<{ kind: string }>(`select kind from notifications`);
    expect(notes.map((n) => n.kind)).toContain('order_filled');
    const balance = await h.call('balance', alice, {});
    expect(balance.ok && balance.output.cashKrw).toBeLessThan(100_000_000);
  });
});

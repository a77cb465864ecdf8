import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIdentity, startHarness, waitFor, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

describe.each(testBackends())('stale queued orders on %s', (backend) => {
  let h: Harness;
  const erin = consoleIdentity('erin');

  beforeAll(async () => {
    h = await startHarness(backend, { env: { ORDER_STALE_AFTER_MS: '1000' } });
    await h.call('link', erin, { code: await h.invite('erin', 'basic') });
  });
  afterAll(() => h.dispose());

  it('PROTO-4: after a long broker outage an order older than the staleness limit is expired, not sent', async () => {
    await h.call('price', erin, { query: '005930' });
    const usedBefore = await h.call('me', erin, {});
    await h.stopBridge();
    const placed = await h.call('place_order', erin, { symbol: '005930', side: 'buy', qtyShares: 1, priceKrw: 60_000 }, 'stale-1');
    if (!placed.ok) throw new Error(placed.error.code);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await h.startBridge();
    const state = async () => (await h.db.query<{ state: string; client_order_id: string; account_id: string }>(
      'select state, client_order_id, account_id from orders where id = $1', [placed.output.order.id]))[0]!;
    await waitFor(async () => (await state()).state === 'expired', 'order expired');
    const row = await state();
    const atBroker = await h.bridge!.gateway.queryOrders({ accountRef: row.account_id, clientOrderIds: [row.client_order_id] });
    expect(atBroker.orders).toEqual([]);
    const used = await h.call('me', erin, {});
    expect(used.ok && usedBefore.ok && used.output.tradesUsedToday).toBe(usedBefore.ok && usedBefore.output.tradesUsedToday);
    const notes = await h.db.query<{ payload: { order: { state: string } } }>(`select payload from notifications where kind = 'order_update'`);
    expect(notes.map((n) => n.payload.order.state)).toContain('expired');
  });

  it('sends an order that waited less than the limit', async () => {
    const placed = await h.call('place_order', erin, { symbol: '005930', side: 'buy', qtyShares: 1 }, 'fresh-1');
    if (!placed.ok) throw new Error(placed.error.code);
    await waitFor(async () => (await h.db.query<{ state: string }>('select state from orders where id = $1', [placed.output.order.id]))[0]?.state === 'filled', 'fresh order filled');
  });
});

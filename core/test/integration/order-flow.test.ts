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

import type { PaperBroker } from '@tradedesk/windows-bridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyFill } from '../../src/services/execution-applier.js';
import { consoleIdentity, startHarness, waitFor, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

describe.each(testBackends())('broker faults end to end on %s', (backend) => {
  let h: Harness;
  const gina = consoleIdentity('gina');
  const paper = () => h.bridge!.gateway as unknown as PaperBroker;
  const order = async (id: string) => (await h.db.query<{ state: string; client_order_id: string; account_id: string; filled_qty_shares: number }>(
    'select state, client_order_id, account_id, filled_qty_shares from orders where id = $1', [id]))[0]!;
  const place = async (key: string, priceKrw?: number) => {
    const placed = await h.call('place_order', gina, { symbol: '005930', side: 'buy', qtyShares: 1, ...(priceKrw ? { priceKrw } : {}) }, key);
    if (!placed.ok) throw new Error(placed.error.code);
    return placed.output.order.id;
  };

  beforeAll(async () => {
    h = await startHarness(backend, { env: { BRIDGE_REQUEST_TIMEOUT_MS: '1500' } });
    await h.call('link', gina, { code: await h.invite('gina', 'premium') });
  });
  beforeEach(async () => {
    paper().setFaults({});
    // Today's quote in core's cache: with answers withheld, admission relies on it.
    await h.call('price', gina, { query: '005930' });
  });
  afterAll(() => h.dispose());

  it('IDEM-7: when the answer to an accepted order never comes, the broker\'s events settle it: filled, never failed, one broker order', async () => {
    paper().setFaults({ seed: 1, timeoutAfterAccept: 1 });
    const id = await place('timeout-after');
    await waitFor(async () => (await order(id)).state === 'filled', 'filled from the broker\'s events');
    // Past the request timeout: the late "no answer" must not move a filled order.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    paper().setFaults({});
    const row = await order(id);
    expect(row.state).toBe('filled');
    expect((await paper().queryOrders({ accountRef: row.account_id, clientOrderIds: [row.client_order_id] })).orders).toHaveLength(1);
  });

  it('IDEM-6: a submit with no answer becomes unknown and the user is told; it never reached the broker, so it is sent again under the same id, once', async () => {
    paper().setFaults({ seed: 2, timeoutBeforeAccept: 1 });
    const id = await place('timeout-before');
    await waitFor(async () => (await order(id)).state === 'unknown', 'outcome unknown');
    const told = await h.db.query<{ payload: { order: { id: string; state: string } } }>(`select payload from notifications where kind = 'order_update'`);
    expect(told.some((n) => n.payload.order.id === id && n.payload.order.state === 'unknown')).toBe(true);
    const clientOrderId = (await order(id)).client_order_id;
    paper().setFaults({});
    await waitFor(async () => (await order(id)).state === 'filled', 'sent again and filled', 20_000);
    expect((await order(id)).client_order_id).toBe(clientOrderId);
    expect((await paper().queryOrders({ accountRef: (await order(id)).account_id, clientOrderIds: [clientOrderId] })).orders).toHaveLength(1);
  });

  it('RECON-4: the same fill delivered twice moves the order and the position once and is notified once', async () => {
    const id = await place('dup-fill');
    await waitFor(async () => (await order(id)).state === 'filled', 'filled');
    const row = await order(id);
    const [fill] = (await paper().queryOrders({ accountRef: row.account_id, clientOrderIds: [row.client_order_id] })).orders[0]!.fills;
    const position = async () => (await h.db.query<{ qty_shares: number }>(`select qty_shares from positions where account_id = $1 and symbol = '005930'`, [row.account_id]))[0]!.qty_shares;
    const before = await position();
    const again = await h.db.transaction((tx) => applyFill(tx, h.core.deps, { ...fill!, clientOrderId: row.client_order_id }, Date.now()));
    expect(again).toBe(false);
    expect(await position()).toBe(before);
    expect((await order(id)).filled_qty_shares).toBe(1);
    expect(await h.db.query(`select id from notifications where kind = 'order_filled' and payload->'fill'->>'orderId' = $1`, [id])).toHaveLength(1);
  });
});

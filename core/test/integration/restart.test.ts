import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { consoleIdentity, startHarness, waitFor, type Harness } from '../support/core-harness.js';
import { openEventProbe } from '../support/event-stream-probe.js';
import { testBackends } from '../support/test-db.js';

describe.each(testBackends())('restarting core on %s', (backend) => {
  let h: Harness;
  const dave = consoleIdentity('dave');
  const order = async (id: string) => (await h.db.query<{ client_order_id: string; state: string; account_id: string }>(
    'select client_order_id, state, account_id from orders where id = $1', [id]))[0]!;
  const placeId = async (input: { symbol: string; side: 'buy'; qtyShares: number }, key: string) => {
    const placed = await h.call('place_order', dave, input, key);
    if (!placed.ok) throw new Error(placed.error.code);
    return placed.output.order;
  };
  const brokerOrderCount = async (accountRef: string, clientOrderIds: string[]) =>
    (await h.bridge!.gateway.queryOrders({ accountRef, clientOrderIds })).orders.length;

  beforeAll(async () => {
    h = await startHarness(backend, { bridgeStateFile: join(mkdtempSync(join(tmpdir(), 'td-paper-')), 'paper.json') });
    await h.call('link', dave, { code: await h.invite('dave', 'basic') });
  });
  afterAll(() => h.dispose());

  // Each test starts with the bridge up (tests run in a shuffled order).
  beforeEach(async () => {
    if (!h.bridge) await h.startBridge();
  });

  it('proceeds with a queued order once and delivers an undelivered notification once', async () => {
    // A fill while no chat is attached: its notification stays undelivered.
    const first = await placeId({ symbol: '005930', side: 'buy', qtyShares: 2 }, 'first');
    await waitFor(async () => (await order(first.id)).state === 'filled', 'first order filled');
    // The broker link goes down; a second order is admitted on today's cached quote and waits.
    await h.stopBridge();
    const second = await placeId({ symbol: '005930', side: 'buy', qtyShares: 3 }, 'second');
    expect(second.state).toBe('queued');

    await h.restartCore();
    expect((await order(second.id)).state).toBe('queued');
    await h.startBridge();
    await waitFor(async () => (await order(second.id)).state === 'filled', 'second order filled after restart');

    const probe = await openEventProbe(h.baseUrl, ['console'], ['dave']);
    const fillsOf = (orderId: string) => probe.received.filter((n) => n.payload.kind === 'order_filled' && n.payload.fill.orderId === orderId);
    await waitFor(() => fillsOf(first.id).length > 0 && fillsOf(second.id).length > 0, 'both fill notifications');
    await waitFor(async () => (await h.db.query(`select id from notifications where delivered_at is null`)).length === 0, 'delivered recorded');
    probe.close();
    expect([fillsOf(first.id).length, fillsOf(second.id).length]).toEqual([1, 1]);

    // Once delivered, never again: not after a reconnect, not after another restart.
    await h.restartCore();
    const again = await openEventProbe(h.baseUrl, ['console'], ['dave']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    again.close();
    expect(again.received).toEqual([]);

    for (const id of [first.id, second.id]) {
      const row = await order(id);
      expect(await brokerOrderCount(row.account_id, [row.client_order_id])).toBe(1);
    }
    const positions = await h.call('positions', dave, {});
    const samsung = positions.ok ? positions.output.positions.find((p) => p.symbol === '005930') : undefined;
    expect(samsung?.qtyShares).toBe(5);
  });

  it('IDEM-1: an order marked sending when core stopped is looked up at the broker and sent once', async () => {
    await h.call('price', dave, { query: '000660' }); // today's quote, cached for admission while the link is down
    await h.stopBridge();
    const placed = await placeId({ symbol: '000660', side: 'buy', qtyShares: 1 }, 'crash-window');
    // As if core died after marking it sending and before the bridge saw it.
    await h.db.query(`update orders set state = 'sending' where id = $1`, [placed.id]);
    await h.restartCore();
    await h.startBridge();
    await waitFor(async () => (await order(placed.id)).state === 'filled', 'crash-window order filled');
    const row = await order(placed.id);
    expect(await brokerOrderCount(row.account_id, [row.client_order_id])).toBe(1);
  });
});

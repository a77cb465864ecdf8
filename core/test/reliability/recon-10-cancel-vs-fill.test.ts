import type { PaperBroker } from '@tradedesk/windows-bridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleIdentity, startHarness, waitFor, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

/** How long the paper broker holds the events of the fill that races the cancel. */
const FILL_EVENTS_HELD_MS = 2_000;

/**
 * RECON-10. A cancel that the broker refuses because the order filled at the same moment must not
 * be taken for a cancel: the order ends `filled`, the fills count, and the user is told about them.
 */
describe.each(testBackends())('RECON-10 cancel refused because the order filled on %s', (backend) => {
  let h: Harness;
  const kim = consoleIdentity('kim');
  const paper = () => h.bridge!.gateway as unknown as PaperBroker;

  beforeEach(async () => {
    h = await startHarness(backend, {
      // No feed timer: the test steps the market itself, so the last fill happens exactly when it says.
      // One share per step: a 2-share market order fills 1 share at once and the other on the next step.
      bridgeEnv: { PAPER_TICK_INTERVAL_MS: '3600000', PAPER_LIQUIDITY_SHARES_PER_TICK: '1' },
    });
    await h.call('link', kim, { code: await h.invite('kim', 'premium') });
  });
  afterEach(() => h.dispose());

  it('ends filled, never cancelled, with both fills applied and notified, when the broker refuses the cancel', async () => {
    await h.call('price', kim, { query: '005930' });
    const placed = await h.call('place_order', kim, { symbol: '005930', side: 'buy', qtyShares: 2 }, 'race-1');
    if (!placed.ok) throw new Error(placed.error.code);
    const id = placed.output.order.id;
    const row = async () => (await h.db.query<{ state: string; filled_qty_shares: number; cancel_requested_at: Date | null; client_order_id: string; account_id: string }>(
      'select state, filled_qty_shares, cancel_requested_at, client_order_id, account_id from orders where id = $1', [id]))[0]!;
    await waitFor(async () => (await row()).state === 'partially_filled', 'first share filled');

    // The broker fills the last share; its events reach core only later. The cancel, sent meanwhile,
    // reaches the broker after the fill and is refused (NOT_CANCELLABLE), answered at once.
    paper().setFaults({ delayMs: { min: FILL_EVENTS_HELD_MS, max: FILL_EVENTS_HELD_MS } });
    paper().step(Date.now());
    paper().setFaults({});
    const { client_order_id: clientOrderId, account_id: accountId } = await row();
    expect((await paper().queryOrders({ accountRef: accountId, clientOrderIds: [clientOrderId] })).orders[0]?.status).toBe('filled');

    const cancel = await h.call('cancel_order', kim, { orderId: placed.output.order.shortId });
    expect(cancel).toMatchObject({ ok: true, output: { cancelRequested: true, order: { state: 'partially_filled' } } });
    // The refusal is handled while core still has the order partially filled: the race window.
    await waitFor(async () => (await row()).cancel_requested_at === null, 'cancel refused and the request ended');
    expect((await row()).state).toBe('partially_filled');

    await waitFor(async () => (await row()).state === 'filled', 'the held fill arrives');
    expect(await row()).toMatchObject({ state: 'filled', filled_qty_shares: 2 });
    const notes = await h.db.query<{ kind: string; payload: { fill?: { orderId: string; qtyShares: number; orderState: string }; order?: { state: string } } }>(
      'select kind, payload from notifications');
    expect(notes.filter((n) => n.kind === 'order_cancelled' || n.payload.order?.state === 'cancelled')).toEqual([]);
    const fills = notes.filter((n) => n.kind === 'order_filled' && n.payload.fill?.orderId === id).map((n) => n.payload.fill!);
    expect(fills.map((f) => f.qtyShares)).toEqual([1, 1]);
    expect(fills.map((f) => f.orderState)).toContain('filled');
    const positions = await h.call('positions', kim, {});
    expect(positions.ok && positions.output.positions.find((p) => p.symbol === '005930')?.qtyShares).toBe(2);
  });
});

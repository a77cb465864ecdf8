import type { PaperBroker } from '@tradedesk/windows-bridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleIdentity, startHarness, waitFor, type Harness } from '../support/core-harness.js';

/** How long the paper broker holds every answer and event while the submit is "in flight". */
const ANSWER_HELD_MS = 1_500;

/**
 * RECON-9. A cancel asked for while the order has no broker id yet (its submit is in flight, or its
 * outcome is unknown) is accepted, never reported as done before the broker says so, and carried out
 * once the order's fate is known: at the broker once it has the order, here if it never got it.
 */
// What this exercises lives in the dispatcher and the bridge, not the database: the embedded one
// suffices (CI time); database concurrency is covered on both in core/test/integration.
describe.each(['pglite'] as const)('RECON-9 cancel while the submit is in flight on %s', (backend) => {
  let h: Harness;
  const lee = consoleIdentity('lee');
  const paper = () => h.bridge!.gateway as unknown as PaperBroker;
  type Row = { state: string; broker_order_id: string | null; client_order_id: string; account_id: string };
  const row = async (id: string) => (await h.db.query<Row>(
    'select state, broker_order_id, client_order_id, account_id from orders where id = $1', [id]))[0]!;
  const atBroker = async (id: string) => {
    const { account_id: accountRef, client_order_id: clientOrderId } = await row(id);
    return (await paper().queryOrders({ accountRef, clientOrderIds: [clientOrderId] })).orders;
  };
  const cancelNotes = async (id: string) => (await h.db.query<{ kind: string; payload: { order: { id: string; state: string } } }>(
    `select kind, payload from notifications where kind in ('order_cancelled', 'order_update')`))
    .filter((n) => n.payload.order.id === id && n.payload.order.state === 'cancelled');
  /** A limit buy at the day's lower limit: it rests at the broker instead of filling. */
  const placeResting = async (key: string) => {
    const quote = await h.call('price', lee, { query: '005930' });
    if (!quote.ok) throw new Error(quote.error.code);
    const placed = await h.call('place_order', lee, { symbol: '005930', side: 'buy', qtyShares: 1, priceKrw: quote.output.quote.lowerLimitKrw }, key);
    if (!placed.ok) throw new Error(placed.error.code);
    return placed.output.order;
  };

  beforeEach(async () => {
    h = await startHarness(backend);
    await h.call('link', lee, { code: await h.invite('lee', 'premium') });
  });
  afterEach(() => h.dispose());

  it('a cancel asked for while the submit waits for its answer is sent once the broker id arrives', async () => {
    paper().setFaults({ delayMs: { min: ANSWER_HELD_MS, max: ANSWER_HELD_MS } });
    const order = await placeResting('in-flight');
    await waitFor(async () => (await row(order.id)).state === 'sending', 'submit in flight');

    const cancel = await h.call('cancel_order', lee, { orderId: order.shortId });
    expect(cancel).toMatchObject({ ok: true, output: { cancelRequested: true, order: { state: 'sending' } } });
    expect(await cancelNotes(order.id)).toEqual([]);

    await waitFor(async () => (await row(order.id)).state === 'cancelled', 'cancelled by the broker', 15_000);
    const [brokerOrder] = await atBroker(order.id);
    expect(brokerOrder?.status).toBe('cancelled');
    expect((await row(order.id)).broker_order_id).toBe(brokerOrder?.brokerOrderId);
    expect(await cancelNotes(order.id)).toHaveLength(1);
  });

  it('a cancel of an order whose submit never reached the broker cancels it here once reconciliation finds nothing; it is never sent', async () => {
    paper().setFaults({ timeoutBeforeAccept: 1 });
    const order = await placeResting('never-arrived');
    await waitFor(async () => (await row(order.id)).state === 'unknown', 'outcome unknown');
    paper().setFaults({});

    const cancel = await h.call('cancel_order', lee, { orderId: order.shortId });
    expect(cancel).toMatchObject({ ok: true, output: { cancelRequested: true, order: { state: 'unknown' } } });

    await waitFor(async () => ['cancelled', 'accepted', 'filled'].includes((await row(order.id)).state), 'resolved by reconciliation', 20_000);
    expect((await row(order.id)).state).toBe('cancelled');
    expect(await atBroker(order.id)).toEqual([]);
    expect(await cancelNotes(order.id)).toHaveLength(1);
    // The trade it used is given back, as for any order cancelled before it reached the broker.
    expect(await h.call('me', lee, {})).toMatchObject({ ok: true, output: { tradesUsedToday: 0 } });
  });

  it('a cancel of an order whose submit reached the broker but whose answer was lost is sent once reconciliation finds it', async () => {
    // The order is placed but its answer and events are held past core's request timeout.
    paper().setFaults({ delayMs: { min: 8_000, max: 8_000 } });
    const order = await placeResting('answer-lost');
    await waitFor(async () => (await row(order.id)).state === 'unknown', 'outcome unknown');
    paper().setFaults({});
    expect(await atBroker(order.id)).toHaveLength(1);

    const cancel = await h.call('cancel_order', lee, { orderId: order.shortId });
    expect(cancel).toMatchObject({ ok: true, output: { cancelRequested: true, order: { state: 'unknown' } } });
    expect(await cancelNotes(order.id)).toEqual([]);

    await waitFor(async () => (await row(order.id)).state === 'cancelled', 'found, then cancelled at the broker', 20_000);
    const brokerOrders = await atBroker(order.id);
    expect(brokerOrders.map((o) => o.status)).toEqual(['cancelled']);
    expect(await cancelNotes(order.id)).toHaveLength(1);
  });
});

import type { BrokerOrder } from '@tradedesk/contracts';
import type { PaperBroker, PaperFaults } from '@tradedesk/windows-bridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleIdentity, startHarness, waitFor, type Harness } from '../support/core-harness.js';

/** core's request timeout in the harness (BRIDGE_REQUEST_TIMEOUT_MS). */
const REQUEST_TIMEOUT_MS = 3_000;
const PROTOCOL_ERROR = 'bridge protocol error';
const LATE_ANSWER = 'place_order answer came after the order moved on';

/**
 * SIM-8. Buggify points in the paper bridge force rare paths — a place_order answer cut in the
 * middle of its JSON, one with an empty body, a fill delivered before the place_order answer — and
 * each must end in a defined state the user is told about: the order is never `failed` nor lost,
 * the broker holds at most one order per client order id, a read gets a clear error, and core goes
 * on serving the next order.
 */
// The buggify points are in the bridge and its protocol; which database core uses does not change
// what they exercise, so they run on the embedded one only (CI time).
describe.each(['pglite'] as const)('SIM-8 buggify points on %s', (backend) => {
  let h: Harness;
  const lee = consoleIdentity('lee');
  const paper = () => h.bridge!.gateway as unknown as PaperBroker;
  type Row = { state: string; broker_order_id: string | null; client_order_id: string; account_id: string; filled_qty_shares: number; updated_at: Date };
  const row = async (id: string) => (await h.db.query<Row>(
    'select state, broker_order_id, client_order_id, account_id, filled_qty_shares, updated_at from orders where id = $1', [id]))[0]!;
  /** Every order the broker holds for lee's account today (each client order id must appear once). */
  const brokerOrders = async (accountRef: string): Promise<BrokerOrder[]> => (await paper().listOrders({ accountRef })).orders;
  /** What lee was told about this order: `kind:state` of each notification, oldest first. */
  const toldAbout = async (id: string) => (await h.db.query<{ kind: string; state: string }>(
    `select kind, coalesce(payload->'order'->>'state', payload->'fill'->>'orderState') as state from notifications
      where payload->'order'->>'id' = $1 or payload->'fill'->>'orderId' = $1 order by created_at, dedupe_key`, [id]))
    .map((n) => `${n.kind}:${n.state}`);
  const positionOf = async (accountRef: string, symbol: string) => (await h.db.query<{ qty_shares: number }>(
    'select qty_shares from positions where account_id = $1 and symbol = $2', [accountRef, symbol]))[0]?.qty_shares ?? 0;
  const logged = (message: string, orderId?: string) => h.logs.lines
    .filter((l) => l.includes(message) && (orderId === undefined || l.includes(orderId)))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

  const place = async (input: { symbol: string; qtyShares: number; priceKrw?: number }, key: string) => {
    const placed = await h.call('place_order', lee, { side: 'buy', ...input }, key);
    if (!placed.ok) throw new Error(placed.error.code);
    return placed.output.order;
  };
  /** With the buggify points off again, a market order goes through as usual: core is still serving. */
  const servesNextOrder = async (key: string) => {
    paper().setFaults({});
    const next = await place({ symbol: '000660', qtyShares: 1 }, key);
    await waitFor(async () => (await row(next.id)).state === 'filled', 'next order filled');
    expect(await toldAbout(next.id)).toEqual(['order_filled:filled']);
  };
  /**
   * A placement the broker refuses without placing anything or telling anyone (RETRYABLE BUSY: the
   * account's one order a second is taken by the order placed just before), its answer corrupted by
   * `faults`: core cannot know it was refused, so the order's outcome is unknown.
   */
  const refusedPlacementGoesUnknown = async (faults: PaperFaults, key: string) => {
    const first = await place({ symbol: '000660', qtyShares: 1 }, `${key}-first`);
    await waitFor(async () => (await row(first.id)).state === 'filled', 'first order filled');
    paper().setFaults(faults);
    const sentMs = Date.now();
    const order = await place({ symbol: '005930', qtyShares: 2 }, key);
    await waitFor(async () => (await row(order.id)).state === 'unknown', 'outcome unknown', REQUEST_TIMEOUT_MS + 5_000);
    const waitedMs = Date.now() - sentMs;
    expect(logged('order outcome unknown', order.id)).toHaveLength(1);
    // The rare path was taken: the broker really holds nothing under this id.
    const { account_id: accountRef, client_order_id: clientOrderId } = await row(order.id);
    expect((await brokerOrders(accountRef)).map((o) => o.clientOrderId)).not.toContain(clientOrderId);
    return { order, waitedMs };
  };
  /** After reconciliation found nothing, the order was sent again under its id, once, and filled. */
  const resentOnceAndFilled = async (orderId: string) => {
    await waitFor(async () => (await row(orderId)).state === 'filled', 'reconciled, re-sent and filled', 20_000);
    const { account_id: accountRef, client_order_id: clientOrderId, filled_qty_shares, broker_order_id } = await row(orderId);
    expect(filled_qty_shares).toBe(2);
    expect(await positionOf(accountRef, '005930')).toBe(2);
    const atBroker = (await brokerOrders(accountRef)).filter((o) => o.clientOrderId === clientOrderId);
    expect(atBroker.map((o) => [o.status, o.brokerOrderId])).toEqual([['filled', broker_order_id]]);
    // The user heard "confirming", then the fill: nothing else, nothing twice.
    expect(await toldAbout(orderId)).toEqual(['order_update:unknown', 'order_filled:filled']);
    return accountRef;
  };

  beforeEach(async () => {
    h = await startHarness(backend, { bridgeEnv: { PAPER_ORDERS_PER_SECOND_MAX: '1' } });
    await h.call('link', lee, { code: await h.invite('lee', 'premium') });
  });
  afterEach(() => h.dispose());

  it('a truncated answer to a refused place_order: unknown after the timeout (user told), reconciliation finds nothing, sent again once', async () => {
    const { order, waitedMs } = await refusedPlacementGoesUnknown({ truncateAnswer: 1, corruptAnswersOf: ['place_order'] }, 'truncated');
    // No answer could be read, so core waited for its request timeout.
    expect(waitedMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS);
    expect(paper().recentFaults).toContainEqual({ kind: 'truncateAnswer', request: 'place_order' });
    expect(logged(PROTOCOL_ERROR).map((l) => l['problem'])).toContain('not_json');
    expect(await toldAbout(order.id)).toEqual(['order_update:unknown']);

    // Still truncating: the resend's answer is lost too, but its fill, sent before it, settles the order.
    await resentOnceAndFilled(order.id);
    await servesNextOrder('after-truncated');
  });

  it('a truncated place_order answer of an order that fills at once: the fill, sent before it, is applied once; never unknown', async () => {
    paper().setFaults({ truncateAnswer: 1, corruptAnswersOf: ['place_order'] });
    const order = await place({ symbol: '005930', qtyShares: 2 }, 'truncated-fill');
    await waitFor(() => logged(PROTOCOL_ERROR).length > 0, 'the truncated answer reached core');
    // The submit gave up on its answer at the timeout; the order, filled by then, kept its fill.
    await waitFor(() => logged('order outcome unknown', order.id).length === 1, 'submit timed out', REQUEST_TIMEOUT_MS + 2_000);
    const { account_id: accountRef, client_order_id: clientOrderId, state, filled_qty_shares } = await row(order.id);
    expect([state, filled_qty_shares]).toEqual(['filled', 2]);
    expect(await positionOf(accountRef, '005930')).toBe(2);
    expect(await toldAbout(order.id)).toEqual(['order_filled:filled']);
    expect((await brokerOrders(accountRef)).map((o) => o.clientOrderId)).toEqual([clientOrderId]);
    await servesNextOrder('after-truncated-fill');
  });

  it('an empty answer to a refused place_order (no error given): unknown at once (user told), reconciliation finds nothing, sent again once', async () => {
    const { order, waitedMs } = await refusedPlacementGoesUnknown({ emptyAnswer: 1, corruptAnswersOf: ['place_order'] }, 'empty-failure');
    // The empty answer is read at once: no waiting for the request timeout.
    expect(waitedMs).toBeLessThan(REQUEST_TIMEOUT_MS);
    expect(paper().recentFaults).toContainEqual({ kind: 'emptyAnswer', request: 'place_order' });
    expect(logged(PROTOCOL_ERROR)).toContainEqual(expect.objectContaining({ request: 'place_order' }));
    expect(await toldAbout(order.id)).toEqual(['order_update:unknown']);
    paper().setFaults({});
    await resentOnceAndFilled(order.id);
    await servesNextOrder('after-empty-failure');
  });

  it('an empty result ({}) to a place_order the broker carried out, after its fill: a protocol error; the order stays filled, never unknown', async () => {
    // fillBeforeAck makes the fill reach core first, so the bad answer meets an order already filled.
    paper().setFaults({ emptyAnswer: 1, corruptAnswersOf: ['place_order'], fillBeforeAck: 1 });
    const order = await place({ symbol: '005930', qtyShares: 2 }, 'empty-result');
    await waitFor(() => logged(PROTOCOL_ERROR).length > 0, 'the empty answer reached core');
    expect(logged(PROTOCOL_ERROR)).toContainEqual(expect.objectContaining({ request: 'place_order' }));
    expect(paper().recentFaults.map((f) => f.kind)).toEqual(['fillBeforeAck', 'emptyAnswer']);
    const { account_id: accountRef, client_order_id: clientOrderId, state, filled_qty_shares } = await row(order.id);
    expect([state, filled_qty_shares]).toEqual(['filled', 2]);
    expect(await positionOf(accountRef, '005930')).toBe(2);
    expect(await toldAbout(order.id)).toEqual(['order_filled:filled']);
    expect((await brokerOrders(accountRef)).map((o) => o.clientOrderId)).toEqual([clientOrderId]);
    await servesNextOrder('after-empty-result');
  });

  it('an empty or truncated get_balance answer: BROKER_UNAVAILABLE (not a validation error, not INTERNAL), within the request timeout', async () => {
    paper().setFaults({ emptyAnswer: 1, corruptAnswersOf: ['get_balance'] });
    expect(await h.call('balance', lee, {})).toMatchObject({ ok: false, status: 503, error: { code: 'BROKER_UNAVAILABLE' } });
    expect(logged(PROTOCOL_ERROR)).toContainEqual(expect.objectContaining({ request: 'get_balance' }));

    paper().setFaults({ truncateAnswer: 1, corruptAnswersOf: ['get_balance'] });
    const startedMs = Date.now();
    expect(await h.call('balance', lee, {})).toMatchObject({ ok: false, status: 503, error: { code: 'BROKER_UNAVAILABLE' } });
    expect(Date.now() - startedMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
    expect(paper().recentFaults).toContainEqual({ kind: 'truncateAnswer', request: 'get_balance' });

    paper().setFaults({});
    expect(await h.call('balance', lee, {})).toMatchObject({ ok: true });
  });

  it('an empty or truncated get_quote answer for a symbol with no cached quote: the order is refused BROKER_UNAVAILABLE; nothing is queued', async () => {
    // NAVER was never priced here, so no quote of it is cached or streamed: place_order must ask.
    paper().setFaults({ emptyAnswer: 1, corruptAnswersOf: ['get_quote'] });
    expect(await h.call('place_order', lee, { symbol: '035420', side: 'buy', qtyShares: 1 }, 'q-empty'))
      .toMatchObject({ ok: false, status: 503, error: { code: 'BROKER_UNAVAILABLE' } });
    paper().setFaults({ truncateAnswer: 1, corruptAnswersOf: ['get_quote'] });
    expect(await h.call('place_order', lee, { symbol: '035420', side: 'buy', qtyShares: 1 }, 'q-truncated'))
      .toMatchObject({ ok: false, status: 503, error: { code: 'BROKER_UNAVAILABLE' } });
    expect(paper().recentFaults.map((f) => f.kind)).toEqual(['emptyAnswer', 'truncateAnswer']);
    expect(await h.db.query('select id from orders')).toEqual([]);
    await servesNextOrder('after-bad-quotes');
  });

  it('a fill delivered before the place_order answer is applied once while the order is sending; the late answer does not move it back', async () => {
    // When the bridge lets the answer go, core has already applied the fill: the order was `sending`.
    const answeredAtMs: number[] = [];
    const broker = paper();
    const placeOrder = broker.placeOrder.bind(broker);
    broker.placeOrder = async (input) => {
      const result = await placeOrder(input);
      answeredAtMs.push(Date.now());
      return result;
    };
    broker.setFaults({ fillBeforeAck: 1 });
    const order = await place({ symbol: '005930', qtyShares: 3 }, 'fill-first');
    await waitFor(() => logged(LATE_ANSWER, order.id).length === 1, 'the late answer reached the dispatcher');

    const { account_id: accountRef, client_order_id: clientOrderId, state, filled_qty_shares, broker_order_id, updated_at } = await row(order.id);
    expect(broker.recentFaults).toEqual([{ kind: 'fillBeforeAck', request: 'place_order' }]);
    expect(answeredAtMs).toHaveLength(1);
    expect(updated_at.getTime()).toBeLessThan(answeredAtMs[0]!);
    expect([state, filled_qty_shares]).toEqual(['filled', 3]);
    expect(await positionOf(accountRef, '005930')).toBe(3);
    expect(await toldAbout(order.id)).toEqual(['order_filled:filled']);
    const atBroker = await brokerOrders(accountRef);
    expect(atBroker.map((o) => [o.clientOrderId, o.status, o.brokerOrderId])).toEqual([[clientOrderId, 'filled', broker_order_id]]);
    await servesNextOrder('after-fill-first');
  });
});

import type { BrokerOrder } from '@tradedesk/contracts';
import type { PaperBroker } from '@tradedesk/windows-bridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminResolve } from '../../src/commands/admin-resolve.js';
import { BROKER_CLOCK_SKEW_MS, NOT_FOUND_LIMIT } from '../../src/domain/reconciliation-policy.js';
import { consoleIdentity, startHarness, waitFor, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

/**
 * IDEM-11 and IDEM-12 against a paper broker that keeps no client order ids (like KIS and Kiwoom):
 * an order whose placement answer was lost is listed without our id, so core must find it by what
 * it is, must never take an older identical order for it, must not guess between two, and must not
 * send anything else of that symbol meanwhile.
 */
describe.each(testBackends())('IDEM-11/12 broker without client order ids on %s', (backend) => {
  let h: Harness;
  const lee = consoleIdentity('lee');
  const paper = () => h.bridge!.gateway as unknown as PaperBroker;
  type Row = { id: string; state: string; broker_order_id: string | null; account_id: string; ambiguous_at: Date | null };
  const row = async (id: string) => (await h.db.query<Row>(
    'select id, state, broker_order_id, account_id, ambiguous_at from orders where id = $1', [id]))[0]!;
  const accountRef = async () => (await h.db.query<{ id: string }>('select id from broker_accounts'))[0]!.id;
  const brokerOrders = async (): Promise<BrokerOrder[]> => (await paper().listOrders({ accountRef: await accountRef() })).orders;
  let restingPriceKrw = 0;

  /** A limit buy at the day's lower limit: it rests at the broker instead of filling. */
  const place = async (key: string) => {
    const placed = await h.call('place_order', lee, { symbol: '005930', side: 'buy', qtyShares: 1, priceKrw: restingPriceKrw }, key);
    if (!placed.ok) throw new Error(placed.error.code);
    return placed.output.order;
  };
  /** Placed through core; the broker takes it but its answer is lost, so core has it as `unknown`. */
  const placeAnswerLost = async (key: string) => {
    paper().setFaults({ timeoutAfterAccept: 1 });
    const order = await place(key);
    await waitFor(async () => (await row(order.id)).state === 'unknown', 'outcome unknown');
    paper().setFaults({});
    return order;
  };
  /** The same order placed at the broker by someone else, whose answer nobody keeps (so it has no client order id). */
  const placeIdenticalElsewhere = async (clientOrderId: string) => {
    paper().setFaults({ timeoutAfterAccept: 1 });
    await expect(paper().placeOrder({
      clientOrderId, accountRef: await accountRef(), symbol: '005930', side: 'buy', orderType: 'limit', qtyShares: 1, priceKrw: restingPriceKrw,
    })).rejects.toThrow(/withheld/);
    paper().setFaults({});
  };
  const operatorAlerts = async () => (await h.db.query<{ payload: { alert: string; order: { id: string } } }>(
    `select payload from notifications where kind = 'operator_alert'`)).map((n) => n.payload);

  beforeEach(async () => {
    h = await startHarness(backend, { bridgeEnv: { PAPER_CLIENT_ORDER_IDS: 'false' } });
    await h.call('link', lee, { code: await h.invite('lee', 'premium') });
    // lee is the operator too, so operator alerts land in this database's notifications.
    await h.db.query('update users set is_operator = true');
    const quote = await h.call('price', lee, { query: '005930' });
    if (!quote.ok) throw new Error(quote.error.code);
    restingPriceKrw = quote.output.quote.lowerLimitKrw;
    await paper().openAccount({ accountRef: await accountRef(), initialCashKrw: h.core.deps.config.PAPER_INITIAL_CASH_KRW });
  });
  afterEach(() => h.dispose());

  it('takes the order the broker took while the submit was in flight, never the older identical one, and sends nothing again', async () => {
    expect(h.core.deps.broker.capabilities?.clientOrderIds).toBe(false);
    await placeIdenticalElsewhere('ELSEWHERE1');
    const [older] = await brokerOrders();
    expect(older).toMatchObject({ clientOrderId: null, status: 'accepted' });
    await new Promise((resolve) => setTimeout(resolve, BROKER_CLOCK_SKEW_MS + 500));

    const order = await placeAnswerLost('lost-answer');
    // The broker took ours too; its answer is lost, so the broker shows it without our id.
    const listed = await brokerOrders();
    expect(listed).toHaveLength(2);
    const ours = listed.find((o) => o.brokerOrderId !== older!.brokerOrderId)!;

    await waitFor(async () => (await row(order.id)).state === 'accepted', 'found by what it is', 30_000);
    expect((await row(order.id)).broker_order_id).toBe(ours.brokerOrderId);
    expect(h.logs.lines.some((l) => l.includes('found at the broker by what it is') && l.includes(order.id))).toBe(true);
    // Claimed at the bridge: the broker now reports it under our id (events and cancels work again).
    const { client_order_id: clientOrderId } = (await h.db.query<{ client_order_id: string }>('select client_order_id from orders where id = $1', [order.id]))[0]!;
    expect((await paper().queryOrders({ accountRef: await accountRef(), clientOrderIds: [clientOrderId] })).orders.map((o) => o.brokerOrderId)).toEqual([ours.brokerOrderId]);
    // The older one is not ours: it is adopted as an order placed outside Tradedesk, and nothing was sent twice.
    await waitFor(async () => (await h.db.query(`select id from orders where source = 'external' and broker_order_id = $1`, [older!.brokerOrderId])).length === 1, 'older order adopted', 30_000);
    expect(await brokerOrders()).toHaveLength(2);
    expect((await operatorAlerts()).map((a) => a.alert)).toEqual(['order_adopted']);
  }, 90_000);

  it('with two identical candidates stays unknown, tells the operators once, sends nothing again, and refuses a new order of the symbol', async () => {
    const order = await placeAnswerLost('ambiguous');
    const [ours] = await brokerOrders();
    // An identical order taken by the broker while ours was in flight: either could be ours.
    await placeIdenticalElsewhere('ELSEWHERE2');

    await waitFor(async () => (await row(order.id)).ambiguous_at !== null, 'found ambiguous', 30_000);
    expect((await row(order.id)).state).toBe('unknown');
    expect((await operatorAlerts()).filter((a) => a.alert === 'order_ambiguous').map((a) => a.order.id)).toEqual([order.id]);

    // IDEM-12: a new order of the same symbol could not be told from these either: refused, nothing written.
    const ordersBefore = (await h.db.query('select id from orders')).length;
    const again = await h.call('place_order', lee, { symbol: '005930', side: 'buy', qtyShares: 1, priceKrw: restingPriceKrw }, 'while-unknown');
    expect(again).toMatchObject({ ok: false, error: { code: 'PREVIOUS_ORDER_UNRESOLVED', params: { symbol: '005930' } } });
    expect((await h.db.query('select id from orders')).length).toBe(ordersBefore);
    // Another symbol is not held back.
    const other = await h.call('place_order', lee, { symbol: '000660', side: 'buy', qtyShares: 1 }, 'other-symbol');
    expect(other.ok).toBe(true);

    // Several more reconciliation passes: still unknown, no second alert, no resubmission, no adoption.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect((await row(order.id)).state).toBe('unknown');
    expect((await brokerOrders()).filter((o) => o.symbol === '005930')).toHaveLength(2);
    expect((await operatorAlerts()).filter((a) => a.alert === 'order_ambiguous')).toHaveLength(1);
    expect(await h.db.query(`select id from orders where source = 'external'`)).toHaveLength(0);

    // An operator looks at the broker and names the order: core takes it over, and the other one is
    // then adopted as placed outside Tradedesk.
    const answer = await adminResolve(h.core.deps, { order: order.id.slice(0, 8), brokerOrderId: ours!.brokerOrderId });
    expect(answer).toEqual({ orderId: order.id, userName: 'lee', brokerOrderId: ours!.brokerOrderId });
    await waitFor(async () => (await row(order.id)).state === 'accepted', 'taken over as the operator said', 20_000);
    expect((await row(order.id)).broker_order_id).toBe(ours!.brokerOrderId);
    await waitFor(async () => (await h.db.query(`select id from orders where source = 'external'`)).length === 1, 'the other adopted', 20_000);
    expect((await brokerOrders()).filter((o) => o.symbol === '005930')).toHaveLength(2);
    await expect(adminResolve(h.core.deps, { order: order.id, brokerOrderId: null })).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
  }, 120_000);

  it('an operator who says the broker never got an ambiguous order has it sent again, once', async () => {
    const order = await placeAnswerLost('operator-not-placed');
    await placeIdenticalElsewhere('ELSEWHERE3');
    await waitFor(async () => (await row(order.id)).ambiguous_at !== null, 'found ambiguous', 30_000);

    await adminResolve(h.core.deps, { order: order.id, brokerOrderId: null });
    await waitFor(async () => (await row(order.id)).state === 'accepted', 'sent again and accepted', 30_000);
    const listed = await brokerOrders();
    // The two the operator ruled out, and the one sent again: nothing more.
    expect(listed).toHaveLength(3);
    expect((await row(order.id)).broker_order_id).toBe(listed.at(-1)!.brokerOrderId);
  }, 120_000);

  it('an order that never reached the broker is sent again only after it was not found several times in a row, and once', async () => {
    paper().setFaults({ timeoutBeforeAccept: 1 });
    const order = await place('never-arrived');
    await waitFor(async () => (await row(order.id)).state === 'unknown', 'outcome unknown');
    paper().setFaults({});
    expect(await brokerOrders()).toEqual([]);

    // Each look that finds nothing counts; below the limit the order stays unknown and unsent.
    await waitFor(async () => (await h.db.query<{ not_found_count: number }>('select not_found_count from orders where id = $1', [order.id]))[0]!.not_found_count >= NOT_FOUND_LIMIT - 1, 'not found, counted', 30_000);
    expect((await row(order.id)).state).toBe('unknown');
    expect(await brokerOrders()).toEqual([]);

    await waitFor(async () => (await row(order.id)).state === 'accepted', 'sent again and accepted', 40_000);
    const listed = await brokerOrders();
    expect(listed).toHaveLength(1);
    expect((await row(order.id)).broker_order_id).toBe(listed[0]!.brokerOrderId);
  }, 90_000);

  it('sends one order per symbol at a time: a second order of the symbol waits in the queue while the first is in flight', async () => {
    // The bridge answers the first submit only when the test says so.
    let answerFirst = () => {};
    const firstHeld = new Promise<void>((resolve) => { answerFirst = resolve; });
    const gateway = paper();
    const placeOrder = gateway.placeOrder.bind(gateway);
    let placements = 0;
    gateway.placeOrder = async (input) => {
      placements += 1;
      const answer = await placeOrder(input);
      if (placements === 1) await firstHeld;
      return answer;
    };
    const first = await place('first');
    await waitFor(async () => (await row(first.id)).state !== 'queued', 'first in flight', 30_000);
    const second = await place('second');
    const otherSymbol = await h.call('place_order', lee, { symbol: '000660', side: 'buy', qtyShares: 1 }, 'other-symbol');
    if (!otherSymbol.ok) throw new Error(otherSymbol.error.code);
    await waitFor(async () => !['queued', 'sending'].includes((await row(otherSymbol.output.order.id)).state), 'another symbol is not held', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await row(second.id)).state).toBe('queued');
    expect(placements).toBe(2);

    // (On a slow machine the first submit may time out meanwhile: then it is found by its id, and the second still waits for that.)
    answerFirst();
    await waitFor(async () => (await row(second.id)).state === 'accepted', 'second sent once the first is settled', 30_000);
    expect(placements).toBe(3);
  }, 60_000);
});

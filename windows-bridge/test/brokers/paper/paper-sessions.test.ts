import { beforeEach, describe, expect, it } from 'vitest';
import { bridgeErrorOf, DOWN, FLAT, openSessionNow, paperHarness, settle, type PaperHarness } from '../../helpers.js';

const A = 'acct-a';
const B = 'acct-b';
const SAMSUNG = '005930'; // 70,000, tick 100
const CASH_KRW = 1_000_000_000;

let h: PaperHarness;

function single(extra: { slots?: number; switchCostMs?: number } = {}): PaperHarness {
  return paperHarness({ sessions: { mode: 'single', ...extra } });
}

async function openAccounts(...refs: string[]): Promise<void> {
  for (const accountRef of refs) await h.broker.openAccount({ accountRef, initialCashKrw: CASH_KRW });
}

const limitBuy = (accountRef: string, clientOrderId: string, priceKrw = 69_900) => h.broker.placeOrder({
  clientOrderId, accountRef, symbol: SAMSUNG, side: 'buy', orderType: 'limit', qtyShares: 10, priceKrw,
});

describe('paper sessions: single mode (Kiwoom OpenAPI+)', () => {
  beforeEach(async () => {
    h = single();
    await openAccounts(A, B);
  });

  it('should declare one slot and a 3000 ms switch cost, with nobody in session at start', async () => {
    expect(h.broker.capabilities).toMatchObject({ slots: 1, switchCostMs: 3_000, ordersPerSecondMax: 5, callsPerMinuteMax: 600 });
    expect(await h.broker.listSessions({})).toEqual({ accountRefs: [] });
  });

  it('should put the account in session only once the switch cost has passed on the clock: not at 2999 ms, at 3000 ms', async () => {
    let answer: string[] | undefined;
    void h.broker.openSession({ accountRef: A }).then((r) => { answer = r.accountRefs; });
    h.clock.advance(2_999);
    await settle();
    expect(answer).toBeUndefined();
    expect((await h.broker.listSessions({})).accountRefs).toEqual([]);
    h.clock.advance(1);
    await settle();
    expect(answer).toEqual([A]);
    expect((await h.broker.listSessions({})).accountRefs).toEqual([A]);
  });

  it('should answer an open for an account already in session at once, and let a second open join a login in progress', async () => {
    const first = h.broker.openSession({ accountRef: A });
    const joined = h.broker.openSession({ accountRef: A });
    h.clock.advance(3_000);
    expect([await first, await joined]).toEqual([{ accountRefs: [A] }, { accountRefs: [A] }]);
    expect(await h.broker.openSession({ accountRef: A })).toEqual({ accountRefs: [A] });
  });

  it('should answer REJECTED SLOTS_FULL for another account while the slot is held, also while the login is still in progress', async () => {
    const opening = h.broker.openSession({ accountRef: A });
    expect(await bridgeErrorOf(() => h.broker.openSession({ accountRef: B }))).toEqual({ code: 'REJECTED', reason: 'SLOTS_FULL' });
    h.clock.advance(3_000);
    await opening;
    expect(await bridgeErrorOf(() => h.broker.openSession({ accountRef: B }))).toEqual({ code: 'REJECTED', reason: 'SLOTS_FULL' });
    expect((await h.broker.listSessions({})).accountRefs).toEqual([A]);
  });

  it('should free the slot on close_session (idempotent) so that another account can log in', async () => {
    await openSessionNow(h, A);
    expect(await h.broker.closeSession({ accountRef: A })).toEqual({ accountRefs: [] });
    expect(await h.broker.closeSession({ accountRef: A })).toEqual({ accountRefs: [] });
    expect(await openSessionNow(h, B)).toEqual([B]);
  });

  it('should abort a login in progress when its session is closed: RETRYABLE SWITCH_FAILED, slot free', async () => {
    const opening = bridgeErrorOf(() => h.broker.openSession({ accountRef: A }));
    h.clock.advance(1_000);
    await h.broker.closeSession({ accountRef: A });
    h.clock.advance(2_000);
    expect(await opening).toEqual({ code: 'RETRYABLE', reason: 'SWITCH_FAILED' });
    expect(await openSessionNow(h, B)).toEqual([B]);
  });

  it('should answer NOT_FOUND UNKNOWN_ACCOUNT when opening a session for an account never opened', async () => {
    expect(await bridgeErrorOf(() => h.broker.openSession({ accountRef: 'nobody' }))).toEqual({ code: 'NOT_FOUND', reason: 'UNKNOWN_ACCOUNT' });
  });

  it('should answer RETRYABLE NOT_IN_SESSION for place, cancel, query and balance of an account out of session, and do nothing', async () => {
    await openSessionNow(h, A);
    await limitBuy(A, 'a1');
    await h.broker.closeSession({ accountRef: A });
    const notInSession = { code: 'RETRYABLE', reason: 'NOT_IN_SESSION' };
    expect(await bridgeErrorOf(() => limitBuy(A, 'a2'))).toEqual(notInSession);
    expect(await bridgeErrorOf(() => h.broker.cancelOrder({ accountRef: A, clientOrderId: 'a1' }))).toEqual(notInSession);
    expect(await bridgeErrorOf(() => h.broker.queryOrders({ accountRef: A, clientOrderIds: ['a1'] }))).toEqual(notInSession);
    expect(await bridgeErrorOf(() => h.broker.getBalance({ accountRef: A }))).toEqual(notInSession);
    await expect(h.broker.getQuote({ symbol: SAMSUNG })).resolves.toMatchObject({ symbol: SAMSUNG });
    await openSessionNow(h, A);
    const { orders, notFound } = await h.broker.queryOrders({ accountRef: A, clientOrderIds: ['a1', 'a2'] });
    expect([orders.map((o) => [o.clientOrderId, o.status]), notFound]).toEqual([[['a1', 'accepted']], ['a2']]);
    expect(h.captured.orderEvents.map((e) => [e.clientOrderId, e.status])).toEqual([['a1', 'accepted']]);
  });

  it('should fill a resting order of an account out of session without pushing any event, now or later; query_orders shows the fill when it is back (RECON-12)', async () => {
    await openSessionNow(h, A);
    const { brokerOrderId } = await limitBuy(A, 'a1');
    await h.broker.closeSession({ accountRef: A });
    await openSessionNow(h, B);
    const eventsBefore = h.captured.orderEvents.length;
    h.rng.value = DOWN; // 70,000 -> 69,900: crosses the resting buy
    h.step();
    h.rng.value = FLAT;
    expect(h.captured.orderEvents).toHaveLength(eventsBefore);
    expect(h.captured.fills).toEqual([]);
    await h.broker.closeSession({ accountRef: B });
    await openSessionNow(h, A);
    h.step();
    expect(h.captured.orderEvents).toHaveLength(eventsBefore);
    expect(h.captured.fills).toEqual([]);
    const [order] = (await h.broker.queryOrders({ accountRef: A, clientOrderIds: ['a1'] })).orders;
    expect(order).toMatchObject({ brokerOrderId, status: 'filled', filledQtyShares: 10, fills: [expect.objectContaining({ qtyShares: 10, priceKrw: 69_900 })] });
    expect((await h.broker.getBalance({ accountRef: A })).positions).toEqual([{ symbol: SAMSUNG, qtyShares: 10, avgPriceKrw: 69_900 }]);
  });

  it('should push events again for an account once it is back in session', async () => {
    await openSessionNow(h, A);
    await limitBuy(A, 'a1');
    await h.broker.closeSession({ accountRef: A });
    await openSessionNow(h, A);
    await h.broker.cancelOrder({ accountRef: A, clientOrderId: 'a1' });
    expect(h.captured.orderEvents.map((e) => e.status)).toEqual(['accepted', 'cancelled']);
  });

  it('should hold as many accounts as PAPER_SESSION_SLOTS allows, with the configured switch cost', async () => {
    h = single({ slots: 2, switchCostMs: 500 });
    await openAccounts(A, B, 'acct-c');
    expect(h.broker.capabilities).toMatchObject({ slots: 2, switchCostMs: 500 });
    await openSessionNow(h, A);
    expect(await openSessionNow(h, B)).toEqual([A, B]);
    expect(await bridgeErrorOf(() => h.broker.openSession({ accountRef: 'acct-c' }))).toEqual({ code: 'REJECTED', reason: 'SLOTS_FULL' });
  });

  it('should not keep sessions across a restart (a new process is logged out)', async () => {
    await openSessionNow(h, A);
    const restarted = single();
    expect(await restarted.broker.listSessions({})).toEqual({ accountRefs: [] });
  });
});

describe('paper sessions: unlimited mode (default)', () => {
  beforeEach(async () => {
    h = paperHarness();
    await openAccounts(A, B);
  });

  it('should declare no slots and treat session requests as no-ops returning every known account', async () => {
    expect(h.broker.capabilities).toMatchObject({ slots: null, switchCostMs: 0 });
    expect(await h.broker.listSessions({})).toEqual({ accountRefs: [A, B] });
    expect(await h.broker.openSession({ accountRef: A })).toEqual({ accountRefs: [A, B] });
    expect(await h.broker.closeSession({ accountRef: A })).toEqual({ accountRefs: [A, B] });
    await expect(limitBuy(A, 'a1')).resolves.toMatchObject({ brokerOrderId: expect.any(String) });
    expect(h.captured.orderEvents).toHaveLength(1);
  });
});

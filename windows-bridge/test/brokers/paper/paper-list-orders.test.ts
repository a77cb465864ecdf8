import { BRIDGE_REQUESTS } from '@tradedesk/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { bridgeErrorOf, DOWN, FLAT, openSessionNow, paperHarness, START_MS, type PaperHarness } from '../../helpers.js';

const ACCOUNT = 'acct-1';
const OTHER = 'acct-2';
const SAMSUNG = '005930'; // KOSPI, 70,000, tick 100
const CASH_KRW = 1_000_000_000;
const HOUR_MS = 3_600_000;
/** START_MS is 10:00 KST; the next KST day starts 14 hours later. */
const NEXT_KST_MIDNIGHT_MS = START_MS + 14 * HOUR_MS;

let h: PaperHarness;

const order = (accountRef: string, clientOrderId: string, fields: { orderType?: 'market' | 'limit'; priceKrw?: number; qtyShares?: number } = {}) =>
  h.broker.placeOrder({
    clientOrderId, accountRef, symbol: SAMSUNG, side: 'buy', orderType: fields.orderType ?? 'market', qtyShares: fields.qtyShares ?? 10,
    ...(fields.priceKrw === undefined ? {} : { priceKrw: fields.priceKrw }),
  });
const list = (accountRef = ACCOUNT) => h.broker.listOrders({ accountRef });

describe('paper broker: list_orders (RECON-7)', () => {
  beforeEach(async () => {
    h = paperHarness();
    await h.broker.openAccount({ accountRef: ACCOUNT, initialCashKrw: CASH_KRW });
    await h.broker.openAccount({ accountRef: OTHER, initialCashKrw: CASH_KRW });
  });

  it("should list today's orders of the account oldest first, each with its fills, including one placed outside core and a rejected one", async () => {
    const filled = await order(ACCOUNT, 'core-1');
    await order(ACCOUNT, 'hts-manual-7', { orderType: 'limit', priceKrw: 69_900 }); // placed at the broker, not by core
    await expect(order(ACCOUNT, 'core-2', { orderType: 'limit', priceKrw: 70_050 })).rejects.toBeDefined(); // off tick
    await order(OTHER, 'other-1');
    h.rng.value = DOWN; // 70,000 -> 69,900: the resting manual buy fills
    h.step();
    h.rng.value = FLAT;
    const result = await list();
    expect(BRIDGE_REQUESTS.list_orders.result.safeParse(result).success).toBe(true);
    expect(result.orders.map((o) => [o.clientOrderId, o.status, o.filledQtyShares])).toEqual([
      ['core-1', 'filled', 10], ['hts-manual-7', 'filled', 10], ['core-2', 'rejected', 0],
    ]);
    expect(result.orders[0]).toMatchObject({ brokerOrderId: filled.brokerOrderId, accountRef: ACCOUNT });
    expect(result.orders[0]!.fills).toEqual([expect.objectContaining({ clientOrderId: 'core-1', qtyShares: 10, priceKrw: 70_000 })]);
    expect(result.orders[1]!.fills).toEqual([expect.objectContaining({ clientOrderId: 'hts-manual-7', qtyShares: 10, priceKrw: 69_900 })]);
    expect(result.orders[2]).toMatchObject({ rejectReason: 'PRICE_OFF_TICK', fills: [] });
    const { orders } = await h.broker.queryOrders({ accountRef: ACCOUNT, clientOrderIds: ['core-1', 'hts-manual-7', 'core-2'] });
    expect(result.orders).toEqual(orders);
  });

  it("should exclude yesterday's orders once the manual clock passes KST midnight, keeping them until the last millisecond of their day", async () => {
    await order(ACCOUNT, 'yesterday', { orderType: 'limit', priceKrw: 69_900 });
    h.clock.advance(NEXT_KST_MIDNIGHT_MS - 1 - START_MS);
    expect((await list()).orders.map((o) => o.clientOrderId)).toEqual(['yesterday']);
    h.clock.advance(1);
    expect(await list()).toEqual({ orders: [] });
    await order(ACCOUNT, 'today');
    expect((await list()).orders.map((o) => o.clientOrderId)).toEqual(['today']);
  });

  it('should answer an account never opened as query_orders does: nothing, without an error', async () => {
    await order(ACCOUNT, 'c1');
    expect(await list('nobody')).toEqual({ orders: [] });
    expect(await h.broker.queryOrders({ accountRef: 'nobody', clientOrderIds: ['c1'] })).toEqual({ orders: [], notFound: ['c1'] });
  });

  it('should answer RETRYABLE NOT_IN_SESSION for an account out of session in single mode, and list it once back in session', async () => {
    h = paperHarness({ sessions: { mode: 'single' } });
    await h.broker.openAccount({ accountRef: ACCOUNT, initialCashKrw: CASH_KRW });
    expect(await bridgeErrorOf(() => list())).toEqual({ code: 'RETRYABLE', reason: 'NOT_IN_SESSION' });
    await openSessionNow(h, ACCOUNT);
    await order(ACCOUNT, 'a1', { orderType: 'limit', priceKrw: 69_900 });
    await h.broker.closeSession({ accountRef: ACCOUNT });
    expect(await bridgeErrorOf(() => list())).toEqual({ code: 'RETRYABLE', reason: 'NOT_IN_SESSION' });
    await openSessionNow(h, ACCOUNT);
    expect((await list()).orders.map((o) => [o.clientOrderId, o.status])).toEqual([['a1', 'accepted']]);
  });

  it('should count list_orders against the calls-per-minute limit (RETRYABLE BUSY), as query_orders is', async () => {
    h = paperHarness({ callsPerMinuteMax: 2 });
    await h.broker.openAccount({ accountRef: ACCOUNT, initialCashKrw: CASH_KRW });
    await list();
    await h.broker.queryOrders({ accountRef: ACCOUNT, clientOrderIds: [] });
    expect(await bridgeErrorOf(() => list())).toEqual({ code: 'RETRYABLE', reason: 'BUSY' });
    h.clock.advance(60_000);
    await expect(list()).resolves.toEqual({ orders: [] });
  });
});

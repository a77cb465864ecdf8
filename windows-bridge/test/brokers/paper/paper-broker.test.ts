import { brokerFillSchema, orderEventSchema } from '@tradedesk/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { BrokerError } from '../../../src/brokers/broker-gateway.js';
import { bridgeErrorOf, DOWN, FLAT, paperHarness, START_MS, UP, type PaperHarness } from '../../helpers.js';

const ACCOUNT = 'acct-1';
const SAMSUNG = '005930'; // KOSPI, reference 70,000, tick 100, limits 49,000..91,000
const KODEX200 = '069500'; // ETF, reference 35,000, tick 5
const ECOPRO_BM = '247540'; // KOSDAQ, reference 150,000
const CASH_KRW = 10_000_000_000;

let h: PaperHarness;

async function place(id: string, fields: { symbol?: string; side?: 'buy' | 'sell'; orderType?: 'market' | 'limit'; qtyShares?: number; priceKrw?: number } = {}) {
  return h.broker.placeOrder({
    clientOrderId: id,
    accountRef: ACCOUNT,
    symbol: fields.symbol ?? SAMSUNG,
    side: fields.side ?? 'buy',
    orderType: fields.orderType ?? 'market',
    qtyShares: fields.qtyShares ?? 10,
    ...(fields.priceKrw === undefined ? {} : { priceKrw: fields.priceKrw }),
  });
}

async function balance() {
  return h.broker.getBalance({ accountRef: ACCOUNT });
}

beforeEach(async () => {
  h = paperHarness();
  await h.broker.openAccount({ accountRef: ACCOUNT, initialCashKrw: CASH_KRW });
});

describe('paper broker: accounts', () => {
  it('should create an account once and leave its cash alone when opened again', async () => {
    expect(await h.broker.openAccount({ accountRef: ACCOUNT, initialCashKrw: 5 })).toEqual({ created: false });
    expect(await balance()).toEqual({ cashKrw: CASH_KRW, positions: [] });
    expect(await h.broker.openAccount({ accountRef: 'acct-2', initialCashKrw: 5 })).toEqual({ created: true });
  });

  it('should answer NOT_FOUND UNKNOWN_ACCOUNT for the balance of an account never opened', async () => {
    expect(await bridgeErrorOf(() => h.broker.getBalance({ accountRef: 'nobody' }))).toEqual({ code: 'NOT_FOUND', reason: 'UNKNOWN_ACCOUNT' });
  });
});

describe('paper broker: rejections', () => {
  it.each([
    ['UNKNOWN_SYMBOL', { symbol: '999999' }],
    ['PRICE_INVALID', { orderType: 'limit' as const }],
    ['PRICE_INVALID', { orderType: 'market' as const, priceKrw: 70_000 }],
    ['PRICE_OFF_TICK', { orderType: 'limit' as const, priceKrw: 70_050 }],
    ['PRICE_OUT_OF_LIMIT', { orderType: 'limit' as const, priceKrw: 91_100 }],
    ['PRICE_OUT_OF_LIMIT', { orderType: 'limit' as const, priceKrw: 48_950 }],
    ['INSUFFICIENT_CASH', { orderType: 'limit' as const, priceKrw: 70_000, qtyShares: 200_000 }],
    ['INSUFFICIENT_POSITION', { side: 'sell' as const }],
  ])('should reject with %s, record the order as rejected and emit a rejected event', async (reason, fields) => {
    expect(await bridgeErrorOf(() => place('c1', fields))).toEqual({ code: 'REJECTED', reason });
    expect(h.captured.orderEvents).toEqual([expect.objectContaining({ clientOrderId: 'c1', status: 'rejected', reason })]);
    const { orders } = await h.broker.queryOrders({ accountRef: ACCOUNT, clientOrderIds: ['c1'] });
    expect(orders[0]).toMatchObject({ status: 'rejected', rejectReason: reason, filledQtyShares: 0 });
    expect(await balance()).toEqual({ cashKrw: CASH_KRW, positions: [] });
  });

  it('should accept limit prices exactly at the upper and lower daily limits', async () => {
    await expect(place('hi', { orderType: 'limit', priceKrw: 91_000, qtyShares: 1 })).resolves.toBeDefined();
    await expect(place('lo', { orderType: 'limit', priceKrw: 49_000, qtyShares: 1 })).resolves.toBeDefined();
  });

  it('should reject a non-positive or fractional quantity with INVALID_QTY', async () => {
    expect(await bridgeErrorOf(() => place('c0', { qtyShares: 0 }))).toEqual({ code: 'REJECTED', reason: 'INVALID_QTY' });
    expect(await bridgeErrorOf(() => place('c2', { qtyShares: 1.5 }))).toEqual({ code: 'REJECTED', reason: 'INVALID_QTY' });
  });

  it('should reject an order for an account never opened with UNKNOWN_ACCOUNT', async () => {
    const error = await bridgeErrorOf(() => h.broker.placeOrder({
      clientOrderId: 'x', accountRef: 'nobody', symbol: SAMSUNG, side: 'buy', orderType: 'market', qtyShares: 1,
    }));
    expect(error).toEqual({ code: 'REJECTED', reason: 'UNKNOWN_ACCOUNT' });
  });

  it('should reserve a market buy at the upper limit price, as KRX brokers do', async () => {
    h = paperHarness();
    // 10 shares at the last price (70,000) plus commission is affordable; at the upper limit (91,000) it is not.
    await h.broker.openAccount({ accountRef: ACCOUNT, initialCashKrw: 910_135 });
    expect(await bridgeErrorOf(() => place('m1'))).toEqual({ code: 'REJECTED', reason: 'INSUFFICIENT_CASH' });
    await h.broker.openAccount({ accountRef: 'acct-2', initialCashKrw: 910_136 });
    await expect(h.broker.placeOrder({
      clientOrderId: 'm2', accountRef: 'acct-2', symbol: SAMSUNG, side: 'buy', orderType: 'market', qtyShares: 10,
    })).resolves.toBeDefined();
  });

  it('should count cash reserved by open buys against a new buy', async () => {
    h = paperHarness();
    await h.broker.openAccount({ accountRef: ACCOUNT, initialCashKrw: 1_000_000 });
    await place('b1', { orderType: 'limit', priceKrw: 60_000, qtyShares: 10 }); // rests, reserves 600,090
    expect(await bridgeErrorOf(() => place('b2', { orderType: 'limit', priceKrw: 60_000, qtyShares: 10 })))
      .toEqual({ code: 'REJECTED', reason: 'INSUFFICIENT_CASH' });
  });

  it('should count shares reserved by open sells against a new sell', async () => {
    await place('b1', { qtyShares: 10 });
    await place('s1', { side: 'sell', orderType: 'limit', priceKrw: 80_000, qtyShares: 6 }); // rests
    expect(await bridgeErrorOf(() => place('s2', { side: 'sell', qtyShares: 5 })))
      .toEqual({ code: 'REJECTED', reason: 'INSUFFICIENT_POSITION' });
    await expect(place('s3', { side: 'sell', qtyShares: 4 })).resolves.toBeDefined();
  });

  it('should refuse a different order under a clientOrderId already used with DUPLICATE_CLIENT_ORDER_ID', async () => {
    await place('c1', { qtyShares: 10 });
    expect(await bridgeErrorOf(() => place('c1', { qtyShares: 11 }))).toEqual({ code: 'REJECTED', reason: 'DUPLICATE_CLIENT_ORDER_ID' });
  });

  it('should reject with TOO_MANY_ORDERS when every kept order is still open, and prune old final orders otherwise', async () => {
    h = paperHarness({ ordersPerAccountMax: 10 });
    await h.broker.openAccount({ accountRef: ACCOUNT, initialCashKrw: CASH_KRW });
    await place('done', { qtyShares: 1 }); // filled at once: final, may be pruned
    for (let i = 0; i < 9; i++) await place(`rest-${i}`, { orderType: 'limit', priceKrw: 60_000, qtyShares: 1 });
    await place('rest-9', { orderType: 'limit', priceKrw: 60_000, qtyShares: 1 });
    expect((await h.broker.queryOrders({ accountRef: ACCOUNT, clientOrderIds: ['done'] })).notFound).toEqual(['done']);
    expect(await bridgeErrorOf(() => place('one-too-many', { orderType: 'limit', priceKrw: 60_000, qtyShares: 1 })))
      .toEqual({ code: 'REJECTED', reason: 'TOO_MANY_ORDERS' });
  });
});

describe('paper broker: fills', () => {
  it('should fill a market buy at the last price at once, with commission rounded down to the won', async () => {
    const { brokerOrderId } = await place('c1', { qtyShares: 10 });
    // 700,000 × 0.015 % = 105
    expect(h.captured.fills).toEqual([expect.objectContaining({
      brokerOrderId, clientOrderId: 'c1', qtyShares: 10, priceKrw: 70_000, commissionKrw: 105, taxKrw: 0, side: 'buy',
    })]);
    expect(h.captured.orderEvents.map((e) => e.status)).toEqual(['accepted', 'filled']);
    expect(await balance()).toEqual({ cashKrw: CASH_KRW - 700_105, positions: [{ symbol: SAMSUNG, qtyShares: 10, avgPriceKrw: 70_000 }] });
    for (const fill of h.captured.fills) expect(brokerFillSchema.safeParse(fill).success).toBe(true);
    for (const event of h.captured.orderEvents) expect(orderEventSchema.safeParse(event).success).toBe(true);
  });

  it('should charge KOSPI sells 0.20 % tax (0.05 % + 0.15 % farm & fishing), KOSDAQ 0.20 % and ETFs nothing', async () => {
    await place('b1', { qtyShares: 100 });
    await place('b2', { symbol: KODEX200, qtyShares: 100 });
    await place('b3', { symbol: ECOPRO_BM, qtyShares: 10 });
    await place('s1', { side: 'sell', qtyShares: 100 });
    await place('s2', { symbol: KODEX200, side: 'sell', qtyShares: 100 });
    await place('s3', { symbol: ECOPRO_BM, side: 'sell', qtyShares: 10 });
    const sells = h.captured.fills.filter((f) => f.side === 'sell');
    // 7,000,000: commission 1,050, tax 3,500 + 10,500; 3,500,000: commission 525, no tax; 1,500,000: 225, 3,000
    expect(sells.map((f) => [f.symbol, f.commissionKrw, f.taxKrw])).toEqual([
      [SAMSUNG, 1_050, 14_000],
      [KODEX200, 525, 0],
      [ECOPRO_BM, 225, 3_000],
    ]);
    expect((await balance()).positions).toEqual([]);
  });

  it('should let a limit buy rest until the feed crosses it, then fill at the limit price', async () => {
    await place('c1', { orderType: 'limit', priceKrw: 69_900, qtyShares: 10 });
    h.rng.value = FLAT;
    h.step();
    expect(h.captured.fills).toEqual([]);
    h.rng.value = DOWN; // 70,000 → 69,900
    h.step();
    expect(h.captured.fills).toEqual([expect.objectContaining({ priceKrw: 69_900, qtyShares: 10 })]);
    expect(h.captured.orderEvents.map((e) => e.status)).toEqual(['accepted', 'filled']);
  });

  it('should let a limit sell rest until the feed rises to it', async () => {
    await place('b1', { qtyShares: 10 });
    await place('s1', { side: 'sell', orderType: 'limit', priceKrw: 70_100, qtyShares: 10 });
    h.step();
    expect(h.captured.fills.filter((f) => f.side === 'sell')).toEqual([]);
    h.rng.value = UP;
    h.step();
    expect(h.captured.fills.filter((f) => f.side === 'sell')).toEqual([expect.objectContaining({ priceKrw: 70_100 })]);
  });

  it('should fill a marketable limit buy at once at the last price (better than the limit)', async () => {
    await place('c1', { orderType: 'limit', priceKrw: 71_000, qtyShares: 10 });
    expect(h.captured.fills).toEqual([expect.objectContaining({ priceKrw: 70_000 })]);
  });

  it('should fill an order larger than the per-tick liquidity over several steps', async () => {
    await place('c1', { qtyShares: 2_500 });
    expect(h.captured.fills.map((f) => f.qtyShares)).toEqual([1_000]);
    h.step();
    h.step();
    h.step();
    expect(h.captured.fills.map((f) => f.qtyShares)).toEqual([1_000, 1_000, 500]);
    expect(h.captured.orderEvents.map((e) => e.status)).toEqual(['accepted', 'partially_filled', 'partially_filled', 'filled']);
    expect(new Set(h.captured.fills.map((f) => f.brokerFillId)).size).toBe(3);
  });

  it('should expire an order still open when the KST day changes (orders do not carry across days)', async () => {
    await place('c1', { orderType: 'limit', priceKrw: 60_000, qtyShares: 10 });
    h.clock.advance(24 * 60 * 60 * 1000);
    h.step();
    expect(h.captured.orderEvents.map((e) => e.status)).toEqual(['accepted', 'expired']);
    expect(await bridgeErrorOf(() => h.broker.cancelOrder({ accountRef: ACCOUNT, clientOrderId: 'c1' })))
      .toEqual({ code: 'REJECTED', reason: 'NOT_CANCELLABLE' });
  });
});

describe('paper broker: feed timer', () => {
  it('should step the feed every tick interval once started, and quote only subscribed symbols', async () => {
    await h.broker.subscribeQuotes({ symbols: [KODEX200] });
    expect(h.captured.quotes).toHaveLength(1); // the current quote on subscribe
    await h.broker.start();
    h.clock.advance(3_000);
    await h.broker.stop();
    h.clock.advance(3_000);
    expect(h.captured.quotes.map((q) => [q.symbol, q.at])).toEqual([
      [KODEX200, expect.any(Number)], [KODEX200, START_MS + 1_000], [KODEX200, START_MS + 2_000], [KODEX200, START_MS + 3_000],
    ]);
  });

  it('should use the id prefix in order and fill ids', async () => {
    h = paperHarness({ idPrefix: 'ab12' });
    await h.broker.openAccount({ accountRef: ACCOUNT, initialCashKrw: CASH_KRW });
    expect(await place('c1')).toEqual({ brokerOrderId: 'P-ab12-1' });
    expect(h.captured.fills[0]!.brokerFillId).toBe('F-ab12-1');
  });
});

describe('paper broker: cancel', () => {
  it('should cancel the unfilled rest of a partially filled order and release its reserved cash', async () => {
    h = paperHarness();
    await h.broker.openAccount({ accountRef: ACCOUNT, initialCashKrw: 175_100_000 });
    await place('c1', { orderType: 'limit', priceKrw: 70_000, qtyShares: 2_500 }); // 1,000 fill at once
    expect(await h.broker.cancelOrder({ accountRef: ACCOUNT, clientOrderId: 'c1' })).toEqual({ cancelledQtyShares: 1_500 });
    expect(h.captured.orderEvents.map((e) => e.status)).toEqual(['accepted', 'partially_filled', 'cancelled']);
    h.step();
    expect(h.captured.fills).toHaveLength(1);
    // With the reservation released, the remaining cash buys 1,500 more at 70,000.
    await expect(place('c2', { orderType: 'limit', priceKrw: 70_000, qtyShares: 1_500 })).resolves.toBeDefined();
  });

  it('should refuse to cancel a filled order with NOT_CANCELLABLE', async () => {
    await place('c1', { qtyShares: 10 });
    expect(await bridgeErrorOf(() => h.broker.cancelOrder({ accountRef: ACCOUNT, clientOrderId: 'c1' })))
      .toEqual({ code: 'REJECTED', reason: 'NOT_CANCELLABLE' });
  });

  it('should refuse to cancel an order twice with NOT_CANCELLABLE', async () => {
    await place('c1', { orderType: 'limit', priceKrw: 60_000 });
    await h.broker.cancelOrder({ accountRef: ACCOUNT, clientOrderId: 'c1' });
    expect(await bridgeErrorOf(() => h.broker.cancelOrder({ accountRef: ACCOUNT, clientOrderId: 'c1' })))
      .toEqual({ code: 'REJECTED', reason: 'NOT_CANCELLABLE' });
  });

  it('should answer NOT_FOUND for an unknown order', async () => {
    expect(await bridgeErrorOf(() => h.broker.cancelOrder({ accountRef: ACCOUNT, clientOrderId: 'nope' })))
      .toEqual({ code: 'NOT_FOUND', reason: 'ORDER_NOT_FOUND' });
  });
});

describe('paper broker: idempotency and queries', () => {
  it('should return the same brokerOrderId for the same clientOrderId and place only one order', async () => {
    const first = await place('c1', { qtyShares: 10 });
    const second = await place('c1', { qtyShares: 10 });
    expect(second).toEqual(first);
    expect(h.captured.orderEvents.filter((e) => e.status === 'accepted')).toHaveLength(1);
    expect((await balance()).positions).toEqual([{ symbol: SAMSUNG, qtyShares: 10, avgPriceKrw: 70_000 }]);
  });

  it('should repeat the original rejection for a repeated rejected placement', async () => {
    await bridgeErrorOf(() => place('c1', { symbol: '999999' }));
    expect(await bridgeErrorOf(() => place('c1', { symbol: '999999' }))).toEqual({ code: 'REJECTED', reason: 'UNKNOWN_SYMBOL' });
    expect(h.captured.orderEvents).toHaveLength(1);
  });

  it('should report each order with its status, filled quantity and fills, and unknown ids in notFound', async () => {
    await place('c1', { qtyShares: 1_500 });
    await place('c2', { orderType: 'limit', priceKrw: 60_000, qtyShares: 5 });
    const result = await h.broker.queryOrders({ accountRef: ACCOUNT, clientOrderIds: ['c1', 'c2', 'ghost'] });
    expect(result.notFound).toEqual(['ghost']);
    expect(result.orders).toEqual([
      expect.objectContaining({ clientOrderId: 'c1', status: 'partially_filled', qtyShares: 1_500, filledQtyShares: 1_000, fills: [expect.objectContaining({ qtyShares: 1_000 })] }),
      expect.objectContaining({ clientOrderId: 'c2', status: 'accepted', filledQtyShares: 0, fills: [] }),
    ]);
  });

  it('should keep cash and positions equal to the sum of all fills over a random session', async () => {
    const symbols = [SAMSUNG, KODEX200, ECOPRO_BM];
    let n = 0;
    for (let round = 0; round < 60; round++) {
      h.rng.value = [DOWN, UP, FLAT][round % 3]!;
      const symbol = symbols[round % symbols.length]!;
      const held = (await balance()).positions.find((p) => p.symbol === symbol)?.qtyShares ?? 0;
      const side = round % 4 === 3 && held > 0 ? 'sell' : 'buy';
      const qtyShares = side === 'sell' ? Math.max(1, Math.floor(held / 2)) : 700 + round;
      await place(`r${n++}`, { symbol, side, qtyShares }).catch((error: unknown) => {
        if (!(error instanceof BrokerError)) throw error;
      });
      h.step();
    }
    for (let i = 0; i < 5; i++) h.step();
    let cashKrw = CASH_KRW;
    const qty = new Map<string, number>();
    for (const f of h.captured.fills) {
      const amount = f.qtyShares * f.priceKrw;
      cashKrw += f.side === 'buy' ? -(amount + f.commissionKrw) : amount - f.commissionKrw - f.taxKrw;
      qty.set(f.symbol, (qty.get(f.symbol) ?? 0) + (f.side === 'buy' ? f.qtyShares : -f.qtyShares));
    }
    const b = await balance();
    expect(h.captured.fills.length).toBeGreaterThan(60);
    expect(b.cashKrw).toBe(cashKrw);
    expect(Object.fromEntries(b.positions.map((p) => [p.symbol, p.qtyShares]))).toEqual(
      Object.fromEntries([...qty].filter(([, q]) => q !== 0).sort(([a], [c]) => (a < c ? -1 : 1))),
    );
  });
});

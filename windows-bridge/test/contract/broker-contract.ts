import {
  BRIDGE_REQUESTS,
  bridgeCapabilitiesSchema,
  brokerFillSchema,
  orderEventSchema,
  quoteSchema,
  type BrokerFill,
  type OrderEvent,
} from '@tradedesk/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrokerError, type BrokerGateway } from '../../src/brokers/broker-gateway.js';

/**
 * What the shared broker contract suite needs from an adapter under test (STYLE §3, after
 * Hummingbot's exchange connector tests). Real brokers provide canned venue payloads behind the
 * same gateway; the paper broker provides its simulated market.
 */
export interface BrokerContractHarness {
  gateway: BrokerGateway;
  /** Order events and fills the gateway has committed so far (in order). */
  orderEvents(): readonly OrderEvent[];
  fills(): readonly BrokerFill[];
  /** An account in session that can buy `symbol` several times over. */
  accountRef: string;
  /** A liquid symbol the venue knows. */
  symbol: string;
  /** A limit buy price for `symbol` that rests without filling until `crossRestingBuy`. */
  restingBuyPriceKrw: number;
  /** A quantity larger than what fills in one go, so it fills over several `advance` calls. */
  largeQtyShares: number;
  /** Lets the venue move on one step (fills of resting or large orders arrive). No time passes otherwise. */
  advance(): Promise<void>;
  /** Moves the venue so a resting buy at `restingBuyPriceKrw` crosses on the next `advance`. */
  crossRestingBuy(): Promise<void>;
  close(): Promise<void>;
}

async function errorOf(fn: () => Promise<unknown>): Promise<{ code: string; reason: string }> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof BrokerError) return { code: error.bridgeError.code, reason: error.bridgeError.reason };
    throw error;
  }
  throw new Error('expected a BrokerError');
}

/** Runs the generic gateway behaviours against `createHarness` (a fresh harness per test). */
export function describeBrokerContract(name: string, createHarness: () => Promise<BrokerContractHarness>): void {
  describe(`broker contract: ${name}`, () => {
    let h: BrokerContractHarness;
    let n = 0;
    const place = (fields: { orderType?: 'market' | 'limit'; side?: 'buy' | 'sell'; qtyShares?: number; priceKrw?: number; clientOrderId?: string; symbol?: string } = {}) =>
      h.gateway.placeOrder({
        clientOrderId: fields.clientOrderId ?? `k${++n}`,
        accountRef: h.accountRef,
        symbol: fields.symbol ?? h.symbol,
        side: fields.side ?? 'buy',
        orderType: fields.orderType ?? 'market',
        qtyShares: fields.qtyShares ?? 1,
        ...(fields.priceKrw === undefined ? {} : { priceKrw: fields.priceKrw }),
      });
    const query = (ids: string[]) => h.gateway.queryOrders({ accountRef: h.accountRef, clientOrderIds: ids });

    beforeEach(async () => {
      h = await createHarness();
    });
    afterEach(async () => h.close());

    it('should declare capabilities that match the contract', () => {
      expect(bridgeCapabilitiesSchema.safeParse(h.gateway.capabilities).success).toBe(true);
    });

    it('should create an order: accepted event, then a fill and a filled event, all contract-valid', async () => {
      const result = await place({ clientOrderId: 'ok-1' });
      expect(BRIDGE_REQUESTS.place_order.result.safeParse(result).success).toBe(true);
      for (let i = 0; i < 3 && !h.orderEvents().some((e) => e.status === 'filled'); i++) await h.advance();
      expect(h.orderEvents().map((e) => e.status)).toEqual(['accepted', 'filled']);
      expect(h.fills()).toEqual([expect.objectContaining({ clientOrderId: 'ok-1', brokerOrderId: result.brokerOrderId, qtyShares: 1 })]);
      for (const e of h.orderEvents()) expect(orderEventSchema.safeParse(e).success).toBe(true);
      for (const f of h.fills()) expect(brokerFillSchema.safeParse(f).success).toBe(true);
    });

    it('should fail to create an order for an unknown symbol with a definitive REJECTED', async () => {
      expect((await errorOf(() => place({ symbol: '00000Z' }))).code).toBe('REJECTED');
    });

    it('should never create a second order for a repeated clientOrderId', async () => {
      const first = await place({ clientOrderId: 'dup' });
      const again = await place({ clientOrderId: 'dup' });
      expect(again.brokerOrderId).toBe(first.brokerOrderId);
      expect(h.orderEvents().filter((e) => e.status === 'accepted')).toHaveLength(1);
    });

    it('should cancel a resting order, report the cancelled quantity and a cancelled event', async () => {
      await place({ clientOrderId: 'rest', orderType: 'limit', priceKrw: h.restingBuyPriceKrw, qtyShares: 3 });
      const result = await h.gateway.cancelOrder({ accountRef: h.accountRef, clientOrderId: 'rest' });
      expect(result).toEqual({ cancelledQtyShares: 3 });
      expect(h.orderEvents().at(-1)).toMatchObject({ clientOrderId: 'rest', status: 'cancelled' });
      expect((await query(['rest'])).orders[0]).toMatchObject({ status: 'cancelled', filledQtyShares: 0 });
    });

    it('should answer NOT_FOUND when cancelling an unknown order', async () => {
      expect((await errorOf(() => h.gateway.cancelOrder({ accountRef: h.accountRef, clientOrderId: 'never' }))).code).toBe('NOT_FOUND');
    });

    it('should answer REJECTED NOT_CANCELLABLE when cancelling a filled order', async () => {
      await place({ clientOrderId: 'done' });
      for (let i = 0; i < 3 && !h.orderEvents().some((e) => e.status === 'filled'); i++) await h.advance();
      expect(await errorOf(() => h.gateway.cancelOrder({ accountRef: h.accountRef, clientOrderId: 'done' })))
        .toEqual({ code: 'REJECTED', reason: 'NOT_CANCELLABLE' });
    });

    it('should report status filled, cancelled and unchanged (resting) orders, and unknown ids as notFound', async () => {
      await place({ clientOrderId: 's-filled' });
      await place({ clientOrderId: 's-cancelled', orderType: 'limit', priceKrw: h.restingBuyPriceKrw });
      await place({ clientOrderId: 's-resting', orderType: 'limit', priceKrw: h.restingBuyPriceKrw });
      await h.gateway.cancelOrder({ accountRef: h.accountRef, clientOrderId: 's-cancelled' });
      await h.advance();
      const result = await query(['s-filled', 's-cancelled', 's-resting', 's-ghost']);
      expect(BRIDGE_REQUESTS.query_orders.result.safeParse(result).success).toBe(true);
      expect(result.orders.map((o) => [o.clientOrderId, o.status])).toEqual([
        ['s-filled', 'filled'], ['s-cancelled', 'cancelled'], ['s-resting', 'accepted'],
      ]);
      expect(result.notFound).toEqual(['s-ghost']);
    });

    it("should list the day's orders of the account oldest first with their fills, whatever their clientOrderId (RECON-7)", async () => {
      const filled = await place({ clientOrderId: 'l-filled' });
      await place({ clientOrderId: 'l-outside-core', orderType: 'limit', priceKrw: h.restingBuyPriceKrw });
      for (let i = 0; i < 3 && !h.orderEvents().some((e) => e.clientOrderId === 'l-filled' && e.status === 'filled'); i++) await h.advance();
      const result = await h.gateway.listOrders({ accountRef: h.accountRef });
      expect(BRIDGE_REQUESTS.list_orders.result.safeParse(result).success).toBe(true);
      expect(result.orders.map((o) => [o.clientOrderId, o.status])).toEqual([['l-filled', 'filled'], ['l-outside-core', 'accepted']]);
      expect(result.orders[0]!.brokerOrderId).toBe(filled.brokerOrderId);
      expect(result.orders[0]!.fills.map((f) => f.brokerFillId)).toEqual(h.fills().filter((f) => f.clientOrderId === 'l-filled').map((f) => f.brokerFillId));
      expect(result.orders[1]!.fills).toEqual([]);
    });

    it('should fill a resting limit order once the market crosses it', async () => {
      await place({ clientOrderId: 'cross', orderType: 'limit', priceKrw: h.restingBuyPriceKrw });
      await h.advance();
      expect(h.fills()).toEqual([]);
      await h.crossRestingBuy();
      await h.advance();
      expect(h.fills()).toEqual([expect.objectContaining({ clientOrderId: 'cross' })]);
      expect(h.fills()[0]!.priceKrw).toBeLessThanOrEqual(h.restingBuyPriceKrw);
    });

    it('should report partial fills with unique fill ids whose quantities add up to the order', async () => {
      await place({ clientOrderId: 'big', qtyShares: h.largeQtyShares });
      for (let i = 0; i < 50 && !h.orderEvents().some((e) => e.status === 'filled'); i++) await h.advance();
      const fills = h.fills().filter((f) => f.clientOrderId === 'big');
      expect(fills.length).toBeGreaterThan(1);
      expect(new Set(fills.map((f) => f.brokerFillId)).size).toBe(fills.length);
      expect(fills.reduce((sum, f) => sum + f.qtyShares, 0)).toBe(h.largeQtyShares);
      expect(h.orderEvents().map((e) => e.status)).toContain('partially_filled');
      const [order] = (await query(['big'])).orders;
      expect(order).toMatchObject({ status: 'filled', filledQtyShares: h.largeQtyShares });
      expect(order!.fills.map((f) => f.brokerFillId)).toEqual(fills.map((f) => f.brokerFillId));
    });

    it('should answer session requests in the contract shape, with the harness account in session', async () => {
      const listed = await h.gateway.listSessions({});
      expect(BRIDGE_REQUESTS.list_sessions.result.safeParse(listed).success).toBe(true);
      expect(listed.accountRefs).toContain(h.accountRef);
      const opened = await h.gateway.openSession({ accountRef: h.accountRef });
      expect(BRIDGE_REQUESTS.open_session.result.safeParse(opened).success).toBe(true);
      expect(opened.accountRefs).toContain(h.accountRef);
    });

    it('should answer orders and queries of an account out of session RETRYABLE NOT_IN_SESSION if it has slots; without slots nobody leaves', async () => {
      await place({ clientOrderId: 'before', orderType: 'limit', priceKrw: h.restingBuyPriceKrw });
      const closed = await h.gateway.closeSession({ accountRef: h.accountRef });
      expect(await h.gateway.closeSession({ accountRef: h.accountRef })).toEqual(closed);
      if (h.gateway.capabilities.slots === null) {
        expect(closed.accountRefs).toContain(h.accountRef);
        await expect(place({ clientOrderId: 'after' })).resolves.toBeDefined();
        return;
      }
      expect(closed.accountRefs).not.toContain(h.accountRef);
      const notInSession = { code: 'RETRYABLE', reason: 'NOT_IN_SESSION' };
      expect(await errorOf(() => place({ clientOrderId: 'after' }))).toEqual(notInSession);
      expect(await errorOf(() => h.gateway.cancelOrder({ accountRef: h.accountRef, clientOrderId: 'before' }))).toEqual(notInSession);
      expect(await errorOf(() => query(['before']))).toEqual(notInSession);
    });

    it('should answer RETRYABLE BUSY beyond the declared orders per second, without placing the order', async () => {
      const { ordersPerSecondMax } = h.gateway.capabilities;
      for (let i = 0; i < ordersPerSecondMax; i++) await place({ clientOrderId: `r${i}`, orderType: 'limit', priceKrw: h.restingBuyPriceKrw });
      expect(await errorOf(() => place({ clientOrderId: 'over', orderType: 'limit', priceKrw: h.restingBuyPriceKrw })))
        .toEqual({ code: 'RETRYABLE', reason: 'BUSY' });
      await h.advance();
      expect((await query(['over'])).notFound).toEqual(['over']);
    });

    it('should answer a quote and a balance that match the contract', async () => {
      expect(quoteSchema.safeParse(await h.gateway.getQuote({ symbol: h.symbol })).success).toBe(true);
      const balance = await h.gateway.getBalance({ accountRef: h.accountRef });
      expect(BRIDGE_REQUESTS.get_balance.result.safeParse(balance).success).toBe(true);
    });
  });
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BRIDGE_REQUESTS, bridgeCapabilitiesSchema } from '@tradedesk/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { AnswerWithheld } from '../../../src/brokers/broker-gateway.js';
import { createFileStateStore } from '../../../src/brokers/paper/paper-state-store.js';
import { bridgeErrorOf, paperHarness, silentLogger, START_MS, type PaperHarness } from '../../helpers.js';

const ACCOUNT = 'acct-1';
const SAMSUNG = '005930'; // 70,000, tick 100
const CASH_KRW = 1_000_000_000;

let h: PaperHarness;

const marketBuy = (clientOrderId: string) => h.broker.placeOrder({
  clientOrderId, accountRef: ACCOUNT, symbol: SAMSUNG, side: 'buy', orderType: 'market', qtyShares: 10,
});
const restingBuy = (clientOrderId: string) => h.broker.placeOrder({
  clientOrderId, accountRef: ACCOUNT, symbol: SAMSUNG, side: 'buy', orderType: 'limit', qtyShares: 10, priceKrw: 69_000,
});
/** Places with the answer withheld after the broker took the order: the bridge never learns it is core's. */
const placeAnswerLost = async (place: () => Promise<unknown>) => {
  h.broker.setFaults({ timeoutAfterAccept: 1 });
  await expect(place()).rejects.toBeInstanceOf(AnswerWithheld);
  h.broker.setFaults({});
};

/** The paper broker with `clientOrderIds: false` behaves like KIS and Kiwoom (IDEM-11). */
describe('paper broker without client order ids', () => {
  beforeEach(async () => {
    h = paperHarness({ clientOrderIds: false });
    await h.broker.openAccount({ accountRef: ACCOUNT, initialCashKrw: CASH_KRW });
  });

  it('should declare it in its capabilities; a bridge that does not say keeps client order ids', () => {
    expect(h.broker.capabilities.clientOrderIds).toBe(false);
    expect(paperHarness().broker.capabilities.clientOrderIds).toBe(true);
    const { clientOrderIds: _notSaid, ...olderBridge } = h.broker.capabilities;
    expect(bridgeCapabilitiesSchema.parse(olderBridge).clientOrderIds).toBe(true);
  });

  it('should report an answered order under core\'s id: its fills and state as of the answer, then every event', async () => {
    const { brokerOrderId } = await marketBuy('core-1');
    expect((await h.broker.queryOrders({ accountRef: ACCOUNT, clientOrderIds: ['core-1'] })).orders).toMatchObject([{ brokerOrderId, status: 'filled' }]);
    expect(h.captured.fills.map((f) => f.clientOrderId)).toEqual(['core-1']);
    expect(h.captured.orderEvents.map((e) => [e.clientOrderId, e.status])).toEqual([['core-1', 'filled']]);
    await restingBuy('core-2');
    await h.broker.cancelOrder({ accountRef: ACCOUNT, clientOrderId: 'core-2' });
    expect(h.captured.orderEvents.map((e) => [e.clientOrderId, e.status]).slice(1)).toEqual([['core-2', 'accepted'], ['core-2', 'cancelled']]);
  });

  it('should list an order whose answer was lost without a client order id, stream none of its events, and not find it by id', async () => {
    await placeAnswerLost(() => marketBuy('core-1'));
    const { orders } = await h.broker.listOrders({ accountRef: ACCOUNT });
    expect(BRIDGE_REQUESTS.list_orders.result.safeParse({ orders }).success).toBe(true);
    expect(orders).toMatchObject([{ clientOrderId: null, status: 'filled', placedAt: START_MS, symbol: SAMSUNG, qtyShares: 10 }]);
    expect(orders[0]!.fills.map((f) => f.clientOrderId)).toEqual([null]);
    expect(h.captured.orderEvents).toEqual([]);
    expect(h.captured.fills).toEqual([]);
    expect(await h.broker.queryOrders({ accountRef: ACCOUNT, clientOrderIds: ['core-1'] })).toEqual({ orders: [], notFound: ['core-1'] });
    expect(await bridgeErrorOf(() => h.broker.cancelOrder({ accountRef: ACCOUNT, clientOrderId: 'core-1' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('should place a second order when the same id is sent again after a lost answer: the broker never knew the id', async () => {
    await placeAnswerLost(() => restingBuy('core-1'));
    const again = await restingBuy('core-1');
    const { orders } = await h.broker.listOrders({ accountRef: ACCOUNT });
    expect(orders.map((o) => [o.clientOrderId, o.brokerOrderId === again.brokerOrderId])).toEqual([[null, false], ['core-1', true]]);
  });

  it('should tie an order to core\'s id when claimed, replaying its fills and state, and refuse an id already in use', async () => {
    await placeAnswerLost(() => marketBuy('core-1'));
    const [lost] = (await h.broker.listOrders({ accountRef: ACCOUNT })).orders;
    await restingBuy('core-2');
    h.captured.orderEvents.length = 0;

    expect(await bridgeErrorOf(() => h.broker.claimOrder({ accountRef: ACCOUNT, brokerOrderId: lost!.brokerOrderId, clientOrderId: 'core-2' })))
      .toMatchObject({ code: 'REJECTED', reason: 'DUPLICATE_CLIENT_ORDER_ID' });

    expect(await h.broker.claimOrder({ accountRef: ACCOUNT, brokerOrderId: lost!.brokerOrderId, clientOrderId: 'core-1' })).toEqual({ claimed: true });
    expect(h.captured.fills.map((f) => [f.clientOrderId, f.brokerOrderId])).toEqual([['core-1', lost!.brokerOrderId]]);
    expect(h.captured.orderEvents.map((e) => [e.clientOrderId, e.status])).toEqual([['core-1', 'filled']]);
    expect((await h.broker.queryOrders({ accountRef: ACCOUNT, clientOrderIds: ['core-1'] })).orders.map((o) => o.brokerOrderId)).toEqual([lost!.brokerOrderId]);
    // Claiming again under the same id is harmless; under another id it is refused as not claimed.
    expect(await h.broker.claimOrder({ accountRef: ACCOUNT, brokerOrderId: lost!.brokerOrderId, clientOrderId: 'core-1' })).toEqual({ claimed: true });
    expect(await h.broker.claimOrder({ accountRef: ACCOUNT, brokerOrderId: lost!.brokerOrderId, clientOrderId: 'core-9' })).toEqual({ claimed: false });
    expect(await bridgeErrorOf(() => h.broker.claimOrder({ accountRef: ACCOUNT, brokerOrderId: 'P999', clientOrderId: 'core-9' })))
      .toMatchObject({ code: 'NOT_FOUND' });
  });

  it('should keep an unclaimed order unattributed across a restart of the broker from its state', async () => {
    const store = createFileStateStore(join(mkdtempSync(join(tmpdir(), 'paper-no-ids-')), 'state.json'), silentLogger);
    h = paperHarness({ clientOrderIds: false, store });
    await h.broker.openAccount({ accountRef: ACCOUNT, initialCashKrw: CASH_KRW });
    await placeAnswerLost(() => restingBuy('core-1'));
    const restarted = paperHarness({ clientOrderIds: false, store });
    expect((await restarted.broker.listOrders({ accountRef: ACCOUNT })).orders.map((o) => o.clientOrderId)).toEqual([null]);
  });
});

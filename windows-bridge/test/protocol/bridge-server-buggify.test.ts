import { bridgeToCoreSchema } from '@tradedesk/contracts';
import { describe, expect, it } from 'vitest';
import type { PaperBrokerOptions } from '../../src/brokers/paper/paper-broker.js';
import { PAPER_FILL_BEFORE_ACK_LAG_MS, PAPER_FILL_BEFORE_ACK_WAIT_MS_MAX } from '../../src/brokers/paper/paper-fill-before-ack.js';
import { DOWN, scriptedRng, settle } from '../helpers.js';
import { usePaperBridgeServers } from './paper-bridge-server.js';
import type { TestClient } from './ws-test-client.js';


const ACCOUNT = 'acct-1';
const servers = usePaperBridgeServers();

async function startServer(options: Partial<PaperBrokerOptions> = {}) {
  const rng = scriptedRng();
  const { broker, clock, port } = await servers.start({ broker: { rng, ...options }, accounts: [ACCOUNT] });
  const client = await servers.hello(port);
  return { broker, clock, rng, client };
}

const marketBuy = (clientOrderId: string) =>
  ({ clientOrderId, accountRef: ACCOUNT, symbol: '005930', side: 'buy', orderType: 'market', qtyShares: 10 });
/** One tick below the flat price: rests until the feed moves DOWN. */
const restingBuy = (clientOrderId: string) =>
  ({ clientOrderId, accountRef: ACCOUNT, symbol: '005930', side: 'buy', orderType: 'limit', qtyShares: 10, priceKrw: 69_900 });

/** What arrived on the wire after the hello and replay, in order: frame types (order events with their status), or `unreadable`. */
function wire(client: TestClient): string[] {
  return client.raw.slice(2).map((text) => {
    try {
      const frame = bridgeToCoreSchema.parse(JSON.parse(text));
      return frame.type === 'order_event' ? `order_event:${frame.event.status}` : frame.type;
    } catch {
      return 'unreadable';
    }
  });
}

/** Waits (real time, bounded) until `count` frames have arrived after the hello and replay. */
async function framesArrived(client: TestClient, count: number): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (client.raw.length - 2 < count) {
    if (Date.now() > deadline) throw new Error(`only ${client.raw.length - 2} of ${count} frames arrived`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('SIM-8 buggify: truncated answers', () => {
  it('should send the place_order answer cut in the middle of its JSON, after the order was placed; the connection stays up', async () => {
    const { broker, client } = await startServer({ faults: { truncateAnswer: 1, corruptAnswersOf: ['place_order'] } });
    client.send({ type: 'request', request: 'place_order', body: marketBuy('c1') });
    await framesArrived(client, 4);
    expect(wire(client)).toEqual(['order_event:accepted', 'fill', 'order_event:filled', 'unreadable']);
    const text = client.raw.at(-1)!;
    expect(() => JSON.parse(text)).toThrow();
    // A prefix of the response to our request: cut in the middle, not replaced by something else.
    expect(text.startsWith('{"v":1,')).toBe(true);
    expect(text.length).toBeGreaterThan(40);
    expect(client.frames.filter((f) => f.type === 'response')).toEqual([]);
    expect(broker.recentFaults).toEqual([{ kind: 'truncateAnswer', request: 'place_order' }]);
    // Only the listed requests are corrupted, and the socket is still serving them.
    expect(await client.request('query_orders', { accountRef: ACCOUNT, clientOrderIds: ['c1'] }))
      .toMatchObject({ ok: true, result: { orders: [{ clientOrderId: 'c1', status: 'filled' }] } });
  });

  it('should truncate every answer when no request list is given, failures included', async () => {
    const { client } = await startServer({ faults: { truncateAnswer: 1 } });
    client.send({ type: 'request', request: 'get_quote', body: { symbol: '999999' } });
    client.send({ type: 'request', request: 'get_balance', body: { accountRef: ACCOUNT } });
    await framesArrived(client, 2);
    expect(wire(client)).toEqual(['unreadable', 'unreadable']);
  });
});

describe('SIM-8 buggify: empty answers', () => {
  it('should answer a successful request with an empty result body and a failed one without its error', async () => {
    const { client } = await startServer({ faults: { emptyAnswer: 1 } });
    const placed = await client.request('place_order', marketBuy('c1'));
    expect(placed).toMatchObject({ type: 'response', ok: true, result: {} });
    expect(placed.result).toEqual({});
    const quote = await client.request('get_quote', { symbol: '999999' });
    expect(quote.ok).toBe(false);
    expect(quote.error).toBeUndefined();
  });

  it('should leave answers to requests not listed in corruptAnswersOf intact', async () => {
    const { client } = await startServer({ faults: { emptyAnswer: 1, corruptAnswersOf: ['get_balance'] } });
    expect(await client.request('get_quote', { symbol: '005930' })).toMatchObject({ ok: true, result: { symbol: '005930' } });
    expect((await client.request('get_balance', { accountRef: ACCOUNT })).result).toEqual({});
  });
});

describe('SIM-8 buggify: fill before ack', () => {
  it('should deliver the fill of an order that trades at once before its accepted event, then hold the place_order answer for the lag', async () => {
    const { broker, clock, client } = await startServer({ faults: { fillBeforeAck: 1 } });
    client.send({ type: 'request', request: 'place_order', body: marketBuy('c1') });
    await framesArrived(client, 3);
    await settle();
    expect(wire(client)).toEqual(['fill', 'order_event:filled', 'order_event:accepted']);
    clock.advance(PAPER_FILL_BEFORE_ACK_LAG_MS - 1);
    await settle();
    expect(wire(client)).toHaveLength(3);
    clock.advance(1);
    expect(await client.next('response')).toMatchObject({ ok: true, result: { brokerOrderId: expect.any(String) } });
    expect(wire(client)).toEqual(['fill', 'order_event:filled', 'order_event:accepted', 'response']);
    expect(broker.recentFaults).toEqual([{ kind: 'fillBeforeAck', request: 'place_order' }]);
  });

  it('should hold the answer of a resting order until its fill on a later tick has gone out', async () => {
    const { broker, clock, rng, client } = await startServer({ faults: { fillBeforeAck: 1 } });
    client.send({ type: 'request', request: 'place_order', body: restingBuy('c1') });
    await framesArrived(client, 1);
    rng.value = DOWN;
    clock.advance(500);
    broker.step(clock.now());
    await framesArrived(client, 3);
    expect(wire(client)).toEqual(['order_event:accepted', 'fill', 'order_event:filled']);
    clock.advance(500); // the hold's next look at the order: filled
    await settle();
    clock.advance(PAPER_FILL_BEFORE_ACK_LAG_MS - 1);
    await settle();
    expect(wire(client)).toHaveLength(3);
    clock.advance(1);
    expect(await client.next('response')).toMatchObject({ ok: true });
  });

  it('should answer an order that does not fill once the wait is over, with no fill before it', async () => {
    const { clock, client } = await startServer({ faults: { fillBeforeAck: 1 } });
    client.send({ type: 'request', request: 'place_order', body: restingBuy('c1') });
    await framesArrived(client, 1);
    for (let waitedMs = 0; waitedMs < PAPER_FILL_BEFORE_ACK_WAIT_MS_MAX; waitedMs += 500) {
      clock.advance(500);
      await settle();
    }
    expect(await client.next('response')).toMatchObject({ ok: true });
    expect(wire(client)).toEqual(['order_event:accepted', 'response']);
  });

  it('should not hold answers when the fault is off', async () => {
    const { client } = await startServer({ faults: {} });
    await client.request('place_order', marketBuy('c1'));
    expect(wire(client)).toEqual(['order_event:accepted', 'fill', 'order_event:filled', 'response']);
  });
});

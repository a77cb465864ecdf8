import { describe, expect, it } from 'vitest';
import type { PaperBrokerOptions } from '../../src/brokers/paper/paper-broker.js';
import { BRIDGE_CLOSE_CODES, IN_FLIGHT_REQUESTS_MAX } from '../../src/protocol/bridge-server.js';
import { usePaperBridgeServers } from './paper-bridge-server.js';
import { connectClient, type TestClient } from './ws-test-client.js';


const ACCOUNT = 'acct-1';
const OTHER = 'acct-2';
const servers = usePaperBridgeServers();

function startServer(options: Partial<PaperBrokerOptions> = {}) {
  return servers.start({ broker: options, accounts: [ACCOUNT, OTHER] });
}

function connect(port: number): Promise<TestClient> {
  return servers.hello(port);
}

const marketBuy = (clientOrderId: string, accountRef = ACCOUNT) =>
  ({ clientOrderId, accountRef, symbol: '005930', side: 'buy', orderType: 'market', qtyShares: 10 });
const sequenced = (client: TestClient) => client.frames.filter((f) => f.type === 'order_event' || f.type === 'fill');

describe('bridge server: injected faults', () => {
  it('should never answer withheld requests and keep no in-flight slot for them: the next request is still answered', async () => {
    const { port } = await startServer({ faults: { timeoutBeforeAccept: 1 } });
    const client = await connect(port);
    // Batches below the in-flight bound, 300 in all: leaked slots would make later requests BUSY.
    // Session requests are not broker calls and are never withheld.
    const batches = 3;
    for (let b = 0; b < batches; b++) {
      for (let i = 0; i < 100; i++) client.send({ type: 'request', request: 'get_quote', body: { symbol: '005930' } });
      expect(await client.request('list_sessions', {})).toMatchObject({ ok: true, result: { accountRefs: [ACCOUNT, OTHER] } });
    }
    expect(batches * 100).toBeGreaterThan(IN_FLIGHT_REQUESTS_MAX);
    expect(client.frames.filter((f) => f.type === 'response')).toHaveLength(batches);
  });

  it('should withhold the answer on timeoutAfterAccept while the order events still stream gap-free (IDEM-7 late success after timeout)', async () => {
    const { port, broker } = await startServer({ faults: { timeoutAfterAccept: 1 } });
    const client = await connect(port);
    client.send({ type: 'request', request: 'place_order', body: marketBuy('c1') });
    const accepted = await client.next('order_event');
    const fill = await client.next('fill');
    expect([accepted.seq, fill.seq, accepted.event.status]).toEqual([1, 2, 'accepted']);
    broker.setFaults({});
    const answer = await client.request('query_orders', { accountRef: ACCOUNT, clientOrderIds: ['c1'] });
    expect(answer).toMatchObject({ ok: true, result: { orders: [{ clientOrderId: 'c1', status: 'filled' }] } });
    expect(client.frames.filter((f) => f.type === 'response')).toHaveLength(1);
  });

  it('should close the core connection with 4003 right after answering on dropConnection; core reconnects and gets the events replayed', async () => {
    const { port } = await startServer({ faults: { dropConnection: 1 } });
    const first = await connect(port);
    expect(await first.request('place_order', marketBuy('c1'))).toMatchObject({ ok: true });
    expect((await first.closed).code).toBe(BRIDGE_CLOSE_CODES.INJECTED_FAULT);
    const second = await connectClient(port);
    servers.track(second);
    second.send({ type: 'core_hello', lastAppliedSeq: 0 });
    expect(await second.next('replay_complete')).toMatchObject({ lastSeq: 3 });
    expect(sequenced(second).map((f) => [f.seq, f.possDup])).toEqual([[1, true], [2, true], [3, true]]);
  });

  it('should give duplicated and reordered events gap-free seqs, the duplicate fill keeping its brokerFillId (RECON-4)', async () => {
    const { port } = await startServer({ faults: { seed: 3, duplicateEvents: 1, reorderEvents: 1 } });
    const client = await connect(port);
    await client.request('place_order', marketBuy('c1')); // events are sent before the response
    const frames = sequenced(client);
    expect(frames.map((f) => f.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    const fills = frames.flatMap((f) => (f.type === 'fill' ? [f.fill.brokerFillId] : []));
    expect(fills).toHaveLength(2);
    expect(new Set(fills).size).toBe(1);
  });
});

describe('bridge server: sessions over the wire (single mode)', () => {
  it('should declare the slots, open, list and close sessions, and answer orders out of session RETRYABLE NOT_IN_SESSION', async () => {
    const { port } = await startServer({ sessions: { mode: 'single', switchCostMs: 0 } });
    const client = await connectClient(port);
    servers.track(client);
    expect(await client.next('bridge_hello')).toMatchObject({ capabilities: { slots: 1, switchCostMs: 0, ordersPerSecondMax: 5, callsPerMinuteMax: 600 } });
    expect(await client.request('open_session', { accountRef: ACCOUNT })).toMatchObject({ ok: true, result: { accountRefs: [ACCOUNT] } });
    expect(await client.request('open_session', { accountRef: OTHER })).toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'SLOTS_FULL' } });
    expect(await client.request('place_order', marketBuy('o1', OTHER))).toMatchObject({ ok: false, error: { code: 'RETRYABLE', reason: 'NOT_IN_SESSION' } });
    expect(await client.request('list_sessions', {})).toMatchObject({ ok: true, result: { accountRefs: [ACCOUNT] } });
    expect(await client.request('close_session', { accountRef: ACCOUNT })).toMatchObject({ ok: true, result: { accountRefs: [] } });
    expect(await client.request('list_sessions', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

import { BRIDGE_FRAME_BYTES_MAX } from '@tradedesk/contracts';
import { pino, type Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../../src/clock.js';
import type { PaperStateStore } from '../../src/brokers/paper/paper-state-store.js';
import { usePaperBridgeServers } from './paper-bridge-server.js';
import { TOKEN, upgradeStatus, type TestClient } from './ws-test-client.js';


const ACCOUNT = 'acct-1';
const servers = usePaperBridgeServers();

function startServer(options: { bufferEventsMax?: number; heartbeatIntervalMs?: number; heartbeatClock?: Clock; logger?: Logger; store?: PaperStateStore } = {}) {
  const { store, ...server } = options;
  return servers.start({ ...server, ...(store ? { broker: { store } } : {}), accounts: [ACCOUNT] });
}

function connect(port: number, options: { autoPong?: boolean } = {}): Promise<TestClient> {
  return servers.connect(port, options);
}

const marketBuy = (clientOrderId: string, qtyShares = 10) =>
  ({ clientOrderId, accountRef: ACCOUNT, symbol: '005930', side: 'buy', orderType: 'market', qtyShares });

describe('bridge server: authentication (PROTO-8)', () => {
  it('should refuse an upgrade without a token with 401', async () => {
    const { port } = await startServer();
    expect(await upgradeStatus(port, {})).toBe(401);
  });

  it('should refuse an upgrade with a wrong token, a token of another length or another scheme with 401', async () => {
    const { port } = await startServer();
    expect(await upgradeStatus(port, { authorization: `Bearer ${TOKEN.slice(0, -1)}x` })).toBe(401);
    expect(await upgradeStatus(port, { authorization: `Bearer ${TOKEN}extra` })).toBe(401);
    expect(await upgradeStatus(port, { authorization: `Basic ${TOKEN}` })).toBe(401);
  });

  it('should accept the right token and send bridge_hello first', async () => {
    const { port } = await startServer();
    const client = await connect(port);
    const hello = await client.next('bridge_hello');
    expect(client.frames[0]).toBe(hello);
    expect(hello).toMatchObject({ bridgeId: 'bridge-test', epoch: 'epoch-test', broker: 'paper', lastSeq: 0, capabilities: { slots: null } });
  });

  it('should never write the token to the log, even when refusing it', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const { port } = await startServer({ logger });
    expect(await upgradeStatus(port, { authorization: `Bearer wrong-${TOKEN}` })).toBe(401);
    const client = await connect(port);
    await client.next('bridge_hello');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});

describe('bridge server: frame validation (PROTO-7)', () => {
  it('should ignore malformed JSON, unknown types and invalid envelopes, keep the connection and still answer a valid request', async () => {
    const { port } = await startServer();
    const client = await connect(port);
    client.sendRaw('{not json');
    client.send({ type: 'launch_missiles' });
    client.sendRaw(JSON.stringify({ v: 1, type: 'ack' }));
    client.sendRaw('"just a string"');
    const response = await client.request('get_quote', { symbol: '005930' });
    expect(response).toMatchObject({ ok: true, result: { symbol: '005930', lastKrw: 70_000 } });
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });

  it('should close the connection with 4002 on a wrong protocol version', async () => {
    const { port } = await startServer();
    const client = await connect(port);
    client.sendRaw(JSON.stringify({ v: 2, msgId: 'x', sentAt: 0, type: 'core_hello', lastAppliedSeq: 0 }));
    expect((await client.closed).code).toBe(4002);
  });

  it('should close the connection with 1009 on a frame above BRIDGE_FRAME_BYTES_MAX (ws maxPayload)', async () => {
    const { port } = await startServer();
    const client = await connect(port);
    client.sendRaw('x'.repeat(BRIDGE_FRAME_BYTES_MAX + 1));
    expect((await client.closed).code).toBe(1009);
  });

  it('should answer a request whose body fails its schema with BAD_REQUEST and keep the connection', async () => {
    const { port } = await startServer();
    const client = await connect(port);
    const response = await client.request('place_order', { clientOrderId: 'c1' });
    expect(response).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', reason: 'BAD_REQUEST' } });
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });

  it('should pass broker errors through as classified: REJECTED with reason, NOT_FOUND', async () => {
    const { port } = await startServer();
    const client = await connect(port);
    expect(await client.request('place_order', { ...marketBuy('c1'), symbol: '999999' }))
      .toMatchObject({ ok: false, error: { code: 'REJECTED', reason: 'UNKNOWN_SYMBOL' } });
    expect(await client.request('cancel_order', { accountRef: ACCOUNT, clientOrderId: 'ghost' }))
      .toMatchObject({ ok: false, error: { code: 'NOT_FOUND', reason: 'ORDER_NOT_FOUND' } });
  });
});

describe('bridge server: events, replay and acknowledgement', () => {
  it('should answer OUTCOME_UNKNOWN when placing an order fails unexpectedly, and RETRYABLE for a read', async () => {
    let failing = false;
    const store = { persistent: false, load: () => undefined, save: () => { if (failing) throw new Error('disk full'); } };
    const { port } = await startServer({ store });
    const client = await connect(port);
    failing = true;
    expect(await client.request('place_order', marketBuy('c1'))).toMatchObject({ ok: false, error: { code: 'OUTCOME_UNKNOWN', reason: 'INTERNAL' } });
    expect(await client.request('open_account', { accountRef: 'b', initialCashKrw: 1 })).toMatchObject({ ok: false, error: { code: 'RETRYABLE' } });
  });

  it('should answer place_order and stream accepted, fill and filled events with gap-free seq', async () => {
    const { port } = await startServer();
    const client = await connect(port);
    client.send({ type: 'core_hello', lastAppliedSeq: 0 });
    expect(await client.next('replay_complete')).toMatchObject({ lastSeq: 0 });
    const response = await client.request('place_order', marketBuy('c1'));
    expect(response).toMatchObject({ ok: true, result: { brokerOrderId: expect.any(String) } });
    const accepted = await client.next('order_event');
    const fill = await client.next('fill');
    const filled = await client.next('order_event');
    expect([accepted.seq, fill.seq, filled.seq]).toEqual([1, 2, 3]);
    expect([accepted.event.status, filled.event.status]).toEqual(['accepted', 'filled']);
    expect(fill.fill).toMatchObject({ clientOrderId: 'c1', qtyShares: 10, priceKrw: 70_000 });
    expect([accepted, fill, filled].every((f) => f.possDup === undefined)).toBe(true);
  });

  it('should hold events back until core_hello, then replay them with possDup and send replay_complete', async () => {
    const { port } = await startServer();
    const client = await connect(port);
    expect(await client.request('place_order', marketBuy('c1'))).toMatchObject({ ok: true });
    expect(client.frames.some((f) => f.type === 'order_event' || f.type === 'fill')).toBe(false);
    client.send({ type: 'core_hello', lastAppliedSeq: 0 });
    const complete = await client.next('replay_complete');
    const replayed = client.frames.filter((f) => f.type === 'order_event' || f.type === 'fill');
    expect(replayed.map((f) => [f.seq, f.possDup])).toEqual([[1, true], [2, true], [3, true]]);
    expect(complete.lastSeq).toBe(3);
    expect(client.frames.indexOf(complete)).toBeGreaterThan(client.frames.indexOf(replayed.at(-1)!));
  });

  it('should replay only events after lastAppliedSeq on reconnect, then go live without possDup (PROTO-5)', async () => {
    const { port } = await startServer();
    const first = await connect(port);
    first.send({ type: 'core_hello', lastAppliedSeq: 0 });
    await first.request('place_order', marketBuy('c1'));
    first.ws.close();
    await first.closed;

    const second = await connect(port);
    expect(await second.next('bridge_hello')).toMatchObject({ epoch: 'epoch-test', lastSeq: 3 });
    second.send({ type: 'core_hello', lastAppliedSeq: 1 });
    const complete = await second.next('replay_complete');
    const sequenced = () => second.frames.filter((f) => f.type === 'order_event' || f.type === 'fill');
    expect(sequenced().map((f) => [f.type, f.seq, f.possDup])).toEqual([['fill', 2, true], ['order_event', 3, true]]);
    expect(complete.lastSeq).toBe(3);
    await second.request('place_order', marketBuy('c2')); // events are sent before the response
    expect(sequenced().slice(2).map((f) => [f.seq, f.possDup])).toEqual([[4, undefined], [5, undefined], [6, undefined]]);
  });

  it('should drop acknowledged events from the buffer so they are not replayed again', async () => {
    const { port, stream } = await startServer();
    const first = await connect(port);
    first.send({ type: 'core_hello', lastAppliedSeq: 0 });
    await first.request('place_order', marketBuy('c1'));
    first.send({ type: 'ack', seq: 2 });
    await first.request('get_quote', { symbol: '005930' }); // frames are handled in order: the ack is applied
    expect(stream.bufferedCount).toBe(1);
    first.ws.close();
    const second = await connect(port);
    second.send({ type: 'core_hello', lastAppliedSeq: 0 });
    await second.next('replay_complete');
    expect(second.frames.filter((f) => f.type === 'order_event' || f.type === 'fill').map((f) => f.seq)).toEqual([3]);
  });

  it('should keep at most the buffer bound of unacknowledged events, dropping the oldest', async () => {
    const { port, stream } = await startServer({ bufferEventsMax: 4 });
    const client = await connect(port);
    await client.request('place_order', marketBuy('c1'));
    await client.request('place_order', marketBuy('c2'));
    expect(stream.bufferedCount).toBe(4);
    client.send({ type: 'core_hello', lastAppliedSeq: 0 });
    expect(await client.next('replay_complete')).toMatchObject({ lastSeq: 6 });
    expect(client.frames.filter((f) => f.type === 'order_event' || f.type === 'fill').map((f) => f.seq)).toEqual([3, 4, 5, 6]);
  });

  it('should send quotes for subscribed symbols without seq, and only after core_hello', async () => {
    const { port, broker, clock } = await startServer();
    const client = await connect(port);
    client.send({ type: 'core_hello', lastAppliedSeq: 0 });
    await client.next('replay_complete');
    expect(await client.request('subscribe_quotes', { symbols: ['005930', '999999'] })).toMatchObject({ ok: true, result: { subscribed: ['005930'] } });
    clock.advance(1_000);
    broker.step(clock.now());
    const quotes = [await client.next('quote'), await client.next('quote')];
    expect(quotes.map((q) => q.quote.symbol)).toEqual(['005930', '005930']);
    expect(quotes.every((q) => !('seq' in q))).toBe(true);
  });
});

describe('bridge server: connections', () => {
  it('should replace the active connection with a new authenticated one (old one closed with 4000)', async () => {
    const { port } = await startServer();
    const first = await connect(port);
    await first.next('bridge_hello');
    const second = await connect(port);
    await second.next('bridge_hello');
    expect((await first.closed).code).toBe(4000);
    expect(await second.request('get_quote', { symbol: '005930' })).toMatchObject({ ok: true });
  });

  it('should terminate a peer that stops answering pings and keep one that answers (PROTO-6)', async () => {
    const { port } = await startServer({ heartbeatClock: systemClock, heartbeatIntervalMs: 40 });
    const silent = await connect(port, { autoPong: false });
    const closed = await Promise.race([silent.closed, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 2_000))]);
    expect(closed).toEqual({ code: 1006 });

    const responsive = await connect(port);
    await new Promise((r) => setTimeout(r, 300));
    expect(responsive.ws.readyState).toBe(responsive.ws.OPEN);
  });
});

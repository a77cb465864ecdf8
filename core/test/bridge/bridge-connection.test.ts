import { BRIDGE_PROTOCOL_VERSION, coreToBridgeSchema, type BrokerFill, type CoreToBridge } from '@tradedesk/contracts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { cryptoIdSource } from '../../src/adapters/crypto-id-source.js';
import { ManualClock } from '../../src/adapters/manual-clock.js';
import { systemClock } from '../../src/adapters/system-clock.js';
import { BridgeConnection } from '../../src/bridge/bridge-connection.js';
import type { SqlClient } from '../../src/db/sql-client.js';
import { saveBridgeCursor, sqlBridgeCursorStore } from '../../src/store/bridge-cursor-store.js';
import { waitFor } from '../support/core-harness.js';
import { openTestDb } from '../support/test-db.js';

const TOKEN = 'protocol-test-token-0123456789';

function fillFrame(seq: number, possDup = false) {
  const fill: BrokerFill = {
    brokerFillId: `F${seq}`, clientOrderId: 'TD1', brokerOrderId: 'P1', accountRef: 'acc', symbol: '005930', side: 'buy',
    qtyShares: 1, priceKrw: 70_000, commissionKrw: 10, taxKrw: 0, filledAt: 0,
  };
  return { v: BRIDGE_PROTOCOL_VERSION, msgId: `m${seq}-${possDup}`, sentAt: 0, seq, ...(possDup ? { possDup } : {}), type: 'fill', fill };
}

/**
 * A bridge peer that speaks the real protocol over a real socket, scripted per connection: it records
 * what core sends and lets the test choose each frame, including broken sequences.
 */
class ScriptedBridge {
  readonly server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  readonly connections: Array<{ socket: WebSocket; received: CoreToBridge[]; closeCode: number | null }> = [];

  constructor() {
    this.server.on('connection', (socket) => {
      const conn = { socket, received: [] as CoreToBridge[], closeCode: null as number | null };
      this.connections.push(conn);
      socket.on('message', (data) => conn.received.push(coreToBridgeSchema.parse(JSON.parse(data.toString()))));
      socket.on('close', (code) => { conn.closeCode = code; });
      socket.send(JSON.stringify({
        v: BRIDGE_PROTOCOL_VERSION, msgId: 'hello', sentAt: 0, type: 'bridge_hello', bridgeId: 'b1', epoch: 'e1', broker: 'paper', lastSeq: 0,
        capabilities: { slots: null, switchCostMs: 0, ordersPerSecondMax: 10, callsPerMinuteMax: 600, quoteSubscriptionsMax: 40 },
      }));
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  latest() {
    return this.connections.at(-1)!;
  }

  send(frame: unknown): void {
    this.latest().socket.send(JSON.stringify(frame));
  }
}

describe('PROTO: core applies bridge events in sequence, exactly once', () => {
  let db: SqlClient;
  let dispose: () => Promise<void>;
  let bridge: ScriptedBridge;
  let connection: BridgeConnection;
  const applied: number[] = [];

  beforeAll(async () => {
    ({ db, dispose } = await openTestDb('pglite'));
    bridge = new ScriptedBridge();
    await new Promise((resolve) => bridge.server.once('listening', resolve));
    connection = new BridgeConnection({
      url: bridge.url, token: TOKEN, requestTimeoutMs: 1_000, clock: systemClock, ids: cryptoIdSource,
      logger: pino({ level: 'silent' }), cursors: sqlBridgeCursorStore(db), callsPerMinuteMax: 600, reconnectDelayMsMax: 200,
      onExecutionEvent: async (frame, cursor) => {
        await db.transaction((tx) => saveBridgeCursor(tx, cursor, 0));
        applied.push(frame.seq);
      },
    });
    connection.start();
    await waitFor(() => bridge.latest()?.received.some((f) => f.type === 'core_hello') ?? false, 'core hello');
  });
  afterAll(async () => {
    await connection.stop();
    bridge.server.close();
    await dispose();
  });

  // One story, step by step: each step starts from the state the previous one left (tests are shuffled).
  it('PROTO-1/2/3: in order, exactly once, through duplicates, a gap and a sequence going backwards', async () => {
    // In order, acknowledged.
    bridge.send(fillFrame(1));
    bridge.send(fillFrame(2));
    await waitFor(() => applied.length === 2, 'two events applied');
    expect(applied).toEqual([1, 2]);
    await waitFor(() => bridge.latest().received.some((f) => f.type === 'ack' && f.seq === 2), 'ack of seq 2');

    // PROTO-2: a replayed event already applied (possDup) is ignored; the connection stays up.
    bridge.send(fillFrame(2, true));
    bridge.send(fillFrame(3));
    await waitFor(() => applied.length === 3, 'seq 3 applied');
    expect(applied).toEqual([1, 2, 3]);
    expect(bridge.latest().closeCode).toBeNull();

    // PROTO-1: nothing after a gap is applied; core reconnects, asks from its cursor, applies the replay.
    let before = bridge.connections.length;
    bridge.send(fillFrame(5));
    await waitFor(() => bridge.connections.length > before, 'reconnected');
    await waitFor(() => bridge.latest().received.some((f) => f.type === 'core_hello'), 'hello after reconnect');
    expect(bridge.latest().received.find((f) => f.type === 'core_hello')).toMatchObject({ lastAppliedSeq: 3 });
    expect(applied).toEqual([1, 2, 3]);
    bridge.send(fillFrame(4, true));
    bridge.send(fillFrame(5, true));
    await waitFor(() => applied.length === 5, 'replay applied');
    expect(applied).toEqual([1, 2, 3, 4, 5]);

    // PROTO-3: a sequence number lower than expected without possDup resets the connection.
    before = bridge.connections.length;
    bridge.send(fillFrame(2));
    await waitFor(() => bridge.connections.length > before, 'reset and reconnected');
    expect(bridge.connections[before - 1]!.closeCode).toBe(4004);
    expect(applied).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('request timeout on the injected clock', () => {
  let bridge: ScriptedBridge;
  let connection: BridgeConnection;
  let dispose: () => Promise<void>;
  const clock = new ManualClock(0);

  beforeAll(async () => {
    let db: SqlClient;
    ({ db, dispose } = await openTestDb('pglite'));
    bridge = new ScriptedBridge();
    await new Promise((resolve) => bridge.server.once('listening', resolve));
    connection = new BridgeConnection({
      url: bridge.url, token: TOKEN, requestTimeoutMs: 1_000, clock, ids: cryptoIdSource,
      logger: pino({ level: 'silent' }), cursors: sqlBridgeCursorStore(db), callsPerMinuteMax: 600, onExecutionEvent: async () => undefined,
    });
    connection.start();
    await waitFor(() => bridge.latest()?.received.some((f) => f.type === 'core_hello') ?? false, 'core hello');
    bridge.send({ v: BRIDGE_PROTOCOL_VERSION, msgId: 'done', sentAt: 0, type: 'replay_complete', lastSeq: 0 });
    await waitFor(() => connection.isReady, 'ready');
  });
  afterAll(async () => {
    await connection.stop();
    bridge.server.close();
    await dispose();
  });

  it('an unanswered request fails as "no answer" when the clock passes the timeout, not before, whatever the wall clock does', async () => {
    const requests = () => bridge.latest().received.filter((f) => f.type === 'request').length;
    const before = requests();
    const outcome = connection.request('get_quote', { symbol: '005930' }).then(() => 'answered', (error: Error) => error.name);
    await waitFor(() => requests() === before + 1, 'request sent');
    await new Promise((resolve) => setTimeout(resolve, 1_200)); // past the timeout in wall time: nothing happens
    clock.advance(999);
    expect(await Promise.race([outcome, new Promise((resolve) => setTimeout(() => resolve('pending'), 50))])).toBe('pending');
    clock.advance(1);
    expect(await outcome).toBe('BridgeNoAnswerError');
  });

  it('an answered request leaves no timer behind to fire later', async () => {
    const requests = () => bridge.latest().received.filter((f) => f.type === 'request');
    const before = requests().length;
    const outcome = connection.request('list_sessions', {});
    await waitFor(() => requests().length === before + 1, 'request sent');
    const request = requests().at(-1)!;
    bridge.send({ v: BRIDGE_PROTOCOL_VERSION, msgId: 'r2', sentAt: 0, type: 'response', inReplyTo: request.msgId, ok: true, result: { accountRefs: [] } });
    expect(await outcome).toEqual({ accountRefs: [] });
    expect(clock.pendingSleepers).toBe(0);
  });
});

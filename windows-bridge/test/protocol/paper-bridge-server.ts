import type { Logger } from 'pino';
import { afterEach } from 'vitest';
import { PaperBroker, type PaperBrokerOptions } from '../../src/brokers/paper/paper-broker.js';
import { createMemoryStateStore } from '../../src/brokers/paper/paper-state-store.js';
import { createManualClock, type Clock, type ManualClock } from '../../src/clock.js';
import { BridgeServer } from '../../src/protocol/bridge-server.js';
import { createStreamSink, EventStream } from '../../src/protocol/event-stream.js';
import { scriptedRng, silentLogger, START_MS } from '../helpers.js';
import { connectClient, TOKEN, type TestClient } from './ws-test-client.js';

export interface PaperBridgeServerOptions {
  /** Paper broker options over the defaults (manual clock at START_MS, scripted rng, memory store). */
  broker?: Partial<PaperBrokerOptions>;
  bufferEventsMax?: number;
  heartbeatIntervalMs?: number;
  /** The server's clock for heartbeats; default the broker's manual clock. */
  heartbeatClock?: Clock;
  logger?: Logger;
  /** Accounts opened with 1,000,000,000 KRW before the server is returned. */
  accounts?: readonly string[];
}

export interface PaperBridgeServer {
  port: number;
  server: BridgeServer;
  broker: PaperBroker;
  stream: EventStream;
  clock: ManualClock;
}

/**
 * A real bridge server with a paper broker on an ephemeral loopback port, for protocol tests. Servers
 * and clients made through it are closed after each test of the file that calls it.
 */
export function usePaperBridgeServers() {
  const stops: (() => Promise<void>)[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.ws.terminate();
    for (const stop of stops.splice(0)) await stop();
  });
  return {
    async start(options: PaperBridgeServerOptions = {}): Promise<PaperBridgeServer> {
      const clock = createManualClock(START_MS);
      const broker = new PaperBroker({ clock, rng: scriptedRng(), store: createMemoryStateStore(), logger: silentLogger, ...options.broker });
      const stream = EventStream.fresh('epoch-test', { logger: silentLogger, ...(options.bufferEventsMax ? { bufferEventsMax: options.bufferEventsMax } : {}) });
      const server = new BridgeServer({
        host: '127.0.0.1', port: 0, token: TOKEN, bridgeId: 'bridge-test', gateway: broker, stream,
        logger: options.logger ?? silentLogger, clock: options.heartbeatClock ?? clock,
        heartbeatIntervalMs: options.heartbeatIntervalMs ?? 60_000, msgIdPrefix: 't',
      });
      broker.setEventSink(createStreamSink(stream, (quote) => server.sendQuote(quote)));
      const port = await server.start();
      stops.push(() => server.stop());
      for (const accountRef of options.accounts ?? []) await broker.openAccount({ accountRef, initialCashKrw: 1_000_000_000 });
      return { port, server, broker, stream, clock };
    },
    /** A client, closed after the test. */
    async connect(port: number, options: { autoPong?: boolean } = {}): Promise<TestClient> {
      const client = await connectClient(port, options);
      clients.push(client);
      return client;
    },
    /** A client that has said hello and seen the replay complete. */
    async hello(port: number): Promise<TestClient> {
      const client = await this.connect(port);
      client.send({ type: 'core_hello', lastAppliedSeq: 0 });
      await client.next('replay_complete');
      return client;
    },
    /** Tracks a client made elsewhere, so it is closed after the test. */
    track(client: TestClient): void {
      clients.push(client);
    },
  };
}

import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import { PaperBroker } from '../../src/brokers/paper/paper-broker.js';
import { createMemoryStateStore } from '../../src/brokers/paper/paper-state-store.js';
import { BridgeServer } from '../../src/protocol/bridge-server.js';
import { createStreamSink, EventStream } from '../../src/protocol/event-stream.js';
import { scriptedRng, silentLogger, START_MS } from '../helpers.js';
import { connectClient, TOKEN, type TestClient } from './ws-test-client.js';

const stops: (() => Promise<void>)[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  for (const stop of stops.splice(0)) await stop();
});

async function startServer() {
  const clock = createManualClock(START_MS);
  const broker = new PaperBroker({ clock, rng: scriptedRng(), store: createMemoryStateStore(), logger: silentLogger });
  const stream = EventStream.fresh('epoch-test', { logger: silentLogger });
  const server = new BridgeServer({
    host: '127.0.0.1', port: 0, token: TOKEN, bridgeId: 'bridge-test', gateway: broker, stream,
    logger: silentLogger, clock, heartbeatIntervalMs: 60_000, msgIdPrefix: 't',
  });
  broker.setEventSink(createStreamSink(stream, (quote) => server.sendQuote(quote)));
  const port = await server.start();
  stops.push(() => server.stop());
  return { port, broker, clock };
}

async function helloClient(port: number): Promise<TestClient> {
  const client = await connectClient(port);
  clients.push(client);
  client.send({ type: 'core_hello', lastAppliedSeq: 0 });
  await client.next('replay_complete');
  return client;
}

describe('bridge server: quote stream', () => {
  it('should answer unsubscribe_quotes and send no more quotes of that symbol', async () => {
    const { port, broker, clock } = await startServer();
    const client = await helloClient(port);
    await client.request('subscribe_quotes', { symbols: ['005930', '000660'] });
    expect(await client.request('unsubscribe_quotes', { symbols: ['005930'] })).toMatchObject({ ok: true, result: { unsubscribed: ['005930'] } });
    const before = client.frames.length;
    clock.advance(1_000);
    broker.step(clock.now());
    await client.next('quote');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const streamed = client.frames.slice(before).filter((f) => f.type === 'quote').map((f) => f.quote.symbol);
    expect(streamed).toEqual(['000660']);
  });

  it('should start a new core connection with no subscriptions (core subscribes again after reconnecting)', async () => {
    const { port, broker } = await startServer();
    const first = await helloClient(port);
    await first.request('subscribe_quotes', { symbols: ['005930'] });
    expect(broker.subscribedSymbols.size).toBe(1);
    await helloClient(port);
    expect(broker.subscribedSymbols.size).toBe(0);
  });
});

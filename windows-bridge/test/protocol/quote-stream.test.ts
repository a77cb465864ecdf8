import { describe, expect, it } from 'vitest';
import { usePaperBridgeServers } from './paper-bridge-server.js';
import type { TestClient } from './ws-test-client.js';


const servers = usePaperBridgeServers();

function startServer() {
  return servers.start();
}

function helloClient(port: number): Promise<TestClient> {
  return servers.hello(port);
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

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBridgeConfig, startBridge, type RunningBridge } from '../src/index.js';
import { createManualClock } from '../src/clock.js';
import { silentLogger, START_MS } from './helpers.js';
import { connectClient, TOKEN } from './protocol/ws-test-client.js';

const running: RunningBridge[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}) {
  const config = parseBridgeConfig({ BRIDGE_TOKEN: TOKEN, BRIDGE_PORT: '0', ...env });
  const bridge = await startBridge({ config, logger: silentLogger, clock: createManualClock(START_MS) });
  running.push(bridge);
  return bridge;
}

async function hello(port: number) {
  const client = await connectClient(port);
  const frame = await client.next('bridge_hello');
  return { client, frame };
}

describe('startBridge', () => {
  it('should listen on an ephemeral port and answer a placed order through the paper broker', async () => {
    const bridge = await start();
    const { client, frame } = await hello(bridge.port);
    expect(frame).toMatchObject({ broker: 'paper', lastSeq: 0 });
    await client.request('open_account', { accountRef: 'a', initialCashKrw: 10_000_000 });
    const response = await client.request('place_order', {
      clientOrderId: 'c1', accountRef: 'a', symbol: '005930', side: 'buy', orderType: 'market', qtyShares: 1,
    });
    expect(response).toMatchObject({ ok: true, result: { brokerOrderId: expect.stringMatching(/^P-[0-9a-f]{8}-1$/) } });
    client.ws.terminate();
  });

  it('should keep the epoch, the seq and unacknowledged events across a restart on the same state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-'));
    dirs.push(dir);
    const env = { PAPER_STATE_FILE: join(dir, 'paper.json') };
    const first = await start(env);
    const one = await hello(first.port);
    await one.client.request('open_account', { accountRef: 'a', initialCashKrw: 10_000_000 });
    await one.client.request('place_order', { clientOrderId: 'c1', accountRef: 'a', symbol: '005930', side: 'buy', orderType: 'market', qtyShares: 1 });
    one.client.ws.terminate();
    await first.stop();

    const second = await start(env);
    const two = await hello(second.port);
    expect([two.frame.epoch, two.frame.lastSeq]).toEqual([one.frame.epoch, 3]);
    two.client.send({ type: 'core_hello', lastAppliedSeq: 1 });
    await two.client.next('replay_complete');
    expect(two.client.frames.filter((f) => f.type === 'fill' || f.type === 'order_event').map((f) => f.seq)).toEqual([2, 3]);
    two.client.ws.terminate();
  });

  it('should start a new epoch on every start without a state file', async () => {
    const first = await start();
    const a = await hello(first.port);
    a.client.ws.terminate();
    await first.stop();
    const second = await start();
    const b = await hello(second.port);
    b.client.ws.terminate();
    expect(b.frame.epoch).not.toBe(a.frame.epoch);
  });

  it('should stop idempotently', async () => {
    const bridge = await start();
    await Promise.all([bridge.stop(), bridge.stop()]);
  });
});

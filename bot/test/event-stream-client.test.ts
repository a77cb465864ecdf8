import type { Notification } from '@tradedesk/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventStreamClient, eventStreamUrl, type EventStreamStatus } from '../src/event-stream-client.js';
import { FAKE_TOKEN, FakeCore } from './support/fake-core.js';
import { fill, notification } from './support/fixtures.js';
import { waitFor } from './support/wait-for.js';

const filled = (id: string) => notification({ kind: 'order_filled', fill: fill() }, { id });

describe('EventStreamClient', () => {
  let core: FakeCore;
  let client: EventStreamClient | undefined;
  let statuses: EventStreamStatus[];
  let deliveries: Notification[];

  beforeEach(async () => {
    core = await new FakeCore().start();
    statuses = [];
    deliveries = [];
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    await core.stop();
  });

  function connect(deliver: (n: Notification) => Promise<void> = async (n) => { deliveries.push(n); }) {
    client = new EventStreamClient({
      coreUrl: core.url, token: FAKE_TOKEN,
      subscription: { platforms: ['console'], platformUserIds: ['kim'] },
      deliver, backoff: { initialMs: 10, maxMs: 40 },
      onStatus: (s) => statuses.push(s),
    });
    client.start();
    return client;
  }

  it('should build the ws URL from core\'s http URL', () => {
    expect(eventStreamUrl('http://127.0.0.1:8787/')).toBe('ws://127.0.0.1:8787/v1/events');
    expect(eventStreamUrl('https://core.example/base')).toBe('wss://core.example/base/v1/events');
  });

  it('should subscribe with the bearer token and its subscription', async () => {
    connect();
    await waitFor(() => statuses.includes('subscribed'));
    expect(core.subscribes).toEqual([{ type: 'subscribe', platforms: ['console'], platformUserIds: ['kim'] }]);
  });

  it('should confirm a notification only after delivery resolved', async () => {
    let release!: () => void;
    connect((n) => new Promise<void>((resolve) => { deliveries.push(n); release = resolve; }));
    await waitFor(() => statuses.includes('subscribed'));
    core.notify(filled('n-1'));
    await waitFor(() => deliveries.length === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(core.delivered).toEqual([]);
    release();
    await core.waitForDelivered(1);
    expect(core.delivered).toEqual(['n-1']);
  });

  it('should not confirm a notification whose delivery failed, and go on with the next', async () => {
    connect(async (n) => {
      deliveries.push(n);
      if (n.id === 'bad') throw new Error('platform down');
    });
    await waitFor(() => statuses.includes('subscribed'));
    core.notify(filled('bad'));
    core.notify(filled('good'));
    await core.waitForDelivered(1);
    expect(deliveries.map((n) => n.id)).toEqual(['bad', 'good']);
    expect(core.delivered).toEqual(['good']);
  });

  it('should not hold up other notifications behind a blocked delivery, confirming each on its own', async () => {
    const blocked: Array<() => void> = [];
    connect((n) => {
      deliveries.push(n);
      return n.target.platform === 'discord' ? new Promise<void>((resolve) => { blocked.push(resolve); }) : Promise.resolve();
    });
    await waitFor(() => statuses.includes('subscribed'));
    core.notify(notification({ kind: 'order_filled', fill: fill() }, { id: 'slow', target: { platform: 'discord', platformUserId: '1', chatId: '1' } }));
    core.notify(filled('fast-1'));
    core.notify(filled('fast-2'));
    await core.waitForDelivered(2);
    expect(core.delivered).toEqual(['fast-1', 'fast-2']);
    expect(deliveries.map((n) => n.id)).toEqual(['slow', 'fast-1', 'fast-2']);
    blocked[0]!();
    await core.waitForDelivered(3);
    expect(core.delivered).toEqual(['fast-1', 'fast-2', 'slow']);
  });

  it('should not start a notification twice while its first delivery is still running', async () => {
    let release!: () => void;
    connect((n) => { deliveries.push(n); return new Promise<void>((resolve) => { release = resolve; }); });
    await waitFor(() => statuses.includes('subscribed'));
    core.notify(filled('n-1'));
    core.notify(filled('n-1'));
    await waitFor(() => deliveries.length === 1);
    await new Promise((r) => setTimeout(r, 30));
    release();
    await core.waitForDelivered(2);
    expect(deliveries).toHaveLength(1);
  });

  it('should deliver a redelivered id once but confirm it again', async () => {
    connect();
    await waitFor(() => statuses.includes('subscribed'));
    core.notify(filled('n-1'));
    core.notify(filled('n-1'));
    await core.waitForDelivered(2);
    expect(deliveries).toHaveLength(1);
    expect(core.delivered).toEqual(['n-1', 'n-1']);
  });

  it('should ignore frames outside the contract', async () => {
    connect();
    await waitFor(() => statuses.includes('subscribed'));
    for (const socket of core.sockets) socket.send('{"type":"notification","notification":{"id":1}}');
    for (const socket of core.sockets) socket.send('not json');
    core.notify(filled('n-2'));
    await core.waitForDelivered(1);
    expect(deliveries.map((n) => n.id)).toEqual(['n-2']);
  });

  it('should resubscribe after a reconnect and drop what it already delivered', async () => {
    connect();
    await waitFor(() => statuses.includes('subscribed'));
    core.notify(filled('n-1'));
    await core.waitForDelivered(1);
    for (const socket of core.sockets) socket.terminate();
    await waitFor(() => core.subscribes.length === 2);
    expect(core.subscribes[1]).toEqual(core.subscribes[0]);
    await waitFor(() => statuses.filter((s) => s === 'subscribed').length === 2);
    core.notify(filled('n-1'));
    await core.waitForDelivered(2);
    expect(deliveries).toHaveLength(1);
  });

  it('should back off exponentially up to the cap while core is down, and stop cleanly', async () => {
    await core.stop();
    const delays: number[] = [];
    const stream = new EventStreamClient({
      coreUrl: core.url, token: FAKE_TOKEN, subscription: { platforms: ['console'] },
      deliver: async () => undefined, backoff: { initialMs: 100, maxMs: 800 },
      sleep: async (ms) => {
        delays.push(ms);
        if (delays.length === 6) void stream.stop();
      },
      onStatus: (s) => statuses.push(s),
    });
    stream.start();
    await waitFor(() => statuses.includes('stopped'));
    expect(delays).toEqual([100, 200, 400, 800, 800, 800]);
    core = await new FakeCore().start();
  });

  it('should stop reconnecting after stop()', async () => {
    const stream = connect();
    await waitFor(() => statuses.includes('subscribed'));
    await stream.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(core.sockets.size).toBe(0);
    expect(core.subscribes).toHaveLength(1);
    expect(statuses.at(-1)).toBe('stopped');
  });
});

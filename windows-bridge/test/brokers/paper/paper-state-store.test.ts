import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/clock.js';
import { PaperBroker } from '../../../src/brokers/paper/paper-broker.js';
import { createFileStateStore } from '../../../src/brokers/paper/paper-state-store.js';
import { createStreamSink, EventStream } from '../../../src/protocol/event-stream.js';
import { scriptedRng, silentLogger, START_MS } from '../../helpers.js';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paper-state-'));
  file = join(dir, 'nested', 'paper.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A broker on the state file with an event stream attached, as startBridge wires them. */
function boot(clockStartMs = START_MS) {
  const clock = createManualClock(clockStartMs);
  const broker = new PaperBroker({ clock, rng: scriptedRng(), store: createFileStateStore(file, silentLogger), logger: silentLogger });
  const persisted = broker.persistence?.loadAttached();
  const stream = persisted === undefined
    ? EventStream.fresh('epoch-a', { logger: silentLogger })
    : EventStream.restore(persisted, { logger: silentLogger });
  broker.persistence?.attach(() => stream.snapshot());
  broker.setEventSink(createStreamSink(stream, () => undefined));
  return { broker, stream, clock };
}

describe('paper state store', () => {
  it('should start fresh when the state file does not exist', async () => {
    const { broker, stream } = boot();
    expect(broker.persistence).toBeDefined();
    expect(broker.persistence?.loadAttached()).toBeUndefined();
    expect(stream.lastSeq).toBe(0);
    await expect(broker.getBalance({ accountRef: 'a' })).rejects.toThrow();
  });

  it('should write every order change to disk before the request returns', async () => {
    const { broker } = boot();
    await broker.openAccount({ accountRef: 'a', initialCashKrw: 10_000_000 });
    await broker.placeOrder({ clientOrderId: 'c1', accountRef: 'a', symbol: '005930', side: 'buy', orderType: 'market', qtyShares: 10 });
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { accounts: { orders: { fills: unknown[] }[] }[] };
    expect(onDisk.accounts[0]!.orders[0]!.fills).toHaveLength(1);
  });

  it('should restore orders, fills, cash, positions, the event seq and the epoch after a restart', async () => {
    const first = boot();
    await first.broker.openAccount({ accountRef: 'a', initialCashKrw: 10_000_000 });
    await first.broker.placeOrder({ clientOrderId: 'c1', accountRef: 'a', symbol: '005930', side: 'buy', orderType: 'market', qtyShares: 10 });
    await first.broker.placeOrder({ clientOrderId: 'c2', accountRef: 'a', symbol: '005930', side: 'buy', orderType: 'limit', qtyShares: 5, priceKrw: 60_000 });
    const before = {
      balance: await first.broker.getBalance({ accountRef: 'a' }),
      orders: await first.broker.queryOrders({ accountRef: 'a', clientOrderIds: ['c1', 'c2'] }),
      lastSeq: first.stream.lastSeq,
      events: first.stream.since(0),
    };
    await first.broker.stop();

    const second = boot(START_MS + 5_000);
    expect(await second.broker.getBalance({ accountRef: 'a' })).toEqual(before.balance);
    expect(await second.broker.queryOrders({ accountRef: 'a', clientOrderIds: ['c1', 'c2'] })).toEqual(before.orders);
    expect(second.stream.epoch).toBe('epoch-a');
    expect(second.stream.lastSeq).toBe(before.lastSeq);
    expect(second.stream.since(0)).toEqual(before.events);
    // Ids and the sequence continue; the resting order is still open and cancellable.
    await second.broker.cancelOrder({ accountRef: 'a', clientOrderId: 'c2' });
    expect(second.stream.since(before.lastSeq)).toEqual([
      { seq: before.lastSeq + 1, type: 'order_event', event: expect.objectContaining({ clientOrderId: 'c2', status: 'cancelled' }) },
    ]);
    const { brokerOrderId } = await second.broker.placeOrder({ clientOrderId: 'c3', accountRef: 'a', symbol: '005930', side: 'buy', orderType: 'market', qtyShares: 1 });
    expect(brokerOrderId).toBe('P3');
  });

  it('should not deliver events to core when the state write fails', async () => {
    const clock = createManualClock(START_MS);
    let failing = false;
    const store = { persistent: true, load: () => undefined, save: () => { if (failing) throw new Error('disk full'); } };
    const broker = new PaperBroker({ clock, rng: scriptedRng(), store, logger: silentLogger });
    const stream = EventStream.fresh('e', { logger: silentLogger });
    broker.persistence?.attach(() => stream.snapshot());
    broker.setEventSink(createStreamSink(stream, () => undefined));
    await broker.openAccount({ accountRef: 'a', initialCashKrw: 10_000_000 });
    failing = true;
    await expect(broker.placeOrder({ clientOrderId: 'c1', accountRef: 'a', symbol: '005930', side: 'buy', orderType: 'market', qtyShares: 1 }))
      .rejects.toThrow('disk full');
    expect(stream.lastSeq).toBe(0);
    expect(stream.since(0)).toEqual([]);
    failing = false;
    broker.step(clock.now());
    expect(stream.since(0).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('should refuse to start on a corrupt state file rather than reset the accounts', () => {
    writeFileSync(join(dir, 'bad.json'), '{"version":1,"accounts":"oops"}');
    file = join(dir, 'bad.json');
    expect(() => boot()).toThrow(/corrupt/);
  });

  it('should write quote-only price changes at most once a second', async () => {
    const { broker, clock } = boot();
    await broker.openAccount({ accountRef: 'a', initialCashKrw: 1 });
    const readAtMs = () => (JSON.parse(readFileSync(file, 'utf8')) as { prices: Record<string, { atMs: number }> }).prices['005930']!.atMs;
    const steps: number[] = [];
    for (let i = 0; i < 10; i++) {
      clock.advance(250);
      broker.step(clock.now());
      steps.push(readAtMs());
    }
    expect(new Set(steps).size).toBeLessThanOrEqual(3);
    await broker.stop();
    expect(readAtMs()).toBe(clock.now());
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { AnswerWithheld } from '../../../src/brokers/broker-gateway.js';
import { PaperBroker } from '../../../src/brokers/paper/paper-broker.js';
import { PAPER_FAULT_LOG_MAX, type PaperFaults } from '../../../src/brokers/paper/paper-faults.js';
import { createMemoryStateStore } from '../../../src/brokers/paper/paper-state-store.js';
import { createManualClock } from '../../../src/clock.js';
import { createSeededRng } from '../../../src/rng.js';
import { bridgeErrorOf, captureSink, DOWN, FLAT, openSessionNow, paperHarness, settle, silentLogger, START_MS, type PaperHarness } from '../../helpers.js';

const ACCOUNT = 'acct-1';
const SAMSUNG = '005930';

let h: PaperHarness;

async function harness(faults: PaperFaults, options: Parameters<typeof paperHarness>[0] = {}): Promise<PaperHarness> {
  const harnessed = paperHarness({ ...options, faults });
  await harnessed.broker.openAccount({ accountRef: ACCOUNT, initialCashKrw: 1_000_000_000 });
  return harnessed;
}

const marketBuy = (clientOrderId: string, qtyShares = 10) => h.broker.placeOrder({
  clientOrderId, accountRef: ACCOUNT, symbol: SAMSUNG, side: 'buy', orderType: 'market', qtyShares,
});
const restingBuy = (clientOrderId: string) => h.broker.placeOrder({
  clientOrderId, accountRef: ACCOUNT, symbol: SAMSUNG, side: 'buy', orderType: 'limit', qtyShares: 10, priceKrw: 69_900,
});
const query = (...ids: string[]) => h.broker.queryOrders({ accountRef: ACCOUNT, clientOrderIds: ids });
const statuses = () => h.captured.orderEvents.map((e) => `${e.clientOrderId}:${e.status}`);

describe('paper faults: answers', () => {
  it('should refuse a new order with REJECTED INJECTED_FAULT, record it as rejected and repeat that rejection', async () => {
    h = await harness({ rejectProbability: 1 });
    expect(await bridgeErrorOf(() => marketBuy('c1'))).toEqual({ code: 'REJECTED', reason: 'INJECTED_FAULT' });
    expect((await query('c1')).orders[0]).toMatchObject({ status: 'rejected', rejectReason: 'INJECTED_FAULT', filledQtyShares: 0 });
    expect(h.captured.orderEvents).toEqual([expect.objectContaining({ clientOrderId: 'c1', status: 'rejected', reason: 'INJECTED_FAULT' })]);
    h.broker.setFaults({});
    expect(await bridgeErrorOf(() => marketBuy('c1'))).toEqual({ code: 'REJECTED', reason: 'INJECTED_FAULT' });
    expect((await h.broker.getBalance({ accountRef: ACCOUNT })).positions).toEqual([]);
  });

  it('should refuse a cancel with REJECTED INJECTED_FAULT and leave the order open', async () => {
    h = await harness({});
    await restingBuy('c1');
    h.broker.setFaults({ rejectProbability: 1 });
    expect(await bridgeErrorOf(() => h.broker.cancelOrder({ accountRef: ACCOUNT, clientOrderId: 'c1' })))
      .toEqual({ code: 'REJECTED', reason: 'INJECTED_FAULT' });
    expect((await query('c1')).orders[0]).toMatchObject({ status: 'accepted' });
  });

  it('should withhold the answer and do nothing on timeoutBeforeAccept (IDEM-6: the retry with the same id places one order)', async () => {
    h = await harness({ timeoutBeforeAccept: 1 });
    await expect(marketBuy('c1')).rejects.toBeInstanceOf(AnswerWithheld);
    expect(h.captured.orderEvents).toEqual([]);
    h.broker.setFaults({});
    expect((await query('c1')).notFound).toEqual(['c1']);
    await marketBuy('c1');
    expect(statuses()).toEqual(['c1:accepted', 'c1:filled']);
  });

  it('should place the order but withhold the answer on timeoutAfterAccept: events still flow and query_orders shows it (IDEM-7 late success after timeout)', async () => {
    h = await harness({ timeoutAfterAccept: 1 });
    await expect(marketBuy('c1')).rejects.toMatchObject({ name: 'AnswerWithheld', stage: 'after_accept' });
    expect(statuses()).toEqual(['c1:accepted', 'c1:filled']);
    h.broker.setFaults({});
    const [order] = (await query('c1')).orders;
    expect(order).toMatchObject({ status: 'filled', filledQtyShares: 10 });
    expect(await marketBuy('c1')).toEqual({ brokerOrderId: order!.brokerOrderId });
    expect((await h.broker.getBalance({ accountRef: ACCOUNT })).positions).toEqual([{ symbol: SAMSUNG, qtyShares: 10, avgPriceKrw: 70_000 }]);
  });

  it('should withhold answers of reads too, and keep nothing for them but the bounded fault log', async () => {
    h = await harness({ timeoutBeforeAccept: 1 });
    for (let i = 0; i < PAPER_FAULT_LOG_MAX + 100; i++) {
      await expect(h.broker.getQuote({ symbol: SAMSUNG })).rejects.toBeInstanceOf(AnswerWithheld);
      h.clock.advance(10); // stay under 6,000 calls per minute
    }
    expect(h.broker.recentFaults).toHaveLength(PAPER_FAULT_LOG_MAX);
  });

  it('should delay answers by delayMs on the clock: not before min, at once when it has passed', async () => {
    h = await harness({ delayMs: { min: 250, max: 250 } });
    let answered = false;
    const placing = marketBuy('c1').then((r) => { answered = true; return r; });
    expect(statuses()).toEqual([]); // the events of the action wait for their own delay
    h.clock.advance(249);
    await settle();
    expect(answered).toBe(false);
    h.clock.advance(1);
    await settle();
    expect(answered).toBe(true);
    await placing;
    expect(statuses()).toEqual(['c1:accepted', 'c1:filled']);
  });
});

describe('paper faults: events', () => {
  it('should hold a batch of events for delayMs and commit it when released', async () => {
    h = await harness({ delayMs: { min: 100, max: 100 } });
    void marketBuy('c1');
    const commitsBefore = h.captured.commitCount;
    h.clock.advance(99);
    expect(statuses()).toEqual([]);
    h.clock.advance(1);
    expect(statuses()).toEqual(['c1:accepted', 'c1:filled']);
    expect(h.captured.commitCount).toBeGreaterThan(commitsBefore);
  });

  it('should release held events on stop, into the final write', async () => {
    h = await harness({ delayMs: { min: 60_000, max: 60_000 } });
    void marketBuy('c1');
    expect(statuses()).toEqual([]);
    await h.broker.stop();
    expect(statuses()).toEqual(['c1:accepted', 'c1:filled']);
  });

  it('should emit each event twice on duplicateEvents, fills with the same brokerFillId (RECON-4)', async () => {
    h = await harness({ duplicateEvents: 1 });
    await marketBuy('c1');
    expect(statuses()).toEqual(['c1:accepted', 'c1:accepted', 'c1:filled', 'c1:filled']);
    expect(h.captured.fills).toHaveLength(2);
    expect(h.captured.fills[0]).toEqual(h.captured.fills[1]);
  });

  it('should shuffle the events of one action on reorderEvents, e.g. a fill before its accepted event', async () => {
    h = await harness({ reorderEvents: 1, seed: 3 });
    await marketBuy('c1');
    const sequence = [...h.captured.orderEvents.map((e) => e.status), ...h.captured.fills.map(() => 'fill')];
    expect(sequence.sort()).toEqual(['accepted', 'fill', 'filled']);
    const order: string[] = [];
    const sink = h.captured.sink;
    const recording = { ...sink, orderEvent: (e: Parameters<typeof sink.orderEvent>[0]) => order.push(e.status), fill: () => order.push('fill') };
    h.broker.setEventSink(recording);
    for (let i = 2; i <= 6; i++) await marketBuy(`c${i}`);
    expect(order).toHaveLength(15);
    const batches = [0, 3, 6, 9, 12].map((i) => order.slice(i, i + 3));
    for (const batch of batches) expect([...batch].sort()).toEqual(['accepted', 'fill', 'filled']);
    expect(batches.some((b) => b.indexOf('fill') < b.indexOf('accepted'))).toBe(true);
  });

  it('should not push events of an account out of session even when they are delayed or duplicated', async () => {
    h = await harness({ duplicateEvents: 1, delayMs: { min: 10, max: 10 } }, { sessions: { mode: 'single', switchCostMs: 0 } });
    await openSessionNow(h, ACCOUNT);
    const placing = restingBuy('c1');
    h.clock.advance(10);
    await placing;
    await h.broker.closeSession({ accountRef: ACCOUNT });
    h.rng.value = DOWN;
    h.step();
    h.rng.value = FLAT;
    h.clock.advance(1_000);
    expect(statuses()).toEqual(['c1:accepted', 'c1:accepted']);
    expect(h.captured.fills).toEqual([]);
  });
});

describe('paper faults: sessions', () => {
  beforeEach(async () => {
    h = await harness({ crashDuringSwitch: 1 }, { sessions: { mode: 'single' } });
  });

  it('should fail a login halfway on crashDuringSwitch: RETRYABLE SWITCH_FAILED at 1500 ms, slot free, account not in session', async () => {
    let outcome: { code: string; reason: string } | undefined;
    void bridgeErrorOf(() => h.broker.openSession({ accountRef: ACCOUNT })).then((e) => { outcome = e; });
    h.clock.advance(1_499);
    await settle();
    expect(outcome).toBeUndefined();
    h.clock.advance(1);
    await settle();
    expect(outcome).toEqual({ code: 'RETRYABLE', reason: 'SWITCH_FAILED' });
    expect(await h.broker.listSessions({})).toEqual({ accountRefs: [] });
    h.broker.setFaults({});
    expect(await openSessionNow(h, ACCOUNT)).toEqual([ACCOUNT]);
  });
});

describe('paper faults: determinism', () => {
  const MIX: PaperFaults = { seed: 42, rejectProbability: 0.3, timeoutBeforeAccept: 0.2, timeoutAfterAccept: 0.2, duplicateEvents: 0.3, reorderEvents: 0.5, dropConnection: 0.5 };

  async function run(faults: PaperFaults): Promise<{ outcomes: string[]; faults: unknown; events: string[] }> {
    h = await harness(faults);
    const outcomes: string[] = [];
    for (let i = 0; i < 30; i++) {
      const outcome = await marketBuy(`c${i}`, 1).then(() => 'ok', (e: Error) => e.name);
      outcomes.push(`${outcome}/${h.broker.transportFaults.dropConnectionAfterRequest('place_order') ? 'drop' : 'keep'}`);
    }
    return { outcomes, faults: [...h.broker.recentFaults], events: statuses() };
  }

  it('should inject the same faults for the same seed and calls, and different ones for another seed', async () => {
    const first = await run(MIX);
    const second = await run(MIX);
    expect(second).toEqual(first);
    expect(first.outcomes.some((o) => o.startsWith('ok'))).toBe(true);
    expect(first.outcomes.some((o) => o.startsWith('AnswerWithheld'))).toBe(true);
    expect(first.outcomes.some((o) => o.startsWith('BrokerError'))).toBe(true);
    expect((await run({ ...MIX, seed: 43 })).faults).not.toEqual(first.faults);
  });

  it('should draw nothing and behave as before with faults off', async () => {
    const plain = await run({});
    expect(plain.faults).toEqual([]);
    expect(plain.outcomes.every((o) => o === 'ok/keep')).toBe(true);
    const noOption = paperHarness();
    await noOption.broker.openAccount({ accountRef: ACCOUNT, initialCashKrw: 1_000_000_000 });
    h = noOption;
    for (let i = 0; i < 30; i++) await marketBuy(`c${i}`, 1);
    expect(statuses()).toEqual(plain.events);
  });

  it('should not change the price series when faults are enabled (separate generator)', async () => {
    const series = (faults: PaperFaults) => {
      const clock = createManualClock(START_MS);
      const broker = new PaperBroker({ clock, rng: createSeededRng(5), store: createMemoryStateStore(), logger: silentLogger, faults });
      broker.setEventSink(captureSink().sink);
      const prices: number[] = [];
      for (let i = 0; i < 50; i++) {
        clock.advance(1_000);
        broker.step(clock.now());
        prices.push(broker.market.quote(SAMSUNG)!.lastKrw);
      }
      return prices;
    };
    expect(series({ seed: 5, duplicateEvents: 0.5, reorderEvents: 0.5, delayMs: { min: 0, max: 10 } })).toEqual(series({}));
  });
});

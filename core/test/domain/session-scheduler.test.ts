import { describe, expect, it } from 'vitest';
import {
  eligibleWork, nextAction, type QueuedWork, type SchedulerAction, type SchedulerPolicy, type SessionSlot,
} from '../../src/domain/session-scheduler.js';

const policy: SchedulerPolicy = { agingMs: 30_000, rotationIntervalMs: 30_000, idleTimeoutMs: 300_000 };

const work = (orderId: string, accountId: string, priority: QueuedWork['priority'], enqueuedAtMs: number): QueuedWork =>
  ({ orderId, accountId, priority, enqueuedAtMs });
const ready = (accountId: string, heldSinceMs: number, extra: Partial<SessionSlot> = {}): SessionSlot =>
  ({ accountId, status: 'ready', heldSinceMs, lastActivityMs: heldSinceMs, inFlight: 0, ...extra });
const free = (): SessionSlot => ({ accountId: null, status: 'free', heldSinceMs: 0, lastActivityMs: 0, inFlight: 0 });
const switching = (accountId: string): SessionSlot => ({ accountId, status: 'switching', heldSinceMs: 0, lastActivityMs: 0, inFlight: 0 });
const decide = (queue: QueuedWork[], slots: SessionSlot[] | null, nowMs: number): SchedulerAction =>
  nextAction({ queue, slots, nowMs, policy });
const sent = (orderId: string) => expect.objectContaining({ kind: 'send', work: expect.objectContaining({ orderId }) });
const switchTo = (accountId: string, reason: string) => expect.objectContaining({ kind: 'switch', accountId, reason });

describe('session scheduler: order of work', () => {
  it('should send urgent work before older VIP and normal work of the account in session', () => {
    const queue = [work('n', 'A', 'normal', 0), work('v', 'A', 'vip', 1), work('u', 'A', 'urgent', 5)];
    expect(decide(queue, [ready('A', 0)], 10)).toEqual(sent('u'));
  });

  it('should switch at once for urgent work out of session, cutting the batch in session short', () => {
    const queue = [work('a1', 'A', 'normal', 0), work('b-cancel', 'B', 'urgent', 50)];
    expect(decide(queue, [ready('A', 100)], 200)).toEqual({ kind: 'switch', slot: 0, accountId: 'B', evictAccountId: 'A', reason: 'urgent' });
  });

  it('should preempt a normal batch in session when VIP work waits elsewhere', () => {
    const queue = [work('a1', 'A', 'normal', 0), work('b-vip', 'B', 'vip', 500)];
    expect(decide(queue, [ready('A', 1_000)], 1_500)).toEqual(switchTo('B', 'vip_preempts'));
  });

  it('should send the oldest order first within a class', () => {
    const queue = [work('late', 'A', 'normal', 20), work('early', 'A', 'normal', 10), work('v-late', 'A', 'vip', 30), work('v-early', 'A', 'vip', 25)];
    expect(decide(queue, [ready('A', 0)], 40)).toEqual(sent('v-early'));
    expect(decide(queue.filter((w) => w.priority === 'normal'), [ready('A', 0)], 40)).toEqual(sent('early'));
  });
});

describe('session scheduler: a VIP order never waits behind a later normal order (Q-1, SIM-4(h))', () => {
  it('should hold back a normal order that arrived after a waiting VIP order, even when only it is in session', () => {
    const queue = [work('a-late', 'A', 'normal', 200), work('b-vip', 'B', 'vip', 100)];
    expect(eligibleWork(queue).map((w) => w.orderId)).toEqual(['b-vip']);
    expect(decide(queue, [ready('A', 0)], 300)).toEqual(switchTo('B', 'no_work_in_session'));
  });

  it('should let a normal order that arrived before every waiting VIP order go while the VIP account logs in', () => {
    const slots = [ready('A', 0), switching('B')];
    expect(decide([work('a-early', 'A', 'normal', 50), work('b-vip', 'B', 'vip', 100)], slots, 300)).toEqual(sent('a-early'));
    expect(decide([work('a-late', 'A', 'normal', 150), work('b-vip', 'B', 'vip', 100)], slots, 300)).toEqual({ kind: 'wait' });
  });
});

describe('session scheduler: batching, aging and rotation', () => {
  it('should keep serving the batch in session without switching, even when an order elsewhere has aged', () => {
    const queue = [work('b-old', 'B', 'normal', 0), work('a-batch', 'A', 'normal', 5_000)];
    expect(decide(queue, [ready('A', 10_000)], 45_000)).toEqual(sent('a-batch'));
  });

  it('should switch after the batch when an order elsewhere has waited agingMs, not 1 ms earlier', () => {
    const nowMs = 20_000;
    const queue = (bAtMs: number) => [work('a-new', 'A', 'normal', 15_000), work('b', 'B', 'normal', bAtMs)];
    expect(decide(queue(nowMs - policy.agingMs + 1), [ready('A', 10_000)], nowMs)).toEqual(sent('a-new'));
    expect(decide(queue(nowMs - policy.agingMs), [ready('A', 10_000)], nowMs)).toEqual(switchTo('B', 'aging'));
  });

  it('should rotate after rotationIntervalMs in session while older work waits elsewhere, not 1 ms earlier', () => {
    const queue = [work('b', 'B', 'normal', 2_000), work('a-new', 'A', 'normal', 5_000)];
    expect(decide(queue, [ready('A', 0)], policy.rotationIntervalMs - 1)).toEqual(sent('a-new'));
    expect(decide(queue, [ready('A', 0)], policy.rotationIntervalMs)).toEqual(switchTo('B', 'rotation'));
  });

  it('should not switch away from a session with a submission in flight', () => {
    const busy = [ready('A', 0, { inFlight: 1 })];
    expect(decide([work('b-cancel', 'B', 'urgent', 10)], busy, 20)).toEqual({ kind: 'wait' });
    expect(decide([work('a1', 'A', 'normal', 5), work('b-vip', 'B', 'vip', 10)], busy, 20)).toEqual(sent('a1'));
  });
});

describe('session scheduler: aging across classes (nobody starves behind a VIP stream)', () => {
  it('should log in for a normal order that arrived agingMs before the oldest waiting VIP order, not 1 ms later', () => {
    const slots = [ready('P1', 0)];
    const queue = (normalAtMs: number) => [work('n', 'N', 'normal', normalAtMs), work('p2', 'P2', 'vip', 40_000)];
    expect(decide(queue(40_000 - policy.agingMs), slots, 45_000)).toEqual(switchTo('N', 'aging'));
    expect(decide(queue(40_000 - policy.agingMs + 1), slots, 45_000)).toEqual(switchTo('P2', 'no_work_in_session'));
  });

  it('should not let VIP work preempt a normal order in session that arrived agingMs before it, not 1 ms later', () => {
    const slots = [ready('N', 50_000)];
    const queue = (normalAtMs: number) => [work('n', 'N', 'normal', normalAtMs), work('p2', 'P2', 'vip', 40_000)];
    expect(decide(queue(40_000 - policy.agingMs), slots, 50_000)).toEqual(sent('n'));
    expect(decide(queue(40_000 - policy.agingMs + 1), slots, 50_000)).toEqual(switchTo('P2', 'vip_preempts'));
  });
});

describe('session scheduler: slots', () => {
  it('should pre-load the next account on a free slot when the bridge has two slots', () => {
    const queue = [work('a1', 'A', 'normal', 0), work('b1', 'B', 'normal', 10)];
    expect(decide(queue, [ready('A', 0), free()], 20)).toEqual({ kind: 'switch', slot: 1, accountId: 'B', evictAccountId: null, reason: 'preload' });
    expect(decide(queue, [ready('A', 0)], 20)).toEqual(sent('a1'));
  });

  it('should log an idle session out after exactly idleTimeoutMs, not 1 ms earlier, and never with a submission in flight', () => {
    const slot = ready('A', 0, { lastActivityMs: 1_000 });
    expect(decide([], [slot], 1_000 + policy.idleTimeoutMs - 1)).toEqual({ kind: 'wait' });
    expect(decide([], [slot], 1_000 + policy.idleTimeoutMs)).toEqual({ kind: 'logout', slot: 0, accountId: 'A' });
    expect(decide([], [{ ...slot, inFlight: 1 }], 1_000 + policy.idleTimeoutMs)).toEqual({ kind: 'wait' });
  });

  it('should never switch with unlimited slots: it sends the most important eligible order', () => {
    const queue = [work('a', 'A', 'normal', 0), work('b', 'B', 'vip', 5), work('c', 'C', 'normal', 10), work('d', 'D', 'urgent', 20)];
    const order: string[] = [];
    for (let rest = queue; rest.length > 0;) {
      const action = decide(rest, null, 1_000_000);
      if (action.kind !== 'send') throw new Error(`expected a send, got ${action.kind}`);
      order.push(action.work.orderId);
      rest = rest.filter((w) => w !== action.work);
    }
    expect(order).toEqual(['d', 'b', 'a', 'c']);
    expect(decide([], null, 1_000_000)).toEqual({ kind: 'wait' });
  });
});

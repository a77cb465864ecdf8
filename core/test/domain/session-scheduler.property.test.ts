import { describe, expect, it } from 'vitest';
import { mulberry32, streamSeed } from '../../bench/prng.js';
import { generateArrivals, simulate, type Arrival, type SimResult, type SimSetup, type SimStep, type SimUser } from '../../bench/session-sim.js';
import { oursPolicy } from '../../bench/policies.js';
import { DEFAULT_SCHEDULER_POLICY } from '../../src/domain/session-scheduler.js';

/**
 * The production scheduler driven by the simulator over many seeded short days: mixed tiers,
 * urgent orders (cancels), baskets, one and two slots. Invariants are checked after every step; a
 * failure names the seed so the day can be replayed.
 */

const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);
const USERS: SimUser[] = [
  { accountId: 'p1', tier: 'premium' }, { accountId: 'p2', tier: 'premium' },
  { accountId: 'b1', tier: 'basic' }, { accountId: 'b2', tier: 'basic' }, { accountId: 'f1', tier: 'free' }, { accountId: 'f2', tier: 'free' },
];
const BUSY_PHASE_MS = 20 * 60_000;
/** After the busy phase nothing arrives: every order must be sent by close (liveness). */
const CLOSE_MS = 30 * 60_000;
const BASKETS = 3;
const BASKET_ORDERS = 8;
const CONNECTION = { switchCostMs: 3_000, sessionOrdersPerSecond: 5, globalOrdersPerSecond: null };
const POLICY = DEFAULT_SCHEDULER_POLICY;

/**
 * The normal-wait budget these days must respect (an argued bound, not a proof). A normal order o
 * outranks VIP work once it arrived `agingMs` before the oldest waiting VIP order: after about
 * agingMs plus one VIP wait (itself at most one visit and a login). From then on the slot only
 * visits accounts holding orders older than o, each once (a visit takes the account's whole
 * batch, which VIP work may no longer cut), and each visit lasts a login plus at most
 * `rotationIntervalMs` after its batch (batches here are far shorter). So: agingMs +
 * (accounts + 1) × (switchCostMs + rotationIntervalMs) = 261 s. Observed: ≈ 150 s with one slot;
 * the scheduler without cross-class aging starved normal work for the whole busy phase (≈ 1 200 s).
 */
function normalWaitBoundMs(): number {
  return POLICY.agingMs + (USERS.length + 1) * (CONNECTION.switchCostMs + POLICY.rotationIntervalMs);
}

/** Premium users send a steady VIP stream (8–20/min each), the others 2–5/min; 10 % urgent; three baskets. */
function dayArrivals(seed: number): Arrival[] {
  const spec = { durationMs: BUSY_PHASE_MS, urgentFraction: 0.1 };
  const arrivals = [
    ...generateArrivals({ ...spec, users: USERS.filter((u) => u.tier === 'premium'), ordersPerMinutePerUser: 8 + (seed % 4) * 4, seed }),
    ...generateArrivals({ ...spec, users: USERS.filter((u) => u.tier !== 'premium'), ordersPerMinutePerUser: 2 + (seed % 4), seed: seed + 10_000 }),
  ];
  const random = mulberry32(streamSeed(seed, 1_000));
  for (let b = 0; b < BASKETS; b++) {
    const user = USERS[Math.floor(random() * USERS.length)]!;
    const atMs = Math.floor(random() * BUSY_PHASE_MS);
    for (let n = 0; n < BASKET_ORDERS; n++) {
      arrivals.push({ orderId: `basket-${b}-${n}`, accountId: user.accountId, tier: user.tier, priority: user.tier === 'premium' ? 'vip' : 'normal', atMs });
    }
  }
  return arrivals.sort((a, b) => a.atMs - b.atMs || (a.orderId < b.orderId ? -1 : 1));
}

/** Invariants of one executed step; returns a description of the first broken one. */
function brokenInvariant(step: SimStep): string | null {
  if (step.action.kind !== 'send') return null;
  const sentWork = step.action.work;
  for (const w of step.queue) {
    // SIM-4(h): a VIP order never waits while a normal order that arrived later is sent.
    if (sentWork.priority === 'normal' && w.priority === 'vip' && w.enqueuedAtMs < sentWork.enqueuedAtMs) {
      return `normal ${sentWork.orderId} (at ${sentWork.enqueuedAtMs}) sent at ${step.nowMs} while VIP ${w.orderId} (at ${w.enqueuedAtMs}) waits`;
    }
    if (sentWork.priority !== 'urgent' && w.priority === 'urgent' && w.accountId === sentWork.accountId) {
      return `${sentWork.priority} ${sentWork.orderId} sent at ${step.nowMs} while urgent ${w.orderId} of the same session waits`;
    }
  }
  return null;
}

interface Day {
  seed: number;
  arrivals: Arrival[];
  result: SimResult;
  broken: string[];
  maxNormalWaitMs: number;
}

function runDay(seed: number, slotCount: number): Day {
  const arrivals = dayArrivals(seed);
  const setup: SimSetup = { connection: { ...CONNECTION, slotCount }, arrivals, closeMs: CLOSE_MS, schedulerPolicy: POLICY };
  const broken: string[] = [];
  let result: SimResult;
  try {
    result = simulate(setup, oursPolicy, (step) => {
      const problem = brokenInvariant(step);
      if (problem && broken.length === 0) broken.push(problem);
    });
  } catch (error) {
    throw new Error(`seed ${seed}, ${slotCount} slot(s): ${error instanceof Error ? error.message : String(error)}`);
  }
  const normalWaitsMs = result.outcomes.filter((o) => o.priority === 'normal' && o.sentAtMs !== null).map((o) => o.sentAtMs! - o.enqueuedAtMs);
  return { seed, arrivals, result, broken, maxNormalWaitMs: Math.max(0, ...normalWaitsMs) };
}

const daysBySlots = new Map<number, Day[]>();
/** The 30 days of one slot count, simulated once and shared by the tests below. */
function days(slotCount: number): Day[] {
  let list = daysBySlots.get(slotCount);
  if (!list) daysBySlots.set(slotCount, (list = SEEDS.map((seed) => runDay(seed, slotCount))));
  return list;
}

describe.each([1, 2])('session scheduler property: %i slot(s), 30 seeded days', (slotCount) => {
  it('should never send a normal order while an earlier VIP order waits, nor pass over urgent work in session', () => {
    for (const day of days(slotCount)) expect(day.broken[0] ?? null, `seed ${day.seed}`).toBeNull();
  });

  it('should send every order by close once arrivals stop (liveness)', () => {
    for (const day of days(slotCount)) {
      expect(day.result.stillQueuedAtClose, `seed ${day.seed}: oldest waited ${day.result.oldestWaitAtCloseMs} ms`).toBe(0);
      expect(day.result.sends, `seed ${day.seed}`).toBe(day.arrivals.length);
    }
  });

  it('should keep every normal wait within the aging bound', () => {
    for (const day of days(slotCount)) expect(day.maxNormalWaitMs, `seed ${day.seed}`).toBeLessThanOrEqual(normalWaitBoundMs());
  });
});

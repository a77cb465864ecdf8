import { describe, expect, it } from 'vitest';
import { createOriginalPolicy, oursPolicy } from '../../bench/policies.js';
import { generateArrivals, simulate, type Arrival, type ConnectionSpec, type SchedulingPolicy, type SimUser } from '../../bench/session-sim.js';
import { percentile, waitStats } from '../../bench/stats.js';
import { DEFAULT_SCHEDULER_POLICY } from '../../src/domain/session-scheduler.js';

const ONE_SLOT: ConnectionSpec = { slotCount: 1, switchCostMs: 3_000, sessionOrdersPerSecond: 5, globalOrdersPerSecond: null };
const USERS: SimUser[] = [
  { accountId: 'p1', tier: 'premium' }, { accountId: 'b1', tier: 'basic' }, { accountId: 'f1', tier: 'free' }, { accountId: 'f2', tier: 'free' },
];

const order = (orderId: string, accountId: string, atMs: number, priority: Arrival['priority'] = 'normal'): Arrival =>
  ({ orderId, accountId, tier: priority === 'vip' ? 'premium' : 'basic', priority, atMs });
const run = (arrivals: Arrival[], policy: SchedulingPolicy, connection = ONE_SLOT, closeMs = 60_000) =>
  simulate({ connection, arrivals, closeMs, schedulerPolicy: DEFAULT_SCHEDULER_POLICY }, policy);
const sentAt = (result: ReturnType<typeof run>) => Object.fromEntries(result.outcomes.map((o) => [o.orderId, o.sentAtMs]));

describe('simulated arrivals', () => {
  const spec = { users: USERS, ordersPerMinutePerUser: 10, durationMs: 60 * 60_000, urgentFraction: 0.2, seed: 7 };

  it('should give the identical day for the same seed and a different one for another seed', () => {
    expect(generateArrivals(spec)).toEqual(generateArrivals(spec));
    expect(generateArrivals({ ...spec, seed: 8 })).not.toEqual(generateArrivals(spec));
  });

  it('should offer about rate × duration orders per user, sorted by time, with about the urgent share asked for', () => {
    const arrivals = generateArrivals(spec);
    // 4 users × 10/min × 60 min = 2 400 expected; a Poisson count's sd is ≈ 49.
    expect(arrivals.length).toBeGreaterThan(2_400 - 250);
    expect(arrivals.length).toBeLessThan(2_400 + 250);
    expect(arrivals.every((a, i) => i === 0 || arrivals[i - 1]!.atMs <= a.atMs)).toBe(true);
    expect(arrivals.filter((a) => a.priority === 'urgent').length / arrivals.length).toBeCloseTo(0.2, 1);
    expect(arrivals.filter((a) => a.priority === 'vip').every((a) => a.tier === 'premium')).toBe(true);
  });
});

describe('simulated broker connection', () => {
  it('should hold a slot for switchCostMs on a login, then send at the session rate', () => {
    const result = run([order('a1', 'A', 0), order('a2', 'A', 0)], oursPolicy);
    expect(sentAt(result)).toEqual({ a1: 3_000, a2: 3_200 });
    expect(result.switches).toBe(1);
  });

  it('should switch before every order under the original policy, even for the account in session', () => {
    const result = run([order('a1', 'A', 0), order('a2', 'A', 0)], createOriginalPolicy());
    expect(sentAt(result)).toEqual({ a1: 3_000, a2: 6_200 });
    expect(result.switches).toBe(2);
  });

  it('should count orders unsent at close as not completed and report the oldest wait', () => {
    const result = run([order('a1', 'A', 500)], oursPolicy, ONE_SLOT, 2_000);
    expect(result.outcomes).toEqual([expect.objectContaining({ orderId: 'a1', sentAtMs: null })]);
    expect(result).toMatchObject({ sends: 0, stillQueuedAtClose: 1, oldestWaitAtCloseMs: 1_500 });
  });

  it('should refuse a send for an account that holds no session (a scheduler bug, not a wait)', () => {
    const sendBlindly: SchedulingPolicy = ({ queue }) => (queue[0] ? { kind: 'send', work: queue[0] } : { kind: 'wait' });
    expect(() => run([order('a1', 'A', 0)], sendBlindly)).toThrow(/holds no ready session/);
  });

  it('should run accounts in parallel with unlimited sessions, each at its session rate, with no switch', () => {
    const unlimited = { ...ONE_SLOT, slotCount: null };
    const result = run([order('a1', 'A', 0), order('a2', 'A', 0), order('b1', 'B', 0), order('b2', 'B', 0)], oursPolicy, unlimited);
    expect(sentAt(result)).toEqual({ a1: 0, a2: 200, b1: 0, b2: 200 });
    expect(result.switches).toBe(0);
  });

  it('should space sends by the connection-wide rate when the broker has one', () => {
    const limited = { ...ONE_SLOT, slotCount: null, globalOrdersPerSecond: 2 };
    const result = run([order('a1', 'A', 0), order('b1', 'B', 0), order('c1', 'C', 0)], oursPolicy, limited);
    expect(Object.values(sentAt(result)).sort((x, y) => x! - y!)).toEqual([0, 500, 1_000]);
  });

  it('should log an idle session out once idleTimeoutMs has passed since its last send', () => {
    const result = run([order('a1', 'A', 0)], oursPolicy, ONE_SLOT, DEFAULT_SCHEDULER_POLICY.idleTimeoutMs + 10_000);
    expect(result).toMatchObject({ sends: 1, switches: 1, logouts: 1 });
  });

  it('should serve urgent orders (cancels) within about two logins on a busy day', () => {
    const arrivals = generateArrivals({ users: USERS, ordersPerMinutePerUser: 6, durationMs: 30 * 60_000, urgentFraction: 0.1, seed: 3 });
    const result = run(arrivals, oursPolicy, ONE_SLOT, 40 * 60_000);
    const urgent = waitStats(result.outcomes.filter((o) => o.priority === 'urgent').map((o) => o.sentAtMs! - o.enqueuedAtMs));
    expect(urgent.count).toBeGreaterThan(20);
    // A login already running (≤ 3 s), the cancel's own login (3 s), a send in flight and one other cancel.
    expect(urgent.maxMs).toBeLessThanOrEqual(2 * 3_000 + 2 * 200 + 3_000);
    expect(result.stillQueuedAtClose).toBe(0);
  });
});

describe('wait statistics', () => {
  it('should use nearest-rank percentiles and report none for no orders', () => {
    const waits = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(waitStats(waits)).toEqual({ count: 100, p50Ms: 50, p99Ms: 99, maxMs: 100 });
    expect(percentile([7], 99)).toBe(7);
    expect(waitStats([])).toEqual({ count: 0, p50Ms: null, p99Ms: null, maxMs: null });
  });
});

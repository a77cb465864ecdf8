import { describe, expect, it } from 'vitest';
import {
  benchUsers, defaultOrdersBenchParams, evaluateGoals, formatReport, runOrdersBench, singleSlotCycleBound, vipSwitchingShareMax,
  type BenchRow,
} from '../../bench/orders-report.js';

/** A short day at the goal rates keeps this fast; the full day is `npm run bench:orders`. */
const shortDay = { ...defaultOrdersBenchParams(1), dayMinutes: 30, ratesPerMinutePerUser: [2, 20] };

describe('order benchmark report', () => {
  it('should use the issue\'s parameters: 10 users (2 premium, 4 basic, 4 free), one slot, 3 s switch, 5 orders/s, seed 1', () => {
    const params = defaultOrdersBenchParams();
    expect(benchUsers().map((u) => u.tier)).toEqual(['premium', 'premium', 'basic', 'basic', 'basic', 'basic', 'free', 'free', 'free', 'free']);
    expect(params).toMatchObject({ seed: 1, dayMinutes: 390, ratesPerMinutePerUser: [1, 2, 5, 10, 20], urgentFraction: 0 });
    expect(params.connection).toEqual({ slotCount: 1, switchCostMs: 3_000, sessionOrdersPerSecond: 5, globalOrdersPerSecond: null });
  });

  it('should run both policies on the identical arrivals and give the same report for the same seed', () => {
    const report = runOrdersBench(shortDay);
    expect(report.rows.map((r) => `${r.ratePerMinutePerUser}:${r.policy}`)).toEqual(['2:original', '2:ours', '20:original', '20:ours']);
    expect(report.rows[0]!.offered).toBe(report.rows[1]!.offered);
    expect(runOrdersBench(shortDay).rows).toEqual(report.rows);
    expect(runOrdersBench({ ...shortDay, seed: 2 }).rows).not.toEqual(report.rows);
  });

  it('should print the table, a PASS or FAIL line per goal with the measured figure, and the one-slot bound', () => {
    const text = formatReport(runOrdersBench(shortDay));
    expect(text).toContain('| orders/min/user | policy | offered | completed |');
    expect(text.match(/^- (PASS|FAIL) /gm)).toHaveLength(5);
    expect(text).toMatch(/- (PASS|FAIL) 20\/min\/user: normal p99 ≤ 60 s: measured \d+\.\d s/);
    expect(text).toContain('= 90.0 s');
  });

  it('should derive the one-slot cycle bound at 20/min/user: 90 s, which a 60 s p99 cannot beat', () => {
    const bound = singleSlotCycleBound(defaultOrdersBenchParams(), 20, 60_000);
    expect(bound.busyShare).toBeCloseTo(2 / 3, 6);
    expect(bound.switchesPerMinuteMax).toBeCloseTo(20 / 3, 6);
    expect(bound.minCycleMs).toBeCloseTo(90_000, 6);
    expect(bound.switchCostMsForTarget).toBeCloseTo(2_000, 6);
    expect(vipSwitchingShareMax(defaultOrdersBenchParams(), 5_000)).toBeCloseTo(0.025, 6);
  });

  it('should judge a goal FAIL with the measured value when it is not met', () => {
    const row = (policy: BenchRow['policy'], completed: number, normalP99Ms: number): BenchRow => ({
      ratePerMinutePerUser: 20, policy, offered: 1_000, completed, completedShare: completed / 1_000, completedPerMinute: 0,
      waits: Object.fromEntries(['vip', 'normal', 'urgent', 'premium', 'basic', 'free'].map((k) => [k, { count: 1, p50Ms: 0, p99Ms: normalP99Ms, maxMs: normalP99Ms }])) as BenchRow['waits'],
      switches: 0, sends: completed, switchingShare: 0, stillQueuedAtClose: 1_000 - completed, oldestWaitAtCloseMs: 0,
    });
    const goals = evaluateGoals([row('original', 100, 0), row('ours', 940, 61_000)], defaultOrdersBenchParams());
    expect(goals.map((g) => [g.goal, g.pass])).toEqual([
      ['20/min/user: ≥ 95 % of offered completed', false],
      ['20/min/user: ≥ 10× the original policy', false],
      ['20/min/user: normal p99 ≤ 60 s', false],
    ]);
    expect(goals[0]!.measured).toBe('94.0 % (940 of 1000)');
    expect(goals[2]!.measured).toMatch(/^61\.0 s/);
  });
});

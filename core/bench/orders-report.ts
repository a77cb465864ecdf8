import { DEFAULT_SCHEDULER_POLICY, type SchedulerPolicy } from '../src/domain/session-scheduler.js';
import { createOriginalPolicy, oursPolicy } from './policies.js';
import { generateArrivals, simulate, type ConnectionSpec, type OrderOutcome, type SimResult, type SimUser } from './session-sim.js';
import { waitStats, type WaitStats } from './stats.js';

/**
 * The order-scheduling benchmark: the original design's policy and ours on the identical simulated
 * day, at several arrival rates, with the issue's goals judged honestly and the bounds that make a
 * goal reachable or not with one session slot.
 */

export type PolicyName = 'original' | 'ours';

export interface OrdersBenchParams {
  seed: number;
  users: SimUser[];
  connection: ConnectionSpec;
  dayMinutes: number;
  ratesPerMinutePerUser: number[];
  urgentFraction: number;
  schedulerPolicy: SchedulerPolicy;
}

export interface BenchRow {
  ratePerMinutePerUser: number;
  policy: PolicyName;
  offered: number;
  completed: number;
  completedShare: number;
  completedPerMinute: number;
  /** Waits of the orders sent before close; per priority and per user tier. */
  waits: Record<'vip' | 'normal' | 'urgent' | 'premium' | 'basic' | 'free', WaitStats>;
  switches: number;
  sends: number;
  /** Share of the day the slot spent logging in. */
  switchingShare: number;
  stillQueuedAtClose: number;
  oldestWaitAtCloseMs: number;
}

export interface GoalVerdict {
  goal: string;
  pass: boolean;
  measured: string;
}

/** One slot visiting every account in turn: the shortest cycle the switch cost and the load allow. */
export interface CycleBound {
  ratePerMinutePerUser: number;
  offeredPerMinute: number;
  /** Share of the time the slot must spend sending. */
  busyShare: number;
  switchesPerMinuteMax: number;
  accounts: number;
  /** accounts × switchCostMs / (1 − busyShare); an order arriving just after its account's visit waits about this long. */
  minCycleMs: number;
  /** The switch cost at which the cycle would fit `targetMs`. */
  switchCostMsForTarget: number;
  targetMs: number;
}

export interface OrdersBenchReport {
  params: OrdersBenchParams;
  rows: BenchRow[];
  goals: GoalVerdict[];
  cycleBound: CycleBound;
  runtimeMs: number;
}

/** 10 users: 2 premium (VIP orders), 4 basic, 4 free; one account each. */
export function benchUsers(): SimUser[] {
  const tiers = ['premium', 'premium', 'basic', 'basic', 'basic', 'basic', 'free', 'free', 'free', 'free'] as const;
  return tiers.map((tier, i) => ({ accountId: `acct-${String(i + 1).padStart(2, '0')}`, tier }));
}

/** The issue's parameters: one slot, 3 s switch, 5 orders/s per session, a KRX day (09:00–15:30). */
export function defaultOrdersBenchParams(seed = 1): OrdersBenchParams {
  return {
    seed, users: benchUsers(),
    connection: { slotCount: 1, switchCostMs: 3_000, sessionOrdersPerSecond: 5, globalOrdersPerSecond: null },
    dayMinutes: 390, ratesPerMinutePerUser: [1, 2, 5, 10, 20], urgentFraction: 0, schedulerPolicy: DEFAULT_SCHEDULER_POLICY,
  };
}

/** Runs both policies at every rate on the same arrivals (per rate) and judges the goals. */
export function runOrdersBench(params: OrdersBenchParams, nowMs: () => number = () => 0): OrdersBenchReport {
  const startedMs = nowMs();
  const closeMs = params.dayMinutes * 60_000;
  const rows: BenchRow[] = [];
  for (const rate of params.ratesPerMinutePerUser) {
    const arrivals = generateArrivals({ users: params.users, ordersPerMinutePerUser: rate, durationMs: closeMs, urgentFraction: params.urgentFraction, seed: params.seed });
    const setup = { connection: params.connection, arrivals, closeMs, schedulerPolicy: params.schedulerPolicy };
    rows.push(toRow(params, rate, 'original', simulate(setup, createOriginalPolicy())));
    rows.push(toRow(params, rate, 'ours', simulate(setup, oursPolicy)));
  }
  const cycleBound = singleSlotCycleBound(params, Math.max(...params.ratesPerMinutePerUser), 60_000);
  return { params, rows, goals: evaluateGoals(rows, params), cycleBound, runtimeMs: nowMs() - startedMs };
}

function toRow(params: OrdersBenchParams, rate: number, policy: PolicyName, result: SimResult): BenchRow {
  const sent = result.outcomes.filter((o) => o.sentAtMs !== null);
  const waitsOf = (keep: (o: OrderOutcome) => boolean) => waitStats(sent.filter(keep).map((o) => o.sentAtMs! - o.enqueuedAtMs));
  const offered = result.outcomes.length;
  return {
    ratePerMinutePerUser: rate, policy, offered, completed: sent.length,
    completedShare: offered === 0 ? 1 : sent.length / offered,
    completedPerMinute: sent.length / params.dayMinutes,
    waits: {
      vip: waitsOf((o) => o.priority === 'vip'), normal: waitsOf((o) => o.priority === 'normal'), urgent: waitsOf((o) => o.priority === 'urgent'),
      premium: waitsOf((o) => o.tier === 'premium'), basic: waitsOf((o) => o.tier === 'basic'), free: waitsOf((o) => o.tier === 'free'),
    },
    switches: result.switches, sends: result.sends,
    switchingShare: (result.switches * params.connection.switchCostMs) / (params.dayMinutes * 60_000),
    stillQueuedAtClose: result.stillQueuedAtClose, oldestWaitAtCloseMs: result.oldestWaitAtCloseMs,
  };
}

/** The shortest cycle through all accounts with one slot at `rate` orders/min/user. */
export function singleSlotCycleBound(params: OrdersBenchParams, rate: number, targetMs: number): CycleBound {
  const accounts = params.users.length;
  const { switchCostMs, sessionOrdersPerSecond } = params.connection;
  const offeredPerMinute = accounts * rate;
  const busyShare = (offeredPerMinute * (1000 / sessionOrdersPerSecond)) / 60_000;
  const idleShare = Math.max(0, 1 - busyShare);
  return {
    ratePerMinutePerUser: rate, offeredPerMinute, busyShare, accounts,
    switchesPerMinuteMax: (60_000 * idleShare) / switchCostMs,
    minCycleMs: idleShare === 0 ? Infinity : (accounts * switchCostMs) / idleShare,
    switchCostMsForTarget: (targetMs * idleShare) / accounts,
    targetMs,
  };
}

/**
 * Share of the day spent switching below which VIP p99 ≤ `targetMs` is possible with one slot: a VIP
 * order arriving while a login for another account runs waits its rest, then its own login.
 */
export function vipSwitchingShareMax(params: OrdersBenchParams, targetMs: number): number {
  const { switchCostMs, sessionOrdersPerSecond } = params.connection;
  const tooLateShare = (2 * switchCostMs + 1000 / sessionOrdersPerSecond - targetMs) / switchCostMs;
  return tooLateShare <= 0 ? 1 : Math.min(1, 0.01 / tooLateShare);
}

/** The issue's goals, judged on `ours` (and against `original` for throughput). */
export function evaluateGoals(rows: readonly BenchRow[], params: OrdersBenchParams): GoalVerdict[] {
  const find = (rate: number, policy: PolicyName) => rows.find((r) => r.ratePerMinutePerUser === rate && r.policy === policy);
  const verdicts: GoalVerdict[] = [];
  const at2 = find(2, 'ours');
  if (at2) {
    const vipMax = vipSwitchingShareMax(params, 5_000);
    verdicts.push(waitGoal('2/min/user: VIP p99 ≤ 5 s', at2.waits.vip.p99Ms, 5_000,
      `slot switching ${pct(at2.switchingShare)} of the day; VIP p99 ≤ 5 s needs ≤ ${pct(vipMax)} with one slot`));
    verdicts.push(waitGoal('2/min/user: normal p99 ≤ 30 s', at2.waits.normal.p99Ms, 30_000, ''));
  }
  const ours20 = find(20, 'ours');
  const original20 = find(20, 'original');
  if (ours20) {
    verdicts.push({ goal: '20/min/user: ≥ 95 % of offered completed', pass: ours20.completedShare >= 0.95, measured: `${pct(ours20.completedShare)} (${ours20.completed} of ${ours20.offered})` });
    if (original20) {
      const ratio = ours20.completed / Math.max(1, original20.completed);
      verdicts.push({ goal: '20/min/user: ≥ 10× the original policy', pass: ratio >= 10, measured: `${ratio.toFixed(1)}× (${ours20.completed} vs ${original20.completed})` });
    }
    const bound = singleSlotCycleBound(params, 20, 60_000);
    verdicts.push(waitGoal('20/min/user: normal p99 ≤ 60 s', ours20.waits.normal.p99Ms, 60_000, `one-slot cycle bound ${seconds(bound.minCycleMs)} s`));
  }
  return verdicts;
}

function waitGoal(goal: string, measuredMs: number | null, limitMs: number, note: string): GoalVerdict {
  const measured = `${seconds(measuredMs)} s${note ? ` (${note})` : ''}`;
  return { goal, pass: measuredMs !== null && measuredMs <= limitMs, measured };
}

/** Milliseconds as seconds with one decimal; '–' for none. */
export function seconds(ms: number | null): string {
  if (ms === null) return '–';
  return Number.isFinite(ms) ? (ms / 1000).toFixed(1) : '∞';
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

/** The report as markdown: parameters, the table, the goals and the one-slot bound. */
export function formatReport(report: OrdersBenchReport): string {
  const { params, cycleBound: b } = report;
  const c = params.connection;
  const lines = [
    `Simulated KRX day (${params.dayMinutes} min), ${params.users.length} users (${tierCounts(params.users)}), ` +
      `${c.slotCount ?? 'unlimited'} session slot(s), switch ${seconds(c.switchCostMs)} s, ${c.sessionOrdersPerSecond} orders/s per session, ` +
      `urgent share ${params.urgentFraction}, seed ${params.seed}. Waits in seconds (p50 / p99 / max) of the orders sent before close.`,
    '',
    '| orders/min/user | policy | offered | completed | completed/min | VIP wait | normal wait | switches | still queued at close (oldest wait) |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
    ...report.rows.map(formatRow),
    '',
    'Goals (ours):',
    ...report.goals.map((g) => `- ${g.pass ? 'PASS' : 'FAIL'} ${g.goal}: measured ${g.measured}`),
    '',
    `Bound at ${b.ratePerMinutePerUser}/min/user: ${b.offeredPerMinute} orders/min keep the slot sending ${pct(b.busyShare)} of the time, ` +
      `leaving room for ${b.switchesPerMinuteMax.toFixed(2)} switches/min of ${seconds(c.switchCostMs)} s; visiting all ${b.accounts} accounts takes ` +
      `≥ ${b.accounts} × ${seconds(c.switchCostMs)} s / ${(1 - b.busyShare).toFixed(3)} = ${seconds(b.minCycleMs)} s, and an order that arrives just after ` +
      `its account's visit waits about one cycle, so normal p99 ≈ ${seconds(b.minCycleMs)} s at best with one slot. ` +
      `p99 ≤ ${seconds(b.targetMs)} s would need a switch ≤ ${seconds(b.switchCostMsForTarget)} s, or more slots. ` +
      `The ceiling is the broker's rate: ${c.sessionOrdersPerSecond * 60} orders/min per session.`,
  ];
  return lines.join('\n');
}

function formatRow(r: BenchRow): string {
  const w = (s: WaitStats) => `${seconds(s.p50Ms)} / ${seconds(s.p99Ms)} / ${seconds(s.maxMs)}`;
  const queued = r.stillQueuedAtClose === 0 ? '0' : `${r.stillQueuedAtClose} (${seconds(r.oldestWaitAtCloseMs)} s)`;
  return `| ${r.ratePerMinutePerUser} | ${r.policy} | ${r.offered} | ${r.completed} (${pct(r.completedShare)}) | ${r.completedPerMinute.toFixed(1)} | ` +
    `${w(r.waits.vip)} | ${w(r.waits.normal)} | ${r.switches} | ${queued} |`;
}

function tierCounts(users: readonly SimUser[]): string {
  const counts = new Map<string, number>();
  for (const u of users) counts.set(u.tier, (counts.get(u.tier) ?? 0) + 1);
  return [...counts].map(([tier, n]) => `${n} ${tier}`).join(', ');
}

import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { createSeededRng, PaperBroker, type PaperFaults, type PaperStateStore } from '@tradedesk/windows-bridge';
import { parseCoreConfig } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import { openPglite } from '../src/db/pglite-client.js';
import type { SqlClient } from '../src/db/sql-client.js';
import { SymbolMaster } from '../src/market/symbol-master.js';
import { InvariantChecker, type BrokerView } from './invariants.js';
import { SimBridge } from './sim-bridge.js';
import { SimClock } from './sim-clock.js';
import { SimCoreInstance } from './sim-core.js';
import { SimRandom } from './sim-random.js';
import { actOnce, createUsers, SIM_USERS, type WorkloadStats } from './workload.js';

export interface SimOptions {
  seed: number;
  days: number;
  /** Minutes of trading per day (a KRX day is 390). */
  dayMinutes: number;
  ordersPerMinutePerUser: number;
  faults: boolean;
  /** Mean virtual minutes between core crashes (0: none). */
  crashEveryMinutes: number;
  /** Mean virtual minutes between bridge disconnects (0: none). */
  disconnectEveryMinutes: number;
  sessionMode: 'single' | 'unlimited';
  /** false: the paper broker keeps no client order ids, like KIS and Kiwoom (IDEM-11/12). */
  clientOrderIds: boolean;
  checkEveryMs: number;
}

export const DEFAULT_SIM_OPTIONS: Omit<SimOptions, 'seed'> = {
  days: 1, dayMinutes: 390, ordersPerMinutePerUser: 0.3, faults: true, crashEveryMinutes: 20,
  disconnectEveryMinutes: 45, sessionMode: 'single', clientOrderIds: true, checkEveryMs: 30_000,
};

export interface SimResult {
  seed: number;
  violations: string[];
  liveness: string[];
  traceHash: string;
  stats: WorkloadStats & { crashes: number; disconnects: number; orders: number; fills: number; byState: Record<string, number>; faultsInjected: number; realMs: number };
}

/**
 * The faults injected during the stormy part of a day (calm phases turn them off), with the
 * buggify points (SIM-8) at a small probability: answers truncated or emptied, fills before acks.
 */
const STORM: PaperFaults = {
  rejectProbability: 0.03, timeoutBeforeAccept: 0.03, timeoutAfterAccept: 0.03, duplicateEvents: 0.1,
  reorderEvents: 0.1, crashDuringSwitch: 0.05, delayMs: { min: 0, max: 500 },
  truncateAnswer: 0.01, emptyAnswer: 0.01, fillBeforeAck: 0.05,
};

const MINUTE_MS = 60_000;
/** Monday 2026-11-23, 09:00 KST. */
const FIRST_OPEN_MS = Date.parse('2026-11-23T00:00:00Z');

/**
 * Runs core's admission, session scheduler, dispatcher and reconciliation against the paper broker
 * on a virtual clock: seeded, reproducible from the seed. Per day: a stormy trading session (faults,
 * core crashes at arbitrary awaits, bridge disconnects) with safety invariants checked every
 * `checkEveryMs`, then a calm phase to past midnight KST (no faults) after which every order must be
 * final and core must agree with the broker.
 */
export async function runSimulation(seed: number, overrides: Partial<SimOptions> = {}): Promise<SimResult> {
  const options: SimOptions = { ...DEFAULT_SIM_OPTIONS, ...overrides, seed };
  const startedRealMs = performance.now();
  const rng = new SimRandom(seed);
  const ids = rng.ids();
  const db = await openPglite();
  await migrate(db);
  const config = parseCoreConfig({ LOG_LEVEL: 'silent', BRIDGE_REQUEST_TIMEOUT_MS: '5000', ORDER_STALE_AFTER_MS: String(30 * MINUTE_MS) });
  const symbols = SymbolMaster.fromCsvFile();

  let core: SimCoreInstance | null = null;
  const clock = new SimClock(FIRST_OPEN_MS - MINUTE_MS, () => settle(() => core?.fencedDb.inFlight ?? 0));
  let brokerState: Parameters<PaperStateStore['save']>[0] | undefined;
  const paper = new PaperBroker({
    clock, rng: createSeededRng(seed), logger: pino({ level: 'silent' }), tickIntervalMs: 2_000, idPrefix: `s${seed}`,
    store: { persistent: true, load: () => undefined, save: (state) => { brokerState = state; } },
    sessions: options.sessionMode === 'single' ? { mode: 'single', slots: 1, switchCostMs: 3_000 } : { mode: 'unlimited' },
    clientOrderIds: options.clientOrderIds,
    faults: {},
  });
  await paper.start();
  const bridge = new SimBridge(paper, clock, config.BRIDGE_REQUEST_TIMEOUT_MS);
  const stats = { placed: 0, refused: {} as Record<string, number>, redelivered: 0, cancels: 0, crashes: 0, disconnects: 0 };

  const startCore = async () => {
    const instance = new SimCoreInstance(db, clock, ids, config, symbols, bridge);
    core = instance;
    await bridge.attach(instance);
    await instance.start().catch(() => undefined);
  };
  await startCore();
  await createUsers(core!.deps);

  const checker = new InvariantChecker((tier) => config.tierLimits[tier as 'free'].tradesPerDay);
  const violations: string[] = [];
  const check = async () => {
    if (violations.length < 20) violations.push(...await checker.check(db, brokerViewOf(brokerState)));
  };
  const stopChecks = clock.every(options.checkEveryMs, () => void check());

  for (let day = 0; day < options.days; day++) {
    const openMs = FIRST_OPEN_MS + day * 24 * 60 * MINUTE_MS;
    const closeMs = openMs + options.dayMinutes * MINUTE_MS;
    await clock.advanceTo(openMs);
    paper.setFaults(options.faults ? { ...STORM, seed: seed + day } : {});
    scheduleArrivals(clock, rng, openMs, closeMs, options, () => core, stats);
    scheduleTrouble(clock, rng, openMs, closeMs, options, {
      crash: () => {
        stats.crashes += 1;
        core?.fencedDb.armCrash(rng.int(1, 40));
        clock.at(clock.now() + 2_000, () => core?.crash());
        clock.at(clock.now() + 2_000 + rng.int(500, 5_000), () => void startCore());
      },
      disconnect: () => {
        stats.disconnects += 1;
        bridge.connected = false;
        clock.at(clock.now() + rng.int(5_000, 40_000), () => {
          bridge.connected = true;
          void bridge.attach(core!).then(() => core!.onBridgeReady()).catch(() => undefined);
        });
      },
    });
    await clock.advanceTo(closeMs);
    // Calm: no faults, no crashes; everything in flight settles.
    paper.setFaults({});
    await clock.advanceTo(closeMs + 10 * MINUTE_MS);
    if (core!.crashed) await startCore();
    await clock.advanceTo(closeMs + 20 * MINUTE_MS);
    // Overnight both stop; past midnight KST the broker expires every resting order (KRX orders do
    // not carry over), and core must learn it by reconciliation, account by account.
    await core!.stop();
    await paper.stop();
    await clock.advanceTo(openMs + 15 * 60 * MINUTE_MS);
    await paper.start();
    await startCore();
    await clock.advanceTo(openMs + 15 * 60 * MINUTE_MS + 15 * MINUTE_MS);
  }
  stopChecks();
  await check();
  const liveness = await checkLiveness(db, brokerViewOf(brokerState));
  const traceHash = await hashFinalState(db, brokerState);
  const counts = (await db.query<{ orders: number; fills: number }>(
    'select (select count(*)::int from orders) as orders, (select count(*)::int from fills) as fills'))[0]!;
  const byState = Object.fromEntries((await db.query<{ state: string; n: number }>(
    'select state, count(*)::int as n from orders group by state order by state')).map((r) => [r.state, r.n]));
  await core!.stop().catch(() => undefined);
  await paper.stop();
  await db.close();
  return {
    seed, violations, liveness, traceHash,
    stats: { ...stats, ...counts, byState, faultsInjected: paper.recentFaults.length, realMs: Math.round(performance.now() - startedRealMs) },
  };
}

function scheduleArrivals(
  clock: SimClock, rng: SimRandom, openMs: number, closeMs: number, options: SimOptions,
  currentCore: () => SimCoreInstance | null, stats: WorkloadStats,
): void {
  const meanGapMs = MINUTE_MS / options.ordersPerMinutePerUser;
  for (const user of SIM_USERS) {
    let atMs = openMs + rng.exponentialMs(meanGapMs);
    let actionNo = 0;
    while (atMs < closeMs) {
      const n = actionNo++;
      clock.at(atMs, () => {
        const core = currentCore();
        if (core && !core.crashed) void actOnce(core.deps, rng, user, n, stats).catch(() => undefined);
      });
      atMs += rng.exponentialMs(meanGapMs);
    }
  }
}

function scheduleTrouble(
  clock: SimClock, rng: SimRandom, openMs: number, closeMs: number, options: SimOptions,
  act: { crash: () => void; disconnect: () => void },
): void {
  const plan = (everyMinutes: number, fn: () => void) => {
    if (everyMinutes <= 0) return;
    for (let atMs = openMs + rng.exponentialMs(everyMinutes * MINUTE_MS); atMs < closeMs; atMs += rng.exponentialMs(everyMinutes * MINUTE_MS)) {
      clock.at(atMs, fn);
    }
  };
  plan(options.crashEveryMinutes, act.crash);
  plan(options.disconnectEveryMinutes, act.disconnect);
}

/** Lets every promise and database call in flight finish before virtual time moves. */
async function settle(inFlight: () => number): Promise<void> {
  let quietTurns = 0;
  while (quietTurns < 3) {
    await new Promise((resolve) => setImmediate(resolve));
    quietTurns = inFlight() === 0 ? quietTurns + 1 : 0;
  }
}

function brokerViewOf(state: Parameters<PaperStateStore['save']>[0] | undefined): BrokerView {
  const clientOrderIds = new Set<string>();
  let unattributed = 0;
  const positions = new Map<string, number>();
  for (const account of state?.accounts ?? []) {
    // An order the bridge cannot tie to core's id yet (no client order ids, answer lost) is core's to find.
    for (const order of account.orders) {
      if (order.attributed === false) unattributed += 1;
      else clientOrderIds.add(order.clientOrderId);
    }
    for (const p of account.positions) positions.set(`${account.accountRef}/${p.symbol}`, p.qtyShares);
  }
  return { clientOrderIds, unattributed, positions };
}

/** SIM-5: after the calm phase every order is final and core's positions equal the broker's. */
async function checkLiveness(db: SqlClient, broker: BrokerView): Promise<string[]> {
  const problems: string[] = [];
  const open = await db.query<{ state: string; n: number }>(
    `select state, count(*)::int as n from orders where state in ('queued', 'sending', 'unknown', 'accepted', 'partially_filled') group by state`);
  for (const o of open) problems.push(`${o.n} order(s) still ${o.state} after the calm phase`);
  // Nobody trades outside Tradedesk here: a broker order core did not place is a duplicate or a mix-up.
  if ((broker.unattributed ?? 0) > 0) problems.push(`${broker.unattributed} broker order(s) never tied to an order of core's`);
  const external = await db.query<{ n: number }>(`select count(*)::int as n from orders where source = 'external'`);
  if (external[0]!.n > 0) problems.push(`${external[0]!.n} broker order(s) adopted as placed outside Tradedesk`);
  const ours = await db.query<{ account_id: string; symbol: string; qty_shares: number }>('select account_id, symbol, qty_shares from positions where qty_shares > 0');
  const mine = new Map(ours.map((p) => [`${p.account_id}/${p.symbol}`, p.qty_shares]));
  for (const [key, qty] of broker.positions) if (mine.get(key) !== qty) problems.push(`position ${key}: broker ${qty}, core ${mine.get(key) ?? 0}`);
  for (const [key, qty] of mine) if (!broker.positions.has(key)) problems.push(`position ${key}: core ${qty}, broker 0`);
  return problems;
}

/** SIM-2: a digest of the final state, identical for identical seeds (SIM_DUMP=FILE writes the state itself, to diff two runs). */
async function hashFinalState(db: SqlClient, brokerState: unknown): Promise<string> {
  const orders = await db.query('select client_order_id, state, filled_qty_shares, avg_fill_price_krw from orders order by client_order_id');
  const fills = await db.query('select broker_fill_id, qty_shares, price_krw from fills order by broker_fill_id');
  const text = JSON.stringify({ orders, fills, brokerState });
  if (process.env['SIM_DUMP']) (await import('node:fs')).writeFileSync(process.env['SIM_DUMP'], text);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

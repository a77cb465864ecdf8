import type { QueuedWork, SchedulerAction, SchedulerInput, SchedulerPolicy, SessionSlot } from '../src/domain/session-scheduler.js';
import { exponentialGapMs, mulberry32, streamSeed } from './prng.js';

/**
 * A deterministic discrete-event simulator of one broker connection (virtual time in ms, no wall
 * clock, no Math.random). The connection has `slotCount` session slots (null: unlimited, REST), a
 * switch costs `switchCostMs` during which the slot sends nothing, and each send occupies its
 * session for 1000 / sessionOrdersPerSecond ms (reported as `inFlight` = 1, like an unanswered
 * submission). A policy function decides every step, so two policies can be compared on the
 * identical arrival sequence.
 */

export type UserTier = 'premium' | 'basic' | 'free';
export type OrderPriority = QueuedWork['priority'];

/** One user with one broker account; premium users' orders are VIP. */
export interface SimUser {
  accountId: string;
  tier: UserTier;
}

/** One order entering the queue at `atMs` (virtual ms since the open, 09:00 KST). */
export interface Arrival {
  orderId: string;
  accountId: string;
  tier: UserTier;
  priority: OrderPriority;
  atMs: number;
}

/** What the bridge declares for one broker connection. */
export interface ConnectionSpec {
  /** null: unlimited sessions, every account always in session. */
  slotCount: number | null;
  switchCostMs: number;
  sessionOrdersPerSecond: number;
  /** The connection-wide order rate, if the broker has one. */
  globalOrdersPerSecond: number | null;
}

/** Per-user Poisson arrivals over `durationMs`. */
export interface ArrivalSpec {
  users: readonly SimUser[];
  ordersPerMinutePerUser: number;
  durationMs: number;
  /** The share of orders that are urgent (cancels, protective exits). */
  urgentFraction: number;
  seed: number;
}

/** The decision function under test: the production `nextAction` or a baseline. */
export type SchedulingPolicy = (input: SchedulerInput) => SchedulerAction;

/** One simulated day of one connection. */
export interface SimSetup {
  connection: ConnectionSpec;
  /** Sorted by `atMs`; all before `closeMs`. */
  arrivals: readonly Arrival[];
  closeMs: number;
  schedulerPolicy: SchedulerPolicy;
}

/** One executed decision, seen before it takes effect (the queue still holds a sent order). */
export interface SimStep {
  nowMs: number;
  action: Exclude<SchedulerAction, { kind: 'wait' }>;
  queue: readonly QueuedWork[];
  slots: readonly SessionSlot[] | null;
}

/** What happened to one order: when it was queued and when (if) it was sent. */
export interface OrderOutcome {
  orderId: string;
  accountId: string;
  tier: UserTier;
  priority: OrderPriority;
  enqueuedAtMs: number;
  /** null: still queued at close (not completed). */
  sentAtMs: number | null;
}

/** One day's outcome under one policy. */
export interface SimResult {
  outcomes: OrderOutcome[];
  switches: number;
  sends: number;
  logouts: number;
  stillQueuedAtClose: number;
  /** How long the oldest order still queued at close had waited; 0 when none. */
  oldestWaitAtCloseMs: number;
}

/** Per-user Poisson arrivals at `ordersPerMinutePerUser`; premium users' orders are `vip`. */
export function generateArrivals(spec: ArrivalSpec): Arrival[] {
  const arrivals: Arrival[] = [];
  const ratePerMs = spec.ordersPerMinutePerUser / 60_000;
  spec.users.forEach((user, index) => {
    const random = mulberry32(streamSeed(spec.seed, index));
    let atMs = exponentialGapMs(random, ratePerMs);
    for (let n = 1; atMs < spec.durationMs; n++) {
      const urgent = random() < spec.urgentFraction;
      const priority: OrderPriority = urgent ? 'urgent' : user.tier === 'premium' ? 'vip' : 'normal';
      arrivals.push({ orderId: `${user.accountId}-${n}`, accountId: user.accountId, tier: user.tier, priority, atMs: Math.floor(atMs) });
      atMs += exponentialGapMs(random, ratePerMs);
    }
  });
  return arrivals.sort((a, b) => a.atMs - b.atMs || (a.orderId < b.orderId ? -1 : 1));
}

interface SlotState extends SessionSlot {
  readyAtMs: number;
  busyUntilMs: number;
}

interface SimState {
  setup: SimSetup;
  sendMs: number;
  globalGapMs: number;
  /** Kept in arrival order. */
  queue: QueuedWork[];
  nextArrival: number;
  slots: SlotState[] | null;
  /** Unlimited sessions: when each account's session may send again. */
  accountBusyUntilMs: Map<string, number>;
  globalFreeAtMs: number;
  outcomes: Map<string, OrderOutcome>;
  counts: { switches: number; sends: number; logouts: number };
}

/** Decisions at one instant before the simulator calls it a livelock. */
const ACTIONS_PER_INSTANT_MAX = 1_000;

/**
 * Runs one connection from 0 to `closeMs` under `policy`. Sends after close do not happen; orders
 * still queued then count as not completed. `onStep` sees every executed action (for invariants).
 * Throws when the policy asks for something the connection cannot do (a send for an account out of
 * session, a switch of a slot with a submission in flight): that is a scheduler bug, not a wait.
 */
export function simulate(setup: SimSetup, policy: SchedulingPolicy, onStep?: (step: SimStep) => void): SimResult {
  const state = createState(setup);
  let nowMs = 0;
  for (;;) {
    applyEventsUpTo(state, nowMs);
    decideAt(state, policy, nowMs, onStep);
    const nextMs = nextEventMs(state, nowMs);
    if (nextMs === null || nextMs >= setup.closeMs) break;
    nowMs = nextMs;
  }
  return finish(state);
}

function createState(setup: SimSetup): SimState {
  const { slotCount, sessionOrdersPerSecond, globalOrdersPerSecond } = setup.connection;
  const slots = slotCount === null ? null : Array.from({ length: slotCount }, (): SlotState => ({
    accountId: null, status: 'free', heldSinceMs: 0, lastActivityMs: 0, inFlight: 0, readyAtMs: 0, busyUntilMs: 0,
  }));
  const outcomes = new Map(setup.arrivals.map((a): [string, OrderOutcome] => [a.orderId, {
    orderId: a.orderId, accountId: a.accountId, tier: a.tier, priority: a.priority, enqueuedAtMs: a.atMs, sentAtMs: null,
  }]));
  return {
    setup, sendMs: 1000 / sessionOrdersPerSecond, globalGapMs: globalOrdersPerSecond ? 1000 / globalOrdersPerSecond : 0,
    queue: [], nextArrival: 0, slots, accountBusyUntilMs: new Map(), globalFreeAtMs: 0, outcomes,
    counts: { switches: 0, sends: 0, logouts: 0 },
  };
}

function applyEventsUpTo(state: SimState, nowMs: number): void {
  const { arrivals } = state.setup;
  while (state.nextArrival < arrivals.length && arrivals[state.nextArrival]!.atMs <= nowMs) {
    const a = arrivals[state.nextArrival++]!;
    state.queue.push({ orderId: a.orderId, accountId: a.accountId, priority: a.priority, enqueuedAtMs: a.atMs });
  }
  for (const slot of state.slots ?? []) {
    if (slot.status === 'switching' && slot.readyAtMs <= nowMs) {
      Object.assign(slot, { status: 'ready', heldSinceMs: slot.readyAtMs, lastActivityMs: slot.readyAtMs });
    }
    if (slot.inFlight > 0 && slot.busyUntilMs <= nowMs) Object.assign(slot, { inFlight: 0, lastActivityMs: slot.busyUntilMs });
  }
}

function decideAt(state: SimState, policy: SchedulingPolicy, nowMs: number, onStep?: (step: SimStep) => void): void {
  for (let i = 0; i < ACTIONS_PER_INSTANT_MAX; i++) {
    // Every slot busy: no send, switch or logout could be carried out, so asking the (pure) policy
    // would change nothing. Skipping keeps saturated runs (a queue of tens of thousands) fast.
    if (state.slots?.every((s) => s.status === 'switching' || s.inFlight > 0)) return;
    const queue = offeredQueue(state, nowMs);
    const slots = state.slots?.map(publicSlot) ?? null;
    const action = policy({ queue, slots, nowMs, policy: state.setup.schedulerPolicy });
    if (action.kind === 'wait' || !canExecute(state, action, nowMs)) return;
    onStep?.({ nowMs, action, queue: state.queue, slots });
    execute(state, action, nowMs);
  }
  throw new Error(`policy livelock: ${ACTIONS_PER_INSTANT_MAX} actions at ${nowMs} ms`);
}

/**
 * With unlimited sessions the scheduler has no rate state, so (like the dispatcher's rate limiter)
 * the simulator offers only orders whose account may send now; accounts then proceed in parallel.
 */
function offeredQueue(state: SimState, nowMs: number): readonly QueuedWork[] {
  if (state.slots !== null) return state.queue;
  return state.queue.filter((w) => (state.accountBusyUntilMs.get(w.accountId) ?? 0) <= nowMs);
}

function publicSlot(slot: SlotState): SessionSlot {
  return { accountId: slot.accountId, status: slot.status, heldSinceMs: slot.heldSinceMs, lastActivityMs: slot.lastActivityMs, inFlight: slot.inFlight };
}

/** False: the action must wait for the session's or the connection's rate (not a policy error). */
function canExecute(state: SimState, action: Exclude<SchedulerAction, { kind: 'wait' }>, nowMs: number): boolean {
  if (action.kind !== 'send') return true;
  if (state.globalFreeAtMs > nowMs) return false;
  if (state.slots === null) return true;
  const slot = state.slots.find((s) => s.status === 'ready' && s.accountId === action.work.accountId);
  if (!slot) throw new Error(`send for ${action.work.accountId}, which holds no ready session, at ${nowMs} ms`);
  return slot.inFlight === 0;
}

function execute(state: SimState, action: Exclude<SchedulerAction, { kind: 'wait' }>, nowMs: number): void {
  if (action.kind === 'send') return executeSend(state, action.work, nowMs);
  const slot = state.slots?.[action.slot];
  if (!slot) throw new Error(`${action.kind} of slot ${action.slot}, which does not exist`);
  if (slot.inFlight > 0 || slot.status === 'switching') throw new Error(`${action.kind} of busy slot ${action.slot} at ${nowMs} ms`);
  if (action.kind === 'logout') {
    Object.assign(slot, { accountId: null, status: 'free' });
    state.counts.logouts++;
    return;
  }
  if (slot.accountId !== action.evictAccountId) throw new Error(`switch evicts ${action.evictAccountId}, slot holds ${slot.accountId}`);
  if (state.slots!.some((s, i) => i !== action.slot && s.accountId === action.accountId)) {
    throw new Error(`switch to ${action.accountId}, already held by another slot, at ${nowMs} ms`);
  }
  Object.assign(slot, { accountId: action.accountId, status: 'switching', readyAtMs: nowMs + state.setup.connection.switchCostMs });
  state.counts.switches++;
}

function executeSend(state: SimState, work: QueuedWork, nowMs: number): void {
  const index = state.queue.findIndex((w) => w.orderId === work.orderId);
  if (index < 0) throw new Error(`send of ${work.orderId}, which is not queued`);
  state.queue.splice(index, 1);
  state.outcomes.get(work.orderId)!.sentAtMs = nowMs;
  state.counts.sends++;
  state.globalFreeAtMs = nowMs + state.globalGapMs;
  if (state.slots === null) {
    state.accountBusyUntilMs.set(work.accountId, nowMs + state.sendMs);
    return;
  }
  const slot = state.slots.find((s) => s.status === 'ready' && s.accountId === work.accountId)!;
  Object.assign(slot, { inFlight: 1, busyUntilMs: nowMs + state.sendMs });
}

/** The next instant anything can change: an arrival, a login done, a send answered, a rate or idle timer. */
function nextEventMs(state: SimState, nowMs: number): number | null {
  const times: number[] = [];
  const next = state.setup.arrivals[state.nextArrival];
  if (next) times.push(next.atMs);
  if (state.globalFreeAtMs > nowMs) times.push(state.globalFreeAtMs);
  for (const busyUntilMs of state.accountBusyUntilMs.values()) if (busyUntilMs > nowMs) times.push(busyUntilMs);
  for (const slot of state.slots ?? []) {
    if (slot.status === 'switching') times.push(slot.readyAtMs);
    else if (slot.inFlight > 0) times.push(slot.busyUntilMs);
    else if (slot.status === 'ready') times.push(slot.lastActivityMs + state.setup.schedulerPolicy.idleTimeoutMs);
  }
  const future = times.filter((t) => t > nowMs);
  return future.length === 0 ? null : Math.min(...future);
}

function finish(state: SimState): SimResult {
  const oldestMs = state.queue.reduce((min, w) => Math.min(min, w.enqueuedAtMs), Infinity);
  return {
    outcomes: [...state.outcomes.values()].filter((o) => o.enqueuedAtMs < state.setup.closeMs),
    ...state.counts,
    stillQueuedAtClose: state.queue.length,
    oldestWaitAtCloseMs: state.queue.length === 0 ? 0 : state.setup.closeMs - oldestMs,
  };
}

import type { OrderPriority } from '@tradedesk/contracts';

/**
 * Which order goes to the broker next, and when to switch broker sessions. Pure: the caller passes
 * the queue, the sessions and the time; the answer is one action. The dispatcher (production) and
 * the order benchmark (simulation) both drive this same function.
 *
 * Rules, in order of precedence:
 * 1. Urgent work (cancels, protective exits) first; if its account is out of session, switch now.
 * 2. A premium (VIP) order never waits behind a lower-tier order that arrived later: while a VIP
 *    order waits, a normal order may go only if it arrived before every waiting VIP order.
 * 3. Stay with an account that holds a session while that pays (no switch cost): a session first
 *    serves the batch of its orders that were waiting when it became ready. Switch when more
 *    important work waits elsewhere (VIP preempts normal; this may cut a batch short; but a normal
 *    order that arrived `agingMs` before the oldest waiting VIP order goes first), and after
 *    the batch when the oldest order elsewhere has waited `agingMs` (nobody starves) or the session
 *    has been held `rotationIntervalMs` while other accounts wait.
 * 4. With a free slot, log the next account in ahead of time (pre-load); log out sessions idle for
 *    `idleTimeoutMs`.
 * With unlimited slots (REST brokers) every account is in session: only the order rule applies.
 */
export interface QueuedWork {
  orderId: string;
  accountId: string;
  priority: OrderPriority;
  enqueuedAtMs: number;
}

export interface SessionSlot {
  /** The account holding (or logging into) the slot; null when free. */
  accountId: string | null;
  /** `switching`: a login is in progress and nothing can be sent on this slot yet. */
  status: 'free' | 'switching' | 'ready';
  /** When the session became ready: orders waiting by then are its batch. */
  heldSinceMs: number;
  lastActivityMs: number;
  /** Submissions sent on this slot and not yet answered: the session must not be switched away. */
  inFlight: number;
}

export interface SchedulerPolicy {
  agingMs: number;
  rotationIntervalMs: number;
  idleTimeoutMs: number;
}

export const DEFAULT_SCHEDULER_POLICY: SchedulerPolicy = { agingMs: 30_000, rotationIntervalMs: 30_000, idleTimeoutMs: 300_000 };

export type SchedulerAction =
  | { kind: 'send'; work: QueuedWork }
  /** Log `accountId` in on `slot`, logging out `evictAccountId` first when the slot is taken. */
  | { kind: 'switch'; slot: number; accountId: string; evictAccountId: string | null; reason: SwitchReason }
  | { kind: 'logout'; slot: number; accountId: string }
  | { kind: 'wait' };

export type SwitchReason = 'urgent' | 'vip_preempts' | 'aging' | 'rotation' | 'no_work_in_session' | 'preload';

export interface SchedulerInput {
  queue: readonly QueuedWork[];
  /** null: unlimited sessions (every account always in session). */
  slots: readonly SessionSlot[] | null;
  nowMs: number;
  policy: SchedulerPolicy;
}

const CLASS_RANK: Record<OrderPriority, number> = { urgent: 0, vip: 1, normal: 2 };

/** Most important first: class, then oldest. */
function moreImportant(a: QueuedWork, b: QueuedWork): number {
  return CLASS_RANK[a.priority] - CLASS_RANK[b.priority] || a.enqueuedAtMs - b.enqueuedAtMs || (a.orderId < b.orderId ? -1 : 1);
}

/** The orders that may be sent now without breaking the VIP rule (rule 2), most important first. */
export function eligibleWork(queue: readonly QueuedWork[]): QueuedWork[] {
  let oldestVipMs = Infinity;
  for (const w of queue) if (w.priority === 'vip' && w.enqueuedAtMs < oldestVipMs) oldestVipMs = w.enqueuedAtMs;
  return queue.filter((w) => w.priority !== 'normal' || w.enqueuedAtMs < oldestVipMs).sort(moreImportant);
}

/** Decides the next action. Call again after carrying it out (or when anything changes). */
export function nextAction(input: SchedulerInput): SchedulerAction {
  const eligible = eligibleWork(input.queue);
  if (input.slots === null) return eligible[0] ? { kind: 'send', work: eligible[0] } : { kind: 'wait' };
  const slots = input.slots;
  const head = eligible[0];
  if (!head) return idleLogout(slots, input.nowMs, input.policy) ?? { kind: 'wait' };

  const ready = new Set(slots.filter((s) => s.status === 'ready').map((s) => s.accountId));
  const holding = new Set(slots.filter((s) => s.status !== 'free').map((s) => s.accountId));
  const candidate = eligible.find((w) => ready.has(w.accountId));

  const preload = preloadAction(slots, eligible, holding);
  if (preload) return preload;
  if (!candidate) {
    // Nothing sendable in session: log in the account of the most important waiting order, unless an
    // order aged past it (else a steady stream of VIP orders starves normal work).
    const aged = agedPastHead(eligible.find((w) => w.priority === 'normal' && !holding.has(w.accountId)), head, input.policy);
    const target = aged ?? head;
    if (holding.has(target.accountId)) return { kind: 'wait' };
    return switchTo(slots, target.accountId, head.priority === 'urgent' ? 'urgent' : aged ? 'aging' : 'no_work_in_session') ?? { kind: 'wait' };
  }
  const reason = reasonToLeave(candidate, head, eligible, slots, holding, input);
  if (reason) {
    const action = switchTo(slots, reason.target.accountId, reason.why);
    // A session that cannot be switched away yet (submissions in flight) keeps serving meanwhile.
    if (action) return action;
  }
  return { kind: 'send', work: candidate };
}

function reasonToLeave(
  candidate: QueuedWork, head: QueuedWork, eligible: readonly QueuedWork[], slots: readonly SessionSlot[],
  holding: ReadonlySet<string | null>, input: SchedulerInput,
): { target: QueuedWork; why: SwitchReason } | null {
  if (holding.has(head.accountId)) return null; // the head's account is in (or entering) session
  if (head.priority === 'urgent') return { target: head, why: 'urgent' };
  if (CLASS_RANK[head.priority] < CLASS_RANK[candidate.priority] && !agedPastHead(candidate, head, input.policy)) return { target: head, why: 'vip_preempts' };
  const slot = slots.find((s) => s.status === 'ready' && s.accountId === candidate.accountId)!;
  // The batch this session was opened for goes first; switching after each order is what collapses throughput.
  if (candidate.enqueuedAtMs <= slot.heldSinceMs) return null;
  const oldestOutside = eligible.filter((w) => !holding.has(w.accountId)).sort((a, b) => a.enqueuedAtMs - b.enqueuedAtMs)[0];
  if (!oldestOutside) return null;
  if (input.nowMs - oldestOutside.enqueuedAtMs >= input.policy.agingMs) return { target: oldestOutside, why: 'aging' };
  if (input.nowMs - slot.heldSinceMs >= input.policy.rotationIntervalMs) return { target: head, why: 'rotation' };
  return null;
}

/**
 * Aging across classes: a normal order goes before a VIP order that arrived `agingMs` or more after
 * it, so VIP work outranks normal work by `agingMs` of waiting, not forever.
 */
function agedPastHead(w: QueuedWork | undefined, head: QueuedWork, policy: SchedulerPolicy): QueuedWork | undefined {
  return w && w.priority === 'normal' && head.priority === 'vip' && head.enqueuedAtMs - w.enqueuedAtMs >= policy.agingMs ? w : undefined;
}

/** With two or more slots, one free, and work for an account out of session: log it in while others trade. */
function preloadAction(slots: readonly SessionSlot[], eligible: readonly QueuedWork[], holding: ReadonlySet<string | null>): SchedulerAction | null {
  if (slots.length < 2) return null;
  const free = slots.findIndex((s) => s.status === 'free');
  const next = eligible.find((w) => !holding.has(w.accountId));
  if (free < 0 || !next) return null;
  return { kind: 'switch', slot: free, accountId: next.accountId, evictAccountId: null, reason: 'preload' };
}

/** Picks the slot to give to `accountId`: a free one, else the least recently used idle session. */
function switchTo(slots: readonly SessionSlot[], accountId: string, reason: SwitchReason): SchedulerAction | null {
  const free = slots.findIndex((s) => s.status === 'free');
  if (free >= 0) return { kind: 'switch', slot: free, accountId, evictAccountId: null, reason };
  let best = -1;
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i]!;
    if (s.status !== 'ready' || s.inFlight > 0) continue;
    if (best < 0 || s.lastActivityMs < slots[best]!.lastActivityMs) best = i;
  }
  if (best < 0) return null;
  return { kind: 'switch', slot: best, accountId, evictAccountId: slots[best]!.accountId, reason };
}

function idleLogout(slots: readonly SessionSlot[], nowMs: number, policy: SchedulerPolicy): SchedulerAction | null {
  const i = slots.findIndex((s) => s.status === 'ready' && s.inFlight === 0 && nowMs - s.lastActivityMs >= policy.idleTimeoutMs);
  return i < 0 ? null : { kind: 'logout', slot: i, accountId: slots[i]!.accountId! };
}

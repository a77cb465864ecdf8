import { nextAction, type QueuedWork, type SchedulerAction, type SchedulerInput } from '../src/domain/session-scheduler.js';
import type { SchedulingPolicy } from './session-sim.js';

/** Ours: the production scheduler, unchanged. */
export const oursPolicy: SchedulingPolicy = (input) => nextAction(input);

/**
 * The original design: one FIFO queue with VIP first, and a full session switch (log out, log in)
 * before every order, even when the account is already in session. One login at a time. Stateful
 * (it remembers which order it logged in for), so make a fresh one per run.
 */
export function createOriginalPolicy(): SchedulingPolicy {
  let loggedInForOrderId: string | null = null;
  return (input: SchedulerInput): SchedulerAction => {
    const head = fifoVipFirstHead(input.queue);
    if (!head) return { kind: 'wait' };
    const slots = input.slots;
    if (slots === null) return { kind: 'send', work: head };
    if (slots.some((s) => s.status === 'switching')) return { kind: 'wait' };
    const inSession = slots.some((s) => s.status === 'ready' && s.accountId === head.accountId);
    if (inSession && loggedInForOrderId === head.orderId) {
      loggedInForOrderId = null;
      return { kind: 'send', work: head };
    }
    const target = pickSlot(slots, head.accountId);
    if (target < 0) return { kind: 'wait' };
    loggedInForOrderId = head.orderId;
    return { kind: 'switch', slot: target, accountId: head.accountId, evictAccountId: slots[target]!.accountId, reason: 'no_work_in_session' };
  };
}

/**
 * Urgent, then VIP, then normal; oldest first within each. Relies on the simulator keeping the queue
 * in arrival order (the first of a class is its oldest): one tight pass, as the queue of a saturated
 * run grows to tens of thousands.
 */
function fifoVipFirstHead(queue: readonly QueuedWork[]): QueuedWork | undefined {
  let vip: QueuedWork | undefined;
  let normal: QueuedWork | undefined;
  for (let i = 0; i < queue.length; i++) {
    const w = queue[i]!;
    if (w.priority === 'normal') normal ??= w;
    else if (w.priority === 'urgent') return w;
    else vip ??= w;
  }
  return vip ?? normal;
}

/** The slot already holding the account (re-login), else a free one, else the first idle one. */
function pickSlot(slots: NonNullable<SchedulerInput['slots']>, accountId: string): number {
  const own = slots.findIndex((s) => s.accountId === accountId);
  if (own >= 0) return slots[own]!.inFlight === 0 ? own : -1;
  const free = slots.findIndex((s) => s.status === 'free');
  if (free >= 0) return free;
  return slots.findIndex((s) => s.status === 'ready' && s.inFlight === 0);
}

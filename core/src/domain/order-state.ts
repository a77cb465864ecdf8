import { FINAL_ORDER_STATES, type OrderState } from '@tradedesk/contracts';

/**
 * The order state machine. Transitions only move forward; final states absorb everything
 * (a late "accepted" after "filled" changes nothing), so events applied out of order or twice are harmless.
 */
const NEXT: Readonly<Record<OrderState, readonly OrderState[]>> = {
  queued: ['sending', 'cancelled', 'expired', 'rejected'],
  sending: ['queued', 'accepted', 'partially_filled', 'filled', 'rejected', 'unknown', 'cancelled'],
  unknown: ['queued', 'accepted', 'partially_filled', 'filled', 'rejected', 'cancelled', 'lost', 'expired'],
  accepted: ['partially_filled', 'filled', 'cancelled', 'expired', 'lost', 'unknown'],
  partially_filled: ['filled', 'cancelled', 'expired', 'lost'],
  filled: [],
  cancelled: [],
  rejected: [],
  lost: ['partially_filled', 'filled', 'cancelled', 'expired'],
  expired: [],
};

export function canTransition(from: OrderState, to: OrderState): boolean {
  return NEXT[from].includes(to);
}

export function isFinal(state: OrderState): boolean {
  return FINAL_ORDER_STATES.includes(state) && state !== 'lost';
}

/** Orders that may still produce broker activity and must be reconciled after a restart or reconnect. */
export const IN_FLIGHT_STATES: readonly OrderState[] = ['sending', 'unknown', 'accepted', 'partially_filled'];

/**
 * Orders a person may still cancel. A `sending` or `unknown` order has no broker id yet: its cancel
 * is recorded and carried out once its fate is known (RECON-9), never reported done before that.
 */
export const CANCELLABLE_STATES: readonly OrderState[] = ['queued', 'sending', 'unknown', 'accepted', 'partially_filled'];

/** Whether `to` can follow `from` through any number of allowed transitions (for checks between snapshots). */
export function canReach(from: OrderState, to: OrderState): boolean {
  const seen = new Set<OrderState>([from]);
  const frontier: OrderState[] = [from];
  while (frontier.length > 0) {
    for (const next of NEXT[frontier.pop()!]) {
      if (next === to) return true;
      if (!seen.has(next)) {
        seen.add(next);
        frontier.push(next);
      }
    }
  }
  return false;
}

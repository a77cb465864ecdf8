import { BROKER_REASONS, retryable } from '../broker-gateway.js';
import {
  PAPER_CALLS_PER_MINUTE_MAX_DEFAULT,
  PAPER_ORDERS_PER_SECOND_MAX_DEFAULT,
  PAPER_SINGLE_CALLS_PER_MINUTE_MAX_DEFAULT,
  PAPER_SINGLE_ORDERS_PER_SECOND_MAX_DEFAULT,
} from './paper-constants.js';
import type { PaperSessionMode } from './paper-sessions.js';

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;

/** The limits the paper broker declares in its capabilities and enforces. */
export interface PaperRateLimitOptions {
  /** Orders and cancels per second, per account (per session). */
  ordersPerSecondMax: number;
  /** Broker calls (place, cancel, query, balance, quote) per minute, over all accounts. */
  callsPerMinuteMax: number;
}

/** The limits for a session mode: the given ones, else 100/s and 6,000/min (`unlimited`) or 5/s and 600/min (`single`). */
export function paperRateLimitOptions(mode: PaperSessionMode, given: Partial<PaperRateLimitOptions>): PaperRateLimitOptions {
  const single = mode === 'single';
  return {
    ordersPerSecondMax: given.ordersPerSecondMax ?? (single ? PAPER_SINGLE_ORDERS_PER_SECOND_MAX_DEFAULT : PAPER_ORDERS_PER_SECOND_MAX_DEFAULT),
    callsPerMinuteMax: given.callsPerMinuteMax ?? (single ? PAPER_SINGLE_CALLS_PER_MINUTE_MAX_DEFAULT : PAPER_CALLS_PER_MINUTE_MAX_DEFAULT),
  };
}

/**
 * Sliding-window limits on the injected clock: a call is admitted if fewer than the maximum were
 * admitted in the window before it (calls refused are not counted). Memory is bounded: at most
 * `callsPerMinuteMax` timestamps, plus `ordersPerSecondMax` per account that ordered in the last second.
 */
export class PaperRateLimits {
  private readonly calls: number[] = [];
  private readonly ordersByAccount = new Map<string, number[]>();

  constructor(private readonly limits: PaperRateLimitOptions) {}

  /**
   * Admits one call (an order or cancel if `orderAccountRef` is given) at `nowMs`, or throws
   * RETRYABLE BUSY without counting it.
   */
  admit(nowMs: number, orderAccountRef?: string): void {
    prune(this.calls, nowMs - MINUTE_MS);
    if (this.calls.length >= this.limits.callsPerMinuteMax) {
      throw retryable(BROKER_REASONS.BUSY, `more than ${this.limits.callsPerMinuteMax} calls per minute`);
    }
    if (orderAccountRef !== undefined) {
      this.pruneOrders(nowMs);
      const orders = this.ordersByAccount.get(orderAccountRef) ?? [];
      if (orders.length >= this.limits.ordersPerSecondMax) {
        throw retryable(BROKER_REASONS.BUSY, `more than ${this.limits.ordersPerSecondMax} orders per second`);
      }
      orders.push(nowMs);
      this.ordersByAccount.set(orderAccountRef, orders);
    }
    this.calls.push(nowMs);
  }

  private pruneOrders(nowMs: number): void {
    for (const [accountRef, orders] of this.ordersByAccount) {
      prune(orders, nowMs - SECOND_MS);
      if (orders.length === 0) this.ordersByAccount.delete(accountRef);
    }
  }
}

/** Drops timestamps at or before `cutoffMs` from the front (the array is in time order). */
function prune(timestampsMs: number[], cutoffMs: number): void {
  let drop = 0;
  while (drop < timestampsMs.length && timestampsMs[drop]! <= cutoffMs) drop += 1;
  if (drop > 0) timestampsMs.splice(0, drop);
}

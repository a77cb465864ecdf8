import { sleep, type Clock } from '../../clock.js';
import type { PaperOrder } from './paper-state-store.js';

/** `fillBeforeAck` waits at most this long for the order's first fill, then answers anyway. */
export const PAPER_FILL_BEFORE_ACK_WAIT_MS_MAX = 1_500;
/** After the fill, the answer waits this long more, so core has applied the fill when it arrives. */
export const PAPER_FILL_BEFORE_ACK_LAG_MS = 1_000;

/**
 * Buggify `fillBeforeAck` (SIM-8, tests and simulation only): holds a place_order answer until the
 * order has a fill, whose events go to core as soon as it happens (at placement for an order that
 * trades at once, else on a later tick), then a little longer. Core thus sees the fill while its
 * order is still `sending`, and the answer arrives after. An order that does not fill within the
 * bound is answered then: a late answer, nothing more. Polls every `pollMs` (fills happen on ticks).
 * @example await holdUntilFilled(clock, 1_000, () => account.orders.get(clientOrderId));
 */
export async function holdUntilFilled(clock: Clock, pollMs: number, order: () => PaperOrder | undefined): Promise<void> {
  const deadlineMs = clock.now() + PAPER_FILL_BEFORE_ACK_WAIT_MS_MAX;
  const filled = () => (order()?.filledQtyShares ?? 0) > 0;
  while (!filled() && clock.now() < deadlineMs) await sleep(clock, Math.min(pollMs, deadlineMs - clock.now()));
  if (filled()) await sleep(clock, PAPER_FILL_BEFORE_ACK_LAG_MS);
}

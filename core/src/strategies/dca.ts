import { DCA_MINUTE_MAX, DCA_MINUTE_MIN, type DcaParams, type StrategySize } from '@tradedesk/contracts';
import { z } from 'zod';
import { noAction, type Decision, type DecisionInput } from './decision.js';
import { sharesFor } from './sizing.js';

/** The schedule slot last bought in (`2026-11-23` daily, `2026-11-23#4` for the 5th N-minute slot). */
export const dcaStateSchema = z.object({ lastSlot: z.string().nullable() });
export type DcaState = z.infer<typeof dcaStateSchema>;
export const DCA_INITIAL: DcaState = { lastSlot: null };

const KST_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;

/** KST date, minute of the day and weekday (0 = Sunday) by arithmetic: KST has no daylight saving. */
export function kstCalendarOf(epochMs: number): { date: string; minuteOfDay: number; weekday: number } {
  const local = epochMs + KST_OFFSET_MS;
  const dayIndex = Math.floor(local / DAY_MS);
  return {
    date: new Date(dayIndex * DAY_MS).toISOString().slice(0, 10),
    minuteOfDay: Math.floor((local - dayIndex * DAY_MS) / 60_000),
    // 1970-01-01 was a Thursday.
    weekday: (((dayIndex + 4) % 7) + 7) % 7,
  };
}

/**
 * The schedule slot a quote at `atMs` falls in, or null outside the continuous session
 * (weekdays 09:00–15:20 KST). Exchange holidays have no quotes, so nothing is bought on them.
 */
export function dcaSlotOf(params: DcaParams, atMs: number): string | null {
  const { date, minuteOfDay, weekday } = kstCalendarOf(atMs);
  if (weekday === 0 || weekday === 6 || minuteOfDay < DCA_MINUTE_MIN || minuteOfDay >= DCA_MINUTE_MAX) return null;
  const schedule = params.schedule;
  if (schedule.every === 'day') return minuteOfDay >= schedule.atMinuteKst ? date : null;
  return `${date}#${Math.floor((minuteOfDay - DCA_MINUTE_MIN) / schedule.minutes)}`;
}

/** Buys floor(amount / price) shares at the first quote of each schedule slot. */
export function decideDca(params: DcaParams, size: StrategySize, state: DcaState, input: DecisionInput): Decision<DcaState> {
  const slot = dcaSlotOf(params, input.atMs);
  if (slot === null || slot === state.lastSlot) return noAction(state);
  const qtyShares = sharesFor(size, 'buy', input.priceKrw, input.heldShares);
  // The amount buys no share at this price: keep the slot open, a later quote may be lower.
  if (qtyShares === 0) return noAction(state);
  const schedule = params.schedule;
  return {
    state: { lastSlot: slot },
    order: { side: 'buy', qtyShares, urgent: false },
    reason: schedule.every === 'day'
      ? { code: 'dca_daily', params: { atMinuteKst: schedule.atMinuteKst, amountKrw: 'amountKrw' in size ? size.amountKrw : 0, priceKrw: input.priceKrw } }
      : { code: 'dca_interval', params: { minutes: schedule.minutes, amountKrw: 'amountKrw' in size ? size.amountKrw : 0, priceKrw: input.priceKrw } },
  };
}

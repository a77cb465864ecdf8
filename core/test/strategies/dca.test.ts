import { describe, expect, it } from 'vitest';
import { dcaSlotOf, decideDca, DCA_INITIAL, kstCalendarOf, type DcaState } from '../../src/strategies/dca.js';

/** An instant given in KST wall-clock time. */
const kst = (iso: string) => Date.parse(`${iso}+09:00`);
const daily = { schedule: { every: 'day' as const, atMinuteKst: 9 * 60 + 30 } };
const every30 = { schedule: { every: 'minutes' as const, minutes: 30 } };
const amount = { amountKrw: 100_000 };

function run(params: typeof daily | typeof every30, quotes: Array<[string, number]>): string[] {
  let state: DcaState = DCA_INITIAL;
  return quotes.map(([at, priceKrw]) => {
    const d = decideDca(params, amount, state, { priceKrw, atMs: kst(at), heldShares: 0 });
    state = d.state;
    return d.order ? `buy:${d.order.qtyShares}` : '-';
  });
}

describe('DCA decisions', () => {
  it('reads KST calendar fields whatever the host zone', () => {
    expect(kstCalendarOf(kst('2026-11-23T09:30:00'))).toEqual({ date: '2026-11-23', minuteOfDay: 570, weekday: 1 });
    expect(kstCalendarOf(kst('2026-11-22T23:59:00')).weekday).toBe(0);
  });

  it('buys floor(amount / price) once a day at the first quote at or after the time', () => {
    expect(run(daily, [
      ['2026-11-23T09:29:59', 30_000], ['2026-11-23T09:31:00', 30_000], ['2026-11-23T14:00:00', 25_000],
      ['2026-11-24T09:30:00', 33_000],
    ])).toEqual(['-', 'buy:3', '-', 'buy:3']);
  });

  it('never buys on a weekend or outside the continuous session', () => {
    expect(run(daily, [['2026-11-21T10:00:00', 30_000], ['2026-11-23T15:20:00', 30_000], ['2026-11-23T08:59:00', 30_000]])).toEqual(['-', '-', '-']);
  });

  it('buys every N minutes of the session, once per slot', () => {
    expect(run(every30, [
      ['2026-11-23T09:00:10', 50_000], ['2026-11-23T09:29:00', 50_000], ['2026-11-23T09:30:00', 50_000], ['2026-11-23T10:10:00', 50_000],
    ])).toEqual(['buy:2', '-', 'buy:2', 'buy:2']);
    expect(dcaSlotOf(every30, kst('2026-11-23T10:10:00'))).toBe('2026-11-23#2');
  });

  it('keeps the slot open when the amount buys no share at this price', () => {
    expect(run(daily, [['2026-11-23T09:30:00', 150_000], ['2026-11-23T09:31:00', 90_000]])).toEqual(['-', 'buy:1']);
  });

  it('gives the schedule and the amount as the reason', () => {
    const d = decideDca(daily, amount, DCA_INITIAL, { priceKrw: 30_000, atMs: kst('2026-11-23T09:30:00'), heldShares: 0 });
    expect(d.reason).toEqual({ code: 'dca_daily', params: { atMinuteKst: 570, amountKrw: 100_000, priceKrw: 30_000 } });
  });
});

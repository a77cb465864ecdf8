import { describe, expect, it } from 'vitest';
import { decideMaCross, MA_CROSS_INITIAL, type MaCrossState } from '../../src/strategies/ma-cross.js';

const params = { shortPeriod: 2, longPeriod: 4 };

function run(closes: number[], held = 0, state: MaCrossState = MA_CROSS_INITIAL): { actions: string[]; state: MaCrossState } {
  const actions = closes.map((priceKrw, i) => {
    const d = decideMaCross(params, { qtyShares: 5 }, state, { priceKrw, atMs: (i + 1) * 60_000, heldShares: held });
    state = d.state;
    return d.order ? `${d.order.side}:${d.order.qtyShares}` : '-';
  });
  return { actions, state };
}

describe('moving-average cross decisions', () => {
  it('waits until the long average exists and does not act on the first relation', () => {
    // short(2) above long(4) from the 4th bar on: no cross seen yet, so no action.
    expect(run([100, 101, 102, 103]).actions).toEqual(['-', '-', '-', '-']);
  });

  it('buys on a golden cross and sells what is held on a dead cross', () => {
    // 4th bar: short 100 < long 102.5 (below); 5th: short 105 > long 103.75 → golden; 6th… falls → dead.
    expect(run([105, 105, 100, 100, 110, 90, 80], 3).actions).toEqual(['-', '-', '-', '-', 'buy:5', '-', 'sell:3']);
  });

  it('does not sell on a dead cross when nothing is held', () => {
    expect(run([105, 105, 100, 100, 110, 90, 80], 0).actions).toEqual(['-', '-', '-', '-', 'buy:5', '-', '-']);
  });

  it('treats equal averages as no cross', () => {
    // flat prices: short == long, relation stays unknown, nothing happens.
    expect(run([100, 100, 100, 100, 100]).actions).toEqual(['-', '-', '-', '-', '-']);
  });

  it('ignores a duplicate or late bar', () => {
    const { state } = run([105, 105, 100, 100]);
    const late = decideMaCross(params, { qtyShares: 5 }, state, { priceKrw: 200, atMs: 4 * 60_000, heldShares: 0 });
    expect(late.state).toBe(state);
    expect(late.order).toBeNull();
  });

  it('names the periods and the averages in the reason', () => {
    const { state } = run([105, 105, 100, 100]);
    const d = decideMaCross(params, { qtyShares: 5 }, state, { priceKrw: 110, atMs: 5 * 60_000, heldShares: 0 });
    expect(d.reason).toEqual({ code: 'ma_golden_cross', params: { shortPeriod: 2, longPeriod: 4, priceKrw: 110, shortMaKrw: 105, longMaKrw: 104 } });
  });
});

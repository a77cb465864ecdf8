import { describe, expect, it } from 'vitest';
import { decideRsi, RSI_INITIAL, rsiOf, type RsiState } from '../../src/strategies/rsi.js';

const params = { period: 3, buyBelow: 30, sellAbove: 70 };

function run(closes: number[], held = 0): { actions: string[]; state: RsiState } {
  let state = RSI_INITIAL;
  const actions = closes.map((priceKrw, i) => {
    const d = decideRsi(params, { qtyShares: 2 }, state, { priceKrw, atMs: (i + 1) * 60_000, heldShares: held });
    state = d.state;
    return d.order ? `${d.order.side}:${d.order.qtyShares}` : '-';
  });
  return { actions, state };
}

describe('RSI decisions', () => {
  it('computes Wilder RSI: seeded by the mean of the first changes, then smoothed', () => {
    // changes +2, +2, -2 → avgGain 4/3, avgLoss 2/3 → RSI 66.67; then +0: gain (4/3·2)/3, loss (2/3·2)/3 → same ratio.
    const { state } = run([100, 102, 104, 102]);
    expect(state.avgGain).toBeCloseTo(4 / 3);
    expect(state.avgLoss).toBeCloseTo(2 / 3);
    expect(rsiOf(state.avgGain, state.avgLoss)).toBeCloseTo(66.667, 2);
    expect(state.zone).toBe('mid');
  });

  it('buys on entering the oversold zone once, not on staying in it', () => {
    // 66.7 (mid) at the 4th close, then falls: 26.7, 14.0, 8.8, 5.7 — all below 30, one buy.
    expect(run([100, 102, 100, 102, 96, 90, 85, 80]).actions).toEqual(['-', '-', '-', '-', 'buy:2', '-', '-', '-']);
  });

  it('sells what is held on entering the overbought zone, and not when nothing is held', () => {
    // 33.3 (mid), then 73.3, 86.0, 91.2 — above 70 from the 5th close.
    const closes = [100, 98, 100, 98, 104, 110, 115];
    expect(run(closes, 1).actions).toEqual(['-', '-', '-', '-', 'sell:1', '-', '-']);
    expect(run(closes, 0).actions).toEqual(['-', '-', '-', '-', '-', '-', '-']);
  });

  it('does not act on the first value even when it is already in a zone', () => {
    expect(run([100, 90, 80, 70]).actions).toEqual(['-', '-', '-', '-']);
  });

  it('reports RSI ×100 and the threshold', () => {
    let state = RSI_INITIAL;
    let last = null as ReturnType<typeof decideRsi> | null;
    for (const [i, priceKrw] of [100, 102, 100, 102, 96].entries()) {
      last = decideRsi(params, { qtyShares: 2 }, state, { priceKrw, atMs: (i + 1) * 60_000, heldShares: 0 });
      state = last.state;
    }
    expect(last!.reason).toMatchObject({ code: 'rsi_oversold', params: { period: 3, thresholdPct: 30, priceKrw: 96, rsiX100: 2_667 } });
  });
});

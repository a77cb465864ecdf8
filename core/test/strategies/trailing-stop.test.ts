import { describe, expect, it } from 'vitest';
import { decideTrailingStop, stopLevelKrw, TRAILING_STOP_INITIAL, type TrailingStopState } from '../../src/strategies/trailing-stop.js';

const params = { trailBps: 500 }; // 5%

function run(prices: number[], held: number[] | number, size = { qtyShares: 100 }): { actions: string[]; state: TrailingStopState } {
  let state = TRAILING_STOP_INITIAL;
  const actions = prices.map((priceKrw, i) => {
    const d = decideTrailingStop(params, size, state, { priceKrw, atMs: i, heldShares: Array.isArray(held) ? held[i]! : held });
    state = d.state;
    return d.order ? `${d.order.side}:${d.order.qtyShares}${d.order.urgent ? ':urgent' : ''}` : '-';
  });
  return { actions, state };
}

describe('trailing stop decisions', () => {
  it('computes the stop 5% below the high, rounded down', () => {
    expect(stopLevelKrw(70_000, 500)).toBe(66_500);
    expect(stopLevelKrw(70_001, 500)).toBe(66_500);
  });

  it('follows the high and sells the held shares, urgently, when the price falls to the stop', () => {
    expect(run([70_000, 72_000, 68_500, 68_400], 30).actions).toEqual(['-', '-', '-', 'sell:30:urgent']);
  });

  it('fires once while the exit is pending, and re-arms from the current price when the position is gone', () => {
    const { actions, state } = run([70_000, 66_000, 65_000, 64_000, 65_000], [10, 10, 10, 0, 0]);
    expect(actions).toEqual(['-', 'sell:10:urgent', '-', '-', '-']);
    expect(state).toEqual({ highKrw: 65_000, fired: false });
  });

  it('tracks the high but never sells when nothing is held', () => {
    const { actions, state } = run([70_000, 60_000], 0);
    expect(actions).toEqual(['-', '-']);
    expect(state.highKrw).toBe(70_000);
  });

  it('names the high, the stop and the trail in the reason', () => {
    const d = decideTrailingStop(params, { qtyShares: 1 }, { highKrw: 80_000, fired: false }, { priceKrw: 75_900, atMs: 0, heldShares: 1 });
    expect(d.reason).toEqual({ code: 'trailing_stop', params: { highKrw: 80_000, stopKrw: 76_000, priceKrw: 75_900, trailBps: 500 } });
  });
});

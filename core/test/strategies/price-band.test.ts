import { describe, expect, it } from 'vitest';
import { decidePriceBand, PRICE_BAND_INITIAL, type PriceBandState } from '../../src/strategies/price-band.js';

const params = { buyAtOrBelowKrw: 68_000, sellAtOrAboveKrw: 75_000 };
const tenShares = { qtyShares: 10 };

/** Runs prices through the band, carrying state, and returns each step's order (side:qty) or '-'. */
function run(prices: number[], held: number[] | number = 0, size: Parameters<typeof decidePriceBand>[1] = tenShares, start: PriceBandState = PRICE_BAND_INITIAL): string[] {
  let state = start;
  return prices.map((priceKrw, i) => {
    const d = decidePriceBand(params, size, state, { priceKrw, atMs: i, heldShares: Array.isArray(held) ? held[i]! : held });
    state = d.state;
    return d.order ? `${d.order.side}:${d.order.qtyShares}` : '-';
  });
}

describe('price band decisions', () => {
  it.each([
    ['buys at the low level, not above it', [68_100, 68_000], 0, ['-', 'buy:10']],
    ['buys below the low level', [67_000], 0, ['buy:10']],
    ['acts once while the price hovers at the level', [68_000, 67_900, 68_000, 67_500], 0, ['buy:10', '-', '-', '-']],
    ['sells at the high level after buying, then can buy again', [68_000, 74_900, 75_000, 68_000], [0, 10, 10, 0], ['buy:10', '-', 'sell:10', 'buy:10']],
    ['starts by waiting to sell when shares are already held', [76_000], 10, ['sell:10']],
    ['sells no more than is held', [75_500], 4, ['sell:4']],
  ])('%s', (_what, prices, held, expected) => {
    expect(run(prices, held)).toEqual(expected);
  });

  it('re-arms the buy without selling when nothing is held at the high level', () => {
    expect(run([68_000, 75_000, 68_000], [0, 0, 0])).toEqual(['buy:10', '-', 'buy:10']);
  });

  it('sizes a KRW amount as floor(amount / price) and skips an amount below one share', () => {
    expect(run([67_000], 0, { amountKrw: 500_000 })).toEqual(['buy:7']);
    expect(run([67_000], 0, { amountKrw: 60_000 })).toEqual(['-']);
  });

  it('gives the reason with the price and the level', () => {
    const d = decidePriceBand(params, tenShares, PRICE_BAND_INITIAL, { priceKrw: 67_900, atMs: 0, heldShares: 0 });
    expect(d.reason).toEqual({ code: 'band_buy', params: { priceKrw: 67_900, levelKrw: 68_000 } });
    expect(d.order?.urgent).toBe(false);
  });

  it('returns the same state object when nothing changed, so nothing is written', () => {
    const state: PriceBandState = { waitingFor: 'buy' };
    expect(decidePriceBand(params, tenShares, state, { priceKrw: 70_000, atMs: 0, heldShares: 0 }).state).toBe(state);
  });
});

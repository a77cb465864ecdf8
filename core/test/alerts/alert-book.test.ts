import type { Quote } from '@tradedesk/contracts';
import { describe, expect, it } from 'vitest';
import { AlertBook, type AlertFire, type BookAlert } from '../../src/alerts/alert-book.js';
import { percentThresholdKrw } from '../../src/alerts/alert-rules.js';

const SYMBOL = '005930';
const T0 = Date.UTC(2026, 0, 5, 0, 0); // 09:00 KST

function quote(lastKrw: number, at: number, extra: Partial<Quote> = {}): Quote {
  return {
    symbol: SYMBOL, lastKrw, prevCloseKrw: 70_000, openKrw: 70_000, highKrw: Math.max(lastKrw, 70_000), lowKrw: Math.min(lastKrw, 70_000),
    volumeShares: 1, upperLimitKrw: 91_000, lowerLimitKrw: 49_000, at, ...extra,
  };
}

function alert(id: string, direction: 'above' | 'below', priceKrw: number | null, extra: Partial<BookAlert> = {}): BookAlert {
  return { id, userId: 'u', symbol: SYMBOL, direction, priceKrw, percentBp: null, repeat: false, cooldownMs: 0, lastTriggeredAtMs: null, ...extra };
}

function recordingBook() {
  const fires: AlertFire[] = [];
  const book = new AlertBook((fire) => fires.push({ ...fire, alert: { ...fire.alert } }));
  /** Feeds prices one second apart; returns the ids fired per tick. */
  const feed = (prices: readonly number[], startAt = T0) => prices.map((price, i) => {
    const before = fires.length;
    book.onQuote(quote(price, startAt + i * 1000));
    return fires.slice(before).map((f) => f.alert.id);
  });
  return { book, fires, feed };
}

describe('AlertBook crossing rules (ALERT-1)', () => {
  it.each([
    { name: 'above fires when the price rises to the level exactly', direction: 'above', level: 75_000, prices: [74_900, 75_000], fired: [1] },
    { name: 'above fires when the price jumps over the level', direction: 'above', level: 75_000, prices: [74_000, 76_000], fired: [1] },
    { name: 'above does not fire while the price stays below', direction: 'above', level: 75_000, prices: [74_000, 74_999, 74_500], fired: [] },
    { name: 'above does not fire on a fall through the level', direction: 'above', level: 75_000, prices: [76_000, 74_000], fired: [] },
    { name: 'above does not fire on the first price even beyond the level', direction: 'above', level: 75_000, prices: [76_000, 77_000], fired: [] },
    { name: 'above armed beyond the level fires after the price went back and crossed', direction: 'above', level: 75_000, prices: [76_000, 74_000, 75_500], fired: [2] },
    { name: 'above does not fire again within the same side (one-shot)', direction: 'above', level: 75_000, prices: [74_000, 75_000, 75_100, 74_000, 76_000], fired: [1] },
    { name: 'below fires when the price falls to the level exactly', direction: 'below', level: 65_000, prices: [65_100, 65_000], fired: [1] },
    { name: 'below fires when the price gaps under the level', direction: 'below', level: 65_000, prices: [66_000, 60_000], fired: [1] },
    { name: 'below does not fire on a rise through the level', direction: 'below', level: 65_000, prices: [64_000, 66_000], fired: [] },
    { name: 'below does not fire while the price stays above', direction: 'below', level: 65_000, prices: [66_000, 65_001], fired: [] },
  ] as const)('$name', ({ direction, level, prices, fired }) => {
    const { book, feed } = recordingBook();
    book.add(alert('a', direction, level));
    const perTick = feed(prices);
    expect(perTick.flatMap((ids, i) => (ids.length > 0 ? [i] : []))).toEqual(fired);
  });

  it('fires every alert whose level the move spans, in one tick, and none outside it', () => {
    const { book, feed } = recordingBook();
    for (const level of [70_000, 71_000, 72_000, 73_000, 74_000]) book.add(alert(`up-${level}`, 'above', level));
    book.add(alert('down', 'below', 71_500));
    expect(feed([70_500, 73_000])[1]).toEqual(['up-71000', 'up-72000', 'up-73000']);
  });

  it('fires each of several alerts at the same level, and removing one leaves the other', () => {
    const { book, feed } = recordingBook();
    book.add(alert('x', 'above', 75_000));
    book.add(alert('y', 'above', 75_000));
    book.add(alert('z', 'above', 75_000));
    expect(book.remove('y')).toBe(true);
    expect(book.remove('y')).toBe(false);
    expect(feed([74_000, 75_000])[1]).toEqual(['x', 'z']);
    expect(book.size).toBe(0);
  });

  it('ignores duplicate and out-of-order quotes (quote time not newer than the last one)', () => {
    const { book, fires } = recordingBook();
    book.add(alert('a', 'above', 75_000, { repeat: true, cooldownMs: 0 }));
    book.onQuote(quote(74_000, T0 + 1000));
    book.onQuote(quote(75_000, T0 + 2000));
    book.onQuote(quote(75_000, T0 + 2000)); // duplicate
    book.onQuote(quote(74_000, T0 + 1500)); // late: an older price
    book.onQuote(quote(75_500, T0 + 2000)); // same time, different price
    book.onQuote(quote(75_200, T0 + 3000)); // still above: no new crossing
    expect(fires.map((f) => f.atMs)).toEqual([T0 + 2000]);
    expect(book.lastPriceKrw(SYMBOL)).toBe(75_200);
  });

  it('updates itself before returning, so a burst of crossing ticks fires a one-shot alert once', () => {
    const { book, fires } = recordingBook();
    book.add(alert('a', 'above', 75_000));
    for (let i = 0; i < 50; i += 1) book.onQuote(quote(i % 2 === 0 ? 74_990 : 75_010, T0 + i));
    expect(fires).toHaveLength(1);
    expect(book.has('a')).toBe(false);
  });
});

describe('AlertBook repeating alerts: oscillation and cooldown', () => {
  it('fires a repeating alert at most once per cooldown however often the price crosses', () => {
    const { book, fires } = recordingBook();
    book.add(alert('r', 'above', 75_000, { repeat: true, cooldownMs: 60_000 }));
    // Crosses up every 2 s for 5 minutes.
    for (let s = 0; s < 300; s += 1) book.onQuote(quote(s % 2 === 0 ? 74_950 : 75_050, T0 + s * 1000));
    expect(fires.map((f) => (f.atMs - T0) / 1000)).toEqual([1, 61, 121, 181, 241]);
    expect(book.has('r')).toBe(true);
  });

  it('does not fire when the cooldown ends while the price stayed beyond the level: it needs a new crossing', () => {
    const { book, fires } = recordingBook();
    book.add(alert('r', 'above', 75_000, { repeat: true, cooldownMs: 10_000 }));
    book.onQuote(quote(74_000, T0));
    book.onQuote(quote(75_500, T0 + 1000));
    book.onQuote(quote(76_000, T0 + 20_000));
    book.onQuote(quote(77_000, T0 + 40_000));
    expect(fires).toHaveLength(1);
    book.onQuote(quote(74_000, T0 + 41_000));
    book.onQuote(quote(75_000, T0 + 42_000));
    expect(fires.map((f) => f.atMs)).toEqual([T0 + 1000, T0 + 42_000]);
  });

  it.each([
    { crossAt: 59_999, fires: 0 },
    { crossAt: 60_000, fires: 1 },
    { crossAt: 60_001, fires: 1 },
  ])('with a 60 s cooldown, a crossing $crossAt ms after the last trigger fires $fires time(s)', ({ crossAt, fires: expected }) => {
    const { book, fires } = recordingBook();
    book.add(alert('r', 'below', 65_000, { repeat: true, cooldownMs: 60_000, lastTriggeredAtMs: T0 }));
    book.onQuote(quote(66_000, T0 + 30_000));
    book.onQuote(quote(64_000, T0 + crossAt));
    expect(fires).toHaveLength(expected);
  });
});

describe('AlertBook percent alerts', () => {
  it('rounds a percent level towards firing later: up for above, down for below', () => {
    expect(percentThresholdKrw(10_001, 300, 'above')).toBe(10_302); // 10,301.03
    expect(percentThresholdKrw(10_001, -500, 'below')).toBe(9_500); // 9,500.95
    expect(percentThresholdKrw(70_000, 300, 'above')).toBe(72_100);
    expect(percentThresholdKrw(70_000, -3000, 'below')).toBe(49_000);
  });

  it('levels a percent alert from the first quote\'s previous close and fires on the crossing after it', () => {
    const { book, fires } = recordingBook();
    expect(book.add(alert('p', 'above', null, { percentBp: 300 }))).toBeNull();
    book.onQuote(quote(71_000, T0, { prevCloseKrw: 70_000 }));
    expect(book.thresholdOf('p')).toBe(72_100);
    book.onQuote(quote(72_099, T0 + 1000));
    expect(fires).toHaveLength(0);
    book.onQuote(quote(72_100, T0 + 2000));
    expect(fires.map((f) => [f.thresholdKrw, f.priceKrw])).toEqual([[72_100, 72_100]]);
  });

  it('re-levels when a new trading day brings another previous close, and fires on a gap across the new level', () => {
    const { book, fires } = recordingBook();
    book.add(alert('p', 'below', null, { percentBp: -500, repeat: true, cooldownMs: 60_000 }));
    book.onQuote(quote(70_000, T0, { prevCloseKrw: 70_000 }));
    expect(book.thresholdOf('p')).toBe(66_500);
    book.onQuote(quote(68_000, T0 + 60_000, { prevCloseKrw: 70_000 })); // closes at 68,000
    const nextDay = T0 + 24 * 3_600_000;
    book.onQuote(quote(64_000, nextDay, { prevCloseKrw: 68_000 })); // opens -5.9 %: below the new level 64,600
    expect(book.thresholdOf('p')).toBe(64_600);
    expect(fires.map((f) => [f.thresholdKrw, f.priceKrw])).toEqual([[64_600, 64_000]]);
  });
});

describe('AlertBook cost per tick (indexed by threshold)', () => {
  function loaded(farAlerts: number) {
    const { book, fires } = recordingBook();
    for (let i = 0; i < farAlerts; i += 1) {
      book.add(alert(`far-up-${i}`, 'above', 80_000 + i));
      book.add(alert(`far-down-${i}`, 'below', 60_000 - i));
    }
    book.add(alert('near', 'above', 70_050));
    for (let i = 0; i < 1_000; i += 1) book.onQuote(quote(i % 2 === 0 ? 70_000 : 70_100, T0 + i));
    return { book, fires };
  }

  it('visits only the alerts whose level a tick crosses, however many others there are', () => {
    const small = loaded(10);
    const large = loaded(5_000);
    expect(small.fires.map((f) => f.alert.id)).toEqual(['near']);
    expect(large.fires.map((f) => f.alert.id)).toEqual(['near']);
    expect(small.book.evaluatedCount).toBe(1);
    expect(large.book.evaluatedCount).toBe(1);
  });

  it('counts an alert held by its cooldown as visited on each crossing, and nothing else', () => {
    const { book } = recordingBook();
    book.add(alert('r', 'above', 70_050, { repeat: true, cooldownMs: 1_000_000 }));
    for (let i = 0; i < 2_000; i += 1) book.add(alert(`far-${i}`, 'above', 90_000 + i));
    for (let i = 0; i < 100; i += 1) book.onQuote(quote(i % 2 === 0 ? 70_000 : 70_100, T0 + i));
    expect(book.evaluatedCount).toBe(50); // 50 up-crossings of 70,050; the 2,000 far levels never
  });

  it('ignores quotes of symbols without alerts', () => {
    const { book, fires } = recordingBook();
    book.add(alert('a', 'above', 75_000));
    expect(book.onQuote(quote(80_000, T0, { symbol: '000660' }))).toBe(0);
    expect(book.lastPriceKrw('000660')).toBeNull();
    expect(fires).toHaveLength(0);
  });
});

describe('AlertBook marks (restart)', () => {
  it('seeds the last price, so a crossing spanning a restart fires once and a replayed quote is ignored', () => {
    const { book, fires } = recordingBook();
    book.add(alert('a', 'above', 75_000));
    book.seed({ symbol: SYMBOL, lastPriceKrw: 74_000, atMs: T0 + 5_000 });
    book.onQuote(quote(76_000, T0 + 5_000)); // replayed: the mark's own time
    expect(fires).toHaveLength(0);
    book.onQuote(quote(76_000, T0 + 6_000));
    expect(fires.map((f) => f.alert.id)).toEqual(['a']);
  });

  it('lists the changed marks once', () => {
    const { book } = recordingBook();
    book.add(alert('a', 'above', 75_000));
    book.onQuote(quote(74_000, T0));
    book.onQuote(quote(74_100, T0 + 1));
    expect(book.takeChangedMarks()).toEqual([{ symbol: SYMBOL, lastPriceKrw: 74_100, atMs: T0 + 1 }]);
    expect(book.takeChangedMarks()).toEqual([]);
  });
});

import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { aggregateBars, lastKstDays } from '../../src/charts/candles.js';
import { renderCandleChart, CANDLE_CHART_SIZE } from '../../src/charts/candle-chart.js';
import { renderPortfolioChart, PORTFOLIO_CHART_SIZE } from '../../src/charts/portfolio-chart.js';
import type { MinuteBar } from '../../src/market/market-feed.js';

const kst = (day: string, hh: number, mm: number) => Date.parse(`${day}T00:00:00Z`) - 9 * 3_600_000 + (hh * 60 + mm) * 60_000;
const bar = (startMs: number, o: number, h: number, l: number, c: number, v: number): MinuteBar => ({
  symbol: '005930', startMs, openKrw: o, highKrw: h, lowKrw: l, closeKrw: c, volumeShares: v,
});

/** Pixels close to pure-ish red (up) and blue (down) as the charts draw them. */
function colourCounts(png: Uint8Array): { red: number; blue: number; width: number; height: number } {
  const image = PNG.sync.read(Buffer.from(png));
  let red = 0;
  let blue = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
    if (r > 180 && g < 90 && b < 90) red += 1;
    if (b > 170 && r < 80 && g < 140) blue += 1;
  }
  return { red, blue, width: image.width, height: image.height };
}

describe('candles', () => {
  it('aggregates 1-minute bars into 5-minute candles: first open, last close, extremes, summed volume', () => {
    const bars = [0, 1, 2, 3, 4, 5].map((i) => bar(kst('2026-11-20', 9, i), 100 + i, 110 + i, 90 + i, 101 + i, 10));
    const candles = aggregateBars(bars, { minutes: 5 });
    expect(candles).toEqual([
      { startMs: kst('2026-11-20', 9, 0), openKrw: 100, highKrw: 114, lowKrw: 90, closeKrw: 105, volumeShares: 50 },
      { startMs: kst('2026-11-20', 9, 5), openKrw: 105, highKrw: 115, lowKrw: 95, closeKrw: 106, volumeShares: 10 },
    ]);
  });

  it('aggregates by KST day, not UTC day (08:59 KST and 09:00 KST of one day are one candle)', () => {
    // 08:59 KST is 23:59 UTC of the previous day.
    const bars = [bar(kst('2026-11-20', 8, 59), 100, 100, 100, 100, 1), bar(kst('2026-11-20', 15, 0), 100, 120, 100, 120, 2), bar(kst('2026-11-23', 9, 0), 120, 121, 80, 81, 3)];
    expect(aggregateBars(bars, 'day').map((c) => [c.openKrw, c.closeKrw, c.volumeShares])).toEqual([[100, 120, 3], [120, 81, 3]]);
  });

  it('keeps the last N trading days present in the history', () => {
    const bars = ['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'].map((d) => bar(kst(d, 10, 0), 1, 1, 1, 1, 1));
    expect(lastKstDays(bars, 2).map((b) => b.startMs)).toEqual([kst('2026-11-19', 10, 0), kst('2026-11-20', 10, 0)]);
  });
});

describe('chart PNGs', () => {
  it('draws a candle chart as a valid PNG of the declared size with red up and blue down candles', () => {
    const bars: MinuteBar[] = [];
    for (let i = 0; i < 60; i++) {
      const up = i < 30;
      const open = up ? 70_000 + i * 100 : 73_000 - (i - 30) * 100;
      const close = up ? open + 100 : open - 100;
      bars.push(bar(kst('2026-11-20', 9, i), open, Math.max(open, close) + 50, Math.min(open, close) - 50, close, 1_000 + i));
    }
    const png = renderCandleChart('005930', '1d', aggregateBars(bars, { minutes: 1 }));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.byteLength).toBeGreaterThan(5_000);
    expect(png.byteLength).toBeLessThan(300_000);
    const counts = colourCounts(png);
    expect(counts).toMatchObject({ width: CANDLE_CHART_SIZE.widthPx, height: CANDLE_CHART_SIZE.heightPx });
    expect(counts.red).toBeGreaterThan(500);
    expect(counts.blue).toBeGreaterThan(500);
  });

  it('draws only red when every candle closes up, only blue when every one closes down', () => {
    const rising = [0, 1, 2, 3].map((i) => bar(kst('2026-11-20', 9, i), 100 + i, 102 + i, 99 + i, 101 + i, 10));
    const falling = [0, 1, 2, 3].map((i) => bar(kst('2026-11-20', 9, i), 200 - i, 201 - i, 198 - i, 199 - i, 10));
    const up = colourCounts(renderCandleChart('005930', '1d', aggregateBars(rising, { minutes: 1 })));
    const down = colourCounts(renderCandleChart('005930', '1d', aggregateBars(falling, { minutes: 1 })));
    expect(up.red).toBeGreaterThan(500);
    expect(up.blue).toBe(0);
    expect(down.blue).toBeGreaterThan(500);
    expect(down.red).toBe(0);
  });

  it('draws the portfolio chart with a red bar for a gain and a blue bar for a loss', () => {
    const png = renderPortfolioChart('2026-11-20', [{ symbol: '005930', unrealizedPnlKrw: 120_000 }, { symbol: '000660', unrealizedPnlKrw: -80_000 }]);
    const counts = colourCounts(png);
    expect(counts).toMatchObject({ width: PORTFOLIO_CHART_SIZE.widthPx, height: PORTFOLIO_CHART_SIZE.heightPx });
    expect(counts.red).toBeGreaterThan(1_000);
    expect(counts.blue).toBeGreaterThan(1_000);
  });

  it('renders the axis text with the shipped font, not nothing (no system fonts are loaded)', () => {
    const rising = [0, 1].map((i) => bar(kst('2026-11-20', 9, i), 100 + i, 102 + i, 99 + i, 101 + i, 10));
    const image = PNG.sync.read(Buffer.from(renderCandleChart('005930', '1d', aggregateBars(rising, { minutes: 1 }))));
    // The title sits in the top-left corner; dark text pixels exist only if a font was found.
    let dark = 0;
    for (let y = 0; y < 40; y++) for (let x = 0; x < 200; x++) {
      const i = (y * image.width + x) * 4;
      if (image.data[i]! < 120 && image.data[i + 1]! < 120 && image.data[i + 2]! < 120) dark += 1;
    }
    expect(dark).toBeGreaterThan(50);
  });
});

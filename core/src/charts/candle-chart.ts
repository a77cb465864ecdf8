import type { ChartRange } from '@tradedesk/contracts';
import { hhmm, kstWallClock } from '../calendar/kst-time.js';
import type { Candle } from './candles.js';
import { DOWN_BLUE, GRID_GREY, TEXT_GREY, UP_RED } from './chart-colours.js';
import { renderChartPng } from './render-png.js';

/** Candles drawn at most; the oldest beyond it are dropped (a day of 1-minute candles is 381). */
export const CANDLES_MAX = 400;
export const CANDLE_CHART_SIZE = { widthPx: 960, heightPx: 540 } as const;

/** `09:31` within a day; `11-20 09:30` across days; `11-20` for daily candles. */
function labelOf(startMs: number, range: ChartRange): string {
  const { day, minuteOfDay } = kstWallClock(startMs);
  if (range === '1d') return hhmm(minuteOfDay);
  if (range === '5d') return `${day.slice(5)} ${hhmm(minuteOfDay)}`;
  return day.slice(5);
}

/**
 * A candlestick chart with volume below, in the Korean colours: a candle closing above its open
 * (and its volume bar) is red, below is blue, unchanged is red like KRX's own screens. Text is the
 * code and numbers only (see render-png.ts on fonts).
 */
export function renderCandleChart(code: string, range: ChartRange, allCandles: readonly Candle[]): Uint8Array {
  const candles = allCandles.slice(-CANDLES_MAX);
  const up = (c: Candle) => c.closeKrw >= c.openKrw;
  const axisLabel = { color: TEXT_GREY, fontSize: 12 };
  return renderChartPng({
    title: { text: `${code} · ${range}`, left: 12, top: 8, textStyle: { fontSize: 16, color: TEXT_GREY } },
    grid: [{ left: 80, right: 24, top: 44, height: '62%' }, { left: 80, right: 24, top: '78%', height: '16%' }],
    xAxis: [0, 1].map((gridIndex) => ({
      type: 'category', gridIndex, data: candles.map((c) => labelOf(c.startMs, range)), boundaryGap: true,
      axisLabel: { ...axisLabel, show: gridIndex === 1 }, axisTick: { show: false }, axisLine: { lineStyle: { color: GRID_GREY } },
    })),
    yAxis: [
      { scale: true, gridIndex: 0, splitLine: { lineStyle: { color: GRID_GREY } }, axisLabel },
      { scale: true, gridIndex: 1, splitNumber: 2, splitLine: { show: false }, axisLabel },
    ],
    series: [
      {
        type: 'candlestick', xAxisIndex: 0, yAxisIndex: 0,
        // ECharts' candlestick order is [open, close, low, high].
        data: candles.map((c) => [c.openKrw, c.closeKrw, c.lowKrw, c.highKrw]),
        itemStyle: { color: UP_RED, color0: DOWN_BLUE, borderColor: UP_RED, borderColor0: DOWN_BLUE },
      },
      {
        type: 'bar', xAxisIndex: 1, yAxisIndex: 1,
        data: candles.map((c) => ({ value: c.volumeShares, itemStyle: { color: up(c) ? UP_RED : DOWN_BLUE } })),
      },
    ],
  }, CANDLE_CHART_SIZE);
}

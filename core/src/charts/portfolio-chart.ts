import { DOWN_BLUE, GRID_GREY, TEXT_GREY, UP_RED } from './chart-colours.js';
import { renderChartPng } from './render-png.js';

export const PORTFOLIO_CHART_SIZE = { widthPx: 960, heightPx: 480 } as const;
/** Holdings drawn at most (largest absolute P&L first). */
export const PORTFOLIO_BARS_MAX = 20;

/**
 * The close summary's portfolio chart: unrealized P&L per holding in KRW, one bar each, red for a
 * gain and blue for a loss, largest first. Labels are the 6-character codes (Latin only).
 */
export function renderPortfolioChart(tradingDay: string, holdings: ReadonlyArray<{ symbol: string; unrealizedPnlKrw: number }>): Uint8Array {
  const shown = [...holdings].sort((a, b) => Math.abs(b.unrealizedPnlKrw) - Math.abs(a.unrealizedPnlKrw)).slice(0, PORTFOLIO_BARS_MAX);
  const axisLabel = { color: TEXT_GREY, fontSize: 12 };
  return renderChartPng({
    title: { text: `${tradingDay} · P&L (KRW)`, left: 12, top: 8, textStyle: { fontSize: 16, color: TEXT_GREY } },
    grid: { left: 100, right: 24, top: 48, bottom: 40 },
    xAxis: { type: 'category', data: shown.map((h) => h.symbol), axisLabel, axisTick: { show: false }, axisLine: { lineStyle: { color: GRID_GREY } } },
    yAxis: { type: 'value', splitLine: { lineStyle: { color: GRID_GREY } }, axisLabel },
    series: [{
      type: 'bar', barMaxWidth: 60,
      data: shown.map((h) => ({ value: h.unrealizedPnlKrw, itemStyle: { color: h.unrealizedPnlKrw >= 0 ? UP_RED : DOWN_BLUE } })),
    }],
  }, PORTFOLIO_CHART_SIZE);
}

import type { CoreCommandInput, CoreCommandOutput } from '@tradedesk/contracts';
import { aggregateBars, lastKstDays } from '../charts/candles.js';
import { renderCandleChart } from '../charts/candle-chart.js';
import { toChartImage } from '../charts/chart-image.js';
import { CHART_RANGE_SPECS } from '../charts/chart-ranges.js';
import type { CoreDeps } from '../deps.js';
import { resolveSymbol } from './resolve-symbol.js';

/** What `chart` needs: the 1-minute bar history (memory and database) the market-data engine keeps. */
export type ChartDeps = Pick<CoreDeps, 'symbols' | 'clock' | 'bars'>;

/**
 * `chart SYMBOL [1d|5d|1m]`: candles and volume as a PNG, from the bars core built from the feed.
 * A symbol nobody streamed has no bars: the answer says so with `candles: 0` and no image.
 */
export async function chart(deps: ChartDeps, input: CoreCommandInput<'chart'>): Promise<CoreCommandOutput<'chart'>> {
  const symbol = resolveSymbol(deps, input.query);
  const range = input.range ?? '1d';
  const spec = CHART_RANGE_SPECS[range];
  const history = await deps.bars.load(symbol.code, deps.clock.now() - spec.lookbackMs, spec.barsMax);
  const bars = spec.tradingDays === null ? history : lastKstDays(history, spec.tradingDays);
  const candles = aggregateBars(bars, spec.width);
  if (candles.length === 0) return { symbol, range, candles: 0, image: null };
  const png = renderCandleChart(symbol.code, range, candles);
  return { symbol, range, candles: candles.length, image: toChartImage(png, `${symbol.code} ${range}: ${candles.length} candles`) };
}

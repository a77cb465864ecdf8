import { accountKindOf, REPORT_ITEMS_MAX, type DailyReport } from '@tradedesk/contracts';
import { addDays, kstInstant } from '../calendar/kst-time.js';
import { toChartImage } from '../charts/chart-image.js';
import { renderPortfolioChart } from '../charts/portfolio-chart.js';
import type { CoreDeps } from '../deps.js';
import type { BrokerAccountRow } from '../store/rows.js';
import { valuedHoldings } from '../services/valued-holdings.js';
import type { PriceLookup } from '../services/price-lookup.js';
import { realizedPnlKrw } from './realized-pnl.js';
import { countFillsBetween, listFillHistory, listFillsBetween } from './report-store.js';

export type ReportDeps = Pick<CoreDeps, 'db' | 'symbols'>;

/**
 * The day's report for one account (the close summary and `report`): the KST day's fills, the P&L
 * those fills realised, today's holdings with their unrealized P&L, and the portfolio chart.
 */
export async function buildDailyReport(deps: ReportDeps, account: BrokerAccountRow, tradingDay: string, priceOf: PriceLookup): Promise<DailyReport> {
  const fromMs = kstInstant(tradingDay, 0);
  const toMs = kstInstant(addDays(tradingDay, 1), 0);
  const [dayFills, fillsTotal, positions] = await Promise.all([
    listFillsBetween(deps.db, account.id, fromMs, toMs),
    countFillsBetween(deps.db, account.id, fromMs, toMs),
    valuedHoldings(deps, account.id, priceOf),
  ]);
  const history = await listFillHistory(deps.db, account.id, [...new Set(dayFills.map((f) => f.symbol))], toMs);
  const priced = positions.filter((p) => p.unrealizedPnlKrw !== null);
  const nameOf = (code: string) => deps.symbols.byCodeOrNull(code)?.nameKo ?? code;
  const chart = priced.length === 0 ? null : toChartImage(
    renderPortfolioChart(tradingDay, priced.map((p) => ({ symbol: p.symbol, unrealizedPnlKrw: p.unrealizedPnlKrw! }))),
    `${tradingDay} unrealized P&L of ${priced.length} holdings`,
  );
  return {
    tradingDay,
    accountKind: accountKindOf(account.broker, account.environment),
    fills: dayFills.slice(-REPORT_ITEMS_MAX).map((f) => ({ symbol: f.symbol, name: nameOf(f.symbol), side: f.side, qtyShares: f.qtyShares, priceKrw: f.priceKrw })),
    fillsTotal,
    realizedPnlKrw: realizedPnlKrw(history, fromMs, toMs),
    unrealizedPnlKrw: priced.length === 0 ? null : priced.reduce((sum, p) => sum + p.unrealizedPnlKrw!, 0),
    positions: positions.slice(0, REPORT_ITEMS_MAX),
    positionsTotal: positions.length,
    chart,
  };
}

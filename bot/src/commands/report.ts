import type { AccountKind, DailyReport, Locale } from '@tradedesk/contracts';
import { z } from 'zod';
import { dict, formatKrw, formatQty, formatSignedKrw, t } from '../i18n/index.js';
import { imageOfChart } from './chart.js';
import { defineCommand } from './define.js';
import { describePosition } from './positions.js';
import { accountTitle, symbolLabel } from './labels.js';
import type { ChatReply } from './reply.js';

/** A section heading, its lines, and `… and N more` when core cut the list. */
export function section(locale: Locale, heading: string, lines: readonly string[], total: number): string[] {
  if (total === 0) return [];
  const more = total - lines.length;
  return ['', heading, ...lines.map((line) => `· ${line}`), ...(more > 0 ? [t(locale, 'reportMore', { count: more })] : [])];
}

/**
 * The day's report as a reply, for `/report` and the 15:40 close summary: P&L first, then fills and
 * holdings, with the portfolio chart as the image (Korean names in the text, codes in the chart).
 */
export function describeDailyReport(locale: Locale, report: DailyReport, title: string, kind: AccountKind | null = report.accountKind): ChatReply {
  const d = dict(locale);
  const lines = [t(locale, 'reportRealized', { pnl: formatSignedKrw(locale, report.realizedPnlKrw) })];
  if (report.unrealizedPnlKrw !== null) lines.push(t(locale, 'reportUnrealized', { pnl: formatSignedKrw(locale, report.unrealizedPnlKrw) }));
  if (report.fillsTotal === 0) lines.push('', t(locale, 'reportNoFills'));
  lines.push(...section(locale, t(locale, 'reportFills', { count: report.fillsTotal }), report.fills.map((f) =>
    `${d.side[f.side]} ${symbolLabel(locale, f.name, f.symbol)} ${formatQty(locale, f.qtyShares)} @ ${formatKrw(locale, f.priceKrw)}`), report.fillsTotal));
  lines.push(...section(locale, t(locale, 'reportHoldings', { count: report.positionsTotal }), report.positions.map((p) => describePosition(locale, p)), report.positionsTotal));
  const tone = report.realizedPnlKrw + (report.unrealizedPnlKrw ?? 0) >= 0 ? 'success' : 'info';
  return {
    title: accountTitle(locale, kind, title),
    text: lines.join('\n'),
    tone,
    ...(report.chart ? { image: imageOfChart(report.chart, `pnl-${report.tradingDay}.png`) } : {}),
  };
}

/** `/report`: today's fills, realized and unrealized P&L, holdings, and the portfolio chart. */
export const reportCommand = defineCommand({
  name: 'report',
  params: [],
  required: 0,
  schema: z.object({}),
  async handle(ctx) {
    const report = await ctx.core.command('report', { identity: ctx.identity, input: {} });
    return describeDailyReport(ctx.locale, report, t(ctx.locale, 'reportTitle', { day: report.tradingDay }));
  },
});

import type { AccountKind, Locale, PreOpenBrief } from '@tradedesk/contracts';
import { formatKrw, formatPct, t } from '../i18n/index.js';
import { describePosition } from './positions.js';
import { accountTitle, symbolLabel } from './labels.js';
import { section } from './report.js';
import type { ChatReply } from './reply.js';

/** The 08:50 brief as a reply: holdings, strategies on, alerts armed. */
export function describePreOpenBrief(locale: Locale, brief: PreOpenBrief, kind: AccountKind | null): ChatReply {
  const lines = [
    ...section(locale, t(locale, 'reportHoldings', { count: brief.positionsTotal }), brief.positions.map((p) => describePosition(locale, p)), brief.positionsTotal),
    ...section(locale, t(locale, 'preOpenStrategies', { count: brief.strategiesTotal }),
      brief.strategies.map((s) => `${s.kind} · ${symbolLabel(locale, s.name, s.symbol)} #${s.id.slice(0, 8)}`), brief.strategiesTotal),
    ...section(locale, t(locale, 'preOpenAlerts', { count: brief.alertsTotal }), brief.alerts.map((a) => t(locale, 'preOpenAlertLine', {
      symbol: symbolLabel(locale, a.name, a.symbol), direction: a.direction,
      threshold: a.thresholdKrw !== null ? formatKrw(locale, a.thresholdKrw) : t(locale, 'preOpenAlertPercent', { pct: formatPct((a.percentBp ?? 0) / 10_000) }),
    })), brief.alertsTotal),
  ];
  return {
    title: accountTitle(locale, kind ?? brief.accountKind, t(locale, 'preOpenTitle', { day: brief.tradingDay, opensAt: brief.opensAt })),
    text: lines.join('\n').trim(),
    tone: 'info',
  };
}

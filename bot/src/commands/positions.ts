import type { Locale, PositionView } from '@tradedesk/contracts';
import { z } from 'zod';
import { dict, formatKrw, formatPct, formatQty, formatSignedKrw, t } from '../i18n/index.js';
import { defineCommand } from './define.js';
import { accountTitle, symbolLabel } from './labels.js';

/** `삼성전자(005930) 10주 · 평균 71,000원 · 현재 72,000원 · 손익 +10,000원 (+1.41%)`. */
export function describePosition(locale: Locale, p: PositionView): string {
  const labels = dict(locale).labels;
  const parts = [`${symbolLabel(locale, p.name, p.symbol)} ${formatQty(locale, p.qtyShares)}`, `${labels.avgPrice} ${formatKrw(locale, p.avgPriceKrw)}`];
  if (p.lastKrw !== null) parts.push(`${labels.lastPrice} ${formatKrw(locale, p.lastKrw)}`);
  if (p.unrealizedPnlKrw !== null) {
    const costKrw = p.avgPriceKrw * p.qtyShares;
    const pct = costKrw > 0 ? ` (${formatPct(p.unrealizedPnlKrw / costKrw)})` : '';
    parts.push(`${labels.pnl} ${formatSignedKrw(locale, p.unrealizedPnlKrw)}${pct}`);
  }
  return parts.join(' · ');
}

/** `/positions`: one line per holding (Hangul is double-width, so no tables). */
export const positionsCommand = defineCommand({
  name: 'positions',
  params: [],
  required: 0,
  schema: z.object({}),
  async handle(ctx) {
    const out = await ctx.core.command('positions', { identity: ctx.identity, input: {} });
    const { locale } = ctx;
    const text = out.positions.length === 0
      ? t(locale, 'positionsEmpty')
      : out.positions.map((p) => describePosition(locale, p)).join('\n');
    return { title: accountTitle(locale, out.accountKind, t(locale, 'positionsTitle', { count: out.positions.length })), text, tone: 'info' };
  },
});

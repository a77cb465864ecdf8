import type { Locale, Quote } from '@tradedesk/contracts';
import { z } from 'zod';
import { dict, formatKrw, formatPct, formatQty, formatSignedKrw, t } from '../i18n/index.js';
import { symbolArgSchema, type SymbolArg } from './args.js';
import type { CommandContext } from './context.js';
import type { ChatReply } from './reply.js';
import { defineCommand } from './define.js';
import { resolveSymbol } from './resolve-symbol.js';

/** `/price SYMBOL`: last price with the change from the previous close (▲ red-up, ▼ blue-down). */
export const priceCommand = defineCommand({
  name: 'price',
  params: ['symbol'],
  required: 1,
  schema: z.object({ symbol: symbolArgSchema }),
  handle: (ctx, args) => showPrice(ctx, args.symbol),
});

async function showPrice(ctx: CommandContext, arg: SymbolArg): Promise<ChatReply> {
  const resolved = await resolveSymbol(ctx, arg, (c, code) => showPrice(c, { code }));
  if (!resolved.ok) return resolved.reply;
  const { symbol, quote } = await ctx.core.command('price', { identity: ctx.identity, input: { query: resolved.code } });
  const { locale } = ctx;
  const labels = dict(locale).labels;
  const name = locale === 'en' && symbol.nameEn ? symbol.nameEn : symbol.nameKo;
  return {
    title: t(locale, 'priceTitle', { name, code: symbol.code, market: symbol.market }),
    text: `${priceLine(locale, quote)}\n${t(locale, 'pricePrevClose', { krw: formatKrw(locale, quote.prevCloseKrw) })}`,
    fields: [
      { name: labels.open, value: formatKrw(locale, quote.openKrw) },
      { name: labels.high, value: formatKrw(locale, quote.highKrw) },
      { name: labels.low, value: formatKrw(locale, quote.lowKrw) },
      { name: labels.volume, value: formatQty(locale, quote.volumeShares) },
      { name: labels.limits, value: `${formatKrw(locale, quote.lowerLimitKrw)} ~ ${formatKrw(locale, quote.upperLimitKrw)}` },
    ],
    tone: 'info',
  };
}

/**
 * `🔴 72,000원 ▲ +1,000원 (+1.41%)`: Korean colours in text, since chat text has none of its own —
 * red for a rise, blue for a fall (the reverse of Western charts); a price at the day's limit says so.
 */
export function priceLine(locale: Locale, quote: Quote): string {
  const changeKrw = quote.lastKrw - quote.prevCloseKrw;
  const [mark, arrow] = changeKrw > 0 ? ['🔴 ', '▲'] : changeKrw < 0 ? ['🔵 ', '▼'] : ['', '-'];
  const atLimit = quote.lastKrw >= quote.upperLimitKrw ? ` · ${t(locale, 'priceAtLimit', { upper: true })}`
    : quote.lastKrw <= quote.lowerLimitKrw ? ` · ${t(locale, 'priceAtLimit', { upper: false })}` : '';
  return `${mark}${formatKrw(locale, quote.lastKrw)} ${arrow} ${formatSignedKrw(locale, changeKrw)} (${formatPct(changeKrw / quote.prevCloseKrw)})${atLimit}`;
}

import { chartRangeSchema, type ChartImage } from '@tradedesk/contracts';
import { z } from 'zod';
import { t } from '../i18n/index.js';
import { symbolArgSchema, type SymbolArg } from './args.js';
import type { CommandContext } from './context.js';
import { defineCommand } from './define.js';
import type { ChatReply, ReplyImage } from './reply.js';
import { symbolLabel } from './labels.js';
import { resolveSymbol } from './resolve-symbol.js';

/** A chart from core (base64 PNG) as the reply's image. */
export function imageOfChart(chart: ChartImage, name: string): ReplyImage {
  const bytes = Buffer.from(chart.pngBase64, 'base64');
  return { png: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), name, alt: chart.alt };
}

type ChartArgs = { symbol: SymbolArg; range: z.infer<typeof chartRangeSchema> };

/** `/chart SYMBOL [1d|5d|1m]`: candles and volume, red up and blue down, as a picture. */
export const chartCommand = defineCommand({
  name: 'chart',
  params: ['symbol', 'range'],
  required: 1,
  schema: z.object({ symbol: symbolArgSchema, range: z.string().toLowerCase().pipe(chartRangeSchema).default('1d') }),
  handle: (ctx, args) => showChart(ctx, args),
});

async function showChart(ctx: CommandContext, args: ChartArgs): Promise<ChatReply> {
  const resolved = await resolveSymbol(ctx, args.symbol, (c, code) => showChart(c, { symbol: { code }, range: args.range }));
  if (!resolved.ok) return resolved.reply;
  const out = await ctx.core.command('chart', { identity: ctx.identity, input: { query: resolved.code, range: args.range } });
  const { locale } = ctx;
  const name = locale === 'en' && out.symbol.nameEn ? out.symbol.nameEn : out.symbol.nameKo;
  const symbol = symbolLabel(locale, name, out.symbol.code);
  if (!out.image) return { text: t(locale, 'chartNoData', { symbol }), tone: 'info' };
  return {
    title: t(locale, 'chartTitle', { symbol, range: out.range }),
    text: t(locale, 'chartCaption', { candles: out.candles }),
    tone: 'info',
    image: imageOfChart(out.image, `chart-${out.symbol.code}-${out.range}.png`),
  };
}

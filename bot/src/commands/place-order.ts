import type { AccountKind, OrderSide } from '@tradedesk/contracts';
import { z } from 'zod';
import { CoreError } from '../core-client.js';
import { dict, formatKrw, formatQty, t } from '../i18n/index.js';
import { priceArgSchema, qtyArgSchema, symbolArgSchema, type SymbolArg } from './args.js';
import type { CommandContext } from './context.js';
import { defineCommand } from './define.js';
import { accountTitle, symbolLabel } from './labels.js';
import { describeOrder } from './render.js';
import type { ChatReply } from './reply.js';
import { resolveSymbol } from './resolve-symbol.js';

const orderArgsSchema = z.object({
  symbol: symbolArgSchema,
  qty: qtyArgSchema,
  price: priceArgSchema.optional(),
});
type OrderArgs = z.infer<typeof orderArgsSchema>;

/** The idempotency key of the order a draft places: one per draft, whoever and however often it is confirmed. */
export function orderKeyForDraft(draftId: string): string {
  return `order-draft:${draftId}`;
}

/** Name and last price for the draft; a limit order still gets a draft (with the code only) when no quote is available. */
async function lookUp(ctx: CommandContext, code: string, market: boolean): Promise<{ name: string | null; lastKrw: number | null }> {
  try {
    const { symbol, quote } = await ctx.core.command('price', { identity: ctx.identity, input: { query: code } });
    return { name: ctx.locale === 'en' && symbol.nameEn ? symbol.nameEn : symbol.nameKo, lastKrw: quote.lastKrw };
  } catch (err) {
    if (!market && err instanceof CoreError && err.code === 'QUOTE_UNAVAILABLE') return { name: null, lastKrw: null };
    throw err;
  }
}

async function placeConfirmed(ctx: CommandContext, draftId: string, side: OrderSide, code: string, args: OrderArgs): Promise<ChatReply> {
  const out = await ctx.core.command('place_order', {
    identity: ctx.identity,
    idempotencyKey: orderKeyForDraft(draftId),
    input: { symbol: code, side, qtyShares: args.qty, ...(args.price === undefined ? {} : { priceKrw: args.price }) },
  });
  const { locale } = ctx;
  const d = dict(locale);
  const waitSec = Math.ceil(out.estimatedWaitMs / 1000);
  return {
    title: accountTitle(locale, out.order.accountKind, t(locale, 'orderPlacedTitle', { side: d.side[side] })),
    text: describeOrder(locale, out.order),
    ...(out.queuePosition > 0
      ? { fields: [{ name: d.labels.queuePosition, value: t(locale, 'queuePosition', { position: out.queuePosition, waitSec }) }] }
      : {}),
    tone: 'success',
  };
}

function cancelledReply(ctx: CommandContext, kind: AccountKind | null, side: OrderSide): ChatReply {
  return {
    title: accountTitle(ctx.locale, kind, t(ctx.locale, 'orderDraftTitle', { side: dict(ctx.locale).side[side] })),
    text: t(ctx.locale, 'actionCancelled'),
    tone: 'info',
  };
}

/**
 * The draft of an order (CHAT-PLATFORMS.md C1): symbol, side, quantity, price or market, the
 * estimated amount and the account kind, with Confirm / Cancel buttons bound to the person who
 * asked. Nothing is placed until Confirm; Confirm places with a key derived from the draft.
 */
async function orderDraft(ctx: CommandContext, side: OrderSide, args: OrderArgs): Promise<ChatReply> {
  const resolved = await resolveSymbol(ctx, args.symbol, (c, code) => orderDraft(c, side, { ...args, symbol: { code } satisfies SymbolArg }));
  if (!resolved.ok) return resolved.reply;
  const code = resolved.code;
  const market = args.price === undefined;
  const [{ name, lastKrw }, me] = await Promise.all([
    lookUp(ctx, code, market),
    ctx.core.command('me', { identity: ctx.identity, input: {} }),
  ]);
  const { locale } = ctx;
  const d = dict(locale);
  const amount = market
    ? t(locale, 'estimateMarket', { amount: formatKrw(locale, (lastKrw ?? 0) * args.qty), last: formatKrw(locale, lastKrw ?? 0) })
    : formatKrw(locale, args.price! * args.qty);
  const priceText = market ? d.orderType.market : `${d.orderType.limit} ${formatKrw(locale, args.price!)}`;
  const kind = me.accountKind;
  const actions = ctx.actions.register(ctx.identity, [
    { label: t(locale, 'actionConfirm'), style: side, write: true, run: (c, draftId) => placeConfirmed(c, draftId, side, code, args) },
    { label: t(locale, 'actionCancel'), style: 'cancel', run: async (c) => cancelledReply(c, kind, side) },
  ]);
  return {
    title: accountTitle(locale, kind, t(locale, 'orderDraftTitle', { side: d.side[side] })),
    text: t(locale, 'confirmWithin', { seconds: Math.round(ctx.actions.ttlMs / 1000) }),
    fields: [
      { name: d.labels.symbol, value: name === null ? code : symbolLabel(locale, name, code) },
      { name: d.labels.side, value: d.side[side] },
      { name: d.labels.qty, value: formatQty(locale, args.qty) },
      { name: d.labels.price, value: priceText },
      { name: d.labels.estimatedAmount, value: amount },
      { name: d.labels.account, value: kind === null ? d.labels.noAccount : d.accountKind[kind] },
    ],
    tone: 'info',
    actions,
  };
}

/** `/buy` or `/sell SYMBOL QTY [PRICE]`: a draft to confirm; a limit order at PRICE, or a market order without one. */
function orderCommand(side: 'buy' | 'sell') {
  return defineCommand({
    name: side,
    params: ['symbol', 'qty', 'price'],
    required: 2,
    schema: orderArgsSchema,
    handle: (ctx, args) => orderDraft(ctx, side, args),
  });
}

export const buyCommand = orderCommand('buy');
export const sellCommand = orderCommand('sell');

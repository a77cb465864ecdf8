import type { OrderSide } from '@tradedesk/contracts';
import { z } from 'zod';
import { dict, t } from '../i18n/index.js';
import { priceArgSchema, qtyArgSchema, symbolArgSchema } from './args.js';
import type { CommandContext } from './context.js';
import { defineCommand } from './define.js';
import { accountTitle, describeOrder } from './render.js';
import type { ChatReply } from './reply.js';
import { resolveSymbol } from './resolve-symbol.js';

const orderArgsSchema = z.object({
  symbol: symbolArgSchema,
  qty: qtyArgSchema,
  price: priceArgSchema.optional(),
});
type OrderArgs = z.infer<typeof orderArgsSchema>;

async function placeOrder(ctx: CommandContext, side: OrderSide, args: OrderArgs): Promise<ChatReply> {
  const resolved = await resolveSymbol(ctx, args.symbol);
  if (!resolved.ok) return resolved.reply;
  const out = await ctx.core.command('place_order', {
    identity: ctx.identity,
    idempotencyKey: ctx.idempotencyKey,
    input: { symbol: resolved.code, side, qtyShares: args.qty, ...(args.price === undefined ? {} : { priceKrw: args.price }) },
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

/** `/buy` or `/sell SYMBOL QTY [PRICE]`: a limit order at PRICE, or a market order without one. */
function orderCommand(side: 'buy' | 'sell') {
  return defineCommand({
    name: side,
    params: ['symbol', 'qty', 'price'],
    required: 2,
    write: true,
    schema: orderArgsSchema,
    handle: (ctx, args) => placeOrder(ctx, side, args),
  });
}

export const buyCommand = orderCommand('buy');
export const sellCommand = orderCommand('sell');

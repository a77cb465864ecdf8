import { z } from 'zod';
import { t } from '../i18n/index.js';
import { choiceArg, itemIdArgSchema, priceArgSchema, symbolArgSchema } from './args.js';
import type { CommandContext } from './context.js';
import { defineCommandGroup, subcommand } from './define.js';
import type { ChatReply } from './reply.js';
import { resolveSymbol } from './resolve-symbol.js';

type AlertAction = 'add' | 'list' | 'remove';

async function callAlert(ctx: CommandContext, action: AlertAction, args: string[]): Promise<ChatReply> {
  const write = action !== 'list';
  await ctx.core.command('alert', { identity: ctx.identity, ...(write ? { idempotencyKey: ctx.idempotencyKey } : {}), input: { action, args } });
  return { text: t(ctx.locale, 'requestDone'), tone: write ? 'success' : 'info' };
}

const addArgs = z.object({ symbol: symbolArgSchema, direction: choiceArg(['above', 'below'] as const, 'directionInvalid'), price: priceArgSchema });
type AddArgs = z.infer<typeof addArgs>;

async function addAlert(ctx: CommandContext, args: AddArgs): Promise<ChatReply> {
  const resolved = await resolveSymbol(ctx, args.symbol, (c, code) => addAlert(c, { ...args, symbol: { code } }));
  if (!resolved.ok) return resolved.reply;
  return callAlert(ctx, 'add', [resolved.code, args.direction, String(args.price)]);
}

/**
 * `/alert add SYMBOL above|below PRICE`, `/alert list`, `/alert remove ID`: price alerts. Arguments
 * are checked here; core answers NOT_AVAILABLE_YET until it evaluates alerts (issue #5).
 */
export const alertCommand = defineCommandGroup({
  name: 'alert',
  subcommands: {
    add: subcommand({ params: ['symbol', 'direction', 'price'], required: 3, write: true, schema: addArgs, handle: addAlert }),
    list: subcommand({ params: [], required: 0, schema: z.object({}), handle: (ctx) => callAlert(ctx, 'list', []) }),
    remove: subcommand({
      params: ['id'], required: 1, write: true, schema: z.object({ id: itemIdArgSchema }), handle: (ctx, a) => callAlert(ctx, 'remove', [a.id]),
    }),
  },
});

import { z } from 'zod';
import { t } from '../i18n/index.js';
import { choiceArg, itemIdArgSchema, qtyArgSchema, symbolArgSchema } from './args.js';
import type { CommandContext } from './context.js';
import { defineCommandGroup, subcommand, type ArgsSpec } from './define.js';
import type { ChatReply } from './reply.js';
import { resolveSymbol } from './resolve-symbol.js';

/** The strategy types the catalog offers. */
export const STRATEGY_TYPES = ['band', 'ma_cross', 'rsi', 'trailing_stop', 'dca'] as const;

type StrategyAction = 'list' | 'add' | 'enable' | 'disable' | 'remove';

async function callStrategy(ctx: CommandContext, action: StrategyAction, args: string[]): Promise<ChatReply> {
  const write = action !== 'list';
  await ctx.core.command('strategy', { identity: ctx.identity, ...(write ? { idempotencyKey: ctx.idempotencyKey } : {}), input: { action, args } });
  return { text: t(ctx.locale, 'requestDone'), tone: write ? 'success' : 'info' };
}

const addArgs = z.object({ type: choiceArg(STRATEGY_TYPES, 'strategyTypeInvalid'), symbol: symbolArgSchema, qty: qtyArgSchema });
type AddArgs = z.infer<typeof addArgs>;

async function addStrategy(ctx: CommandContext, args: AddArgs): Promise<ChatReply> {
  const resolved = await resolveSymbol(ctx, args.symbol, (c, code) => addStrategy(c, { ...args, symbol: { code } }));
  if (!resolved.ok) return resolved.reply;
  return callStrategy(ctx, 'add', [args.type, resolved.code, String(args.qty)]);
}

function byId(action: 'enable' | 'disable' | 'remove'): ArgsSpec<unknown> {
  return subcommand({
    params: ['id'], required: 1, write: true, schema: z.object({ id: itemIdArgSchema }), handle: (ctx, a) => callStrategy(ctx, action, [a.id]),
  });
}

/**
 * `/strategy list | add TYPE SYMBOL QTY | enable ID | disable ID | remove ID`. Arguments are checked
 * here; core answers NOT_AVAILABLE_YET until it runs strategies (issue #5).
 */
export const strategyCommand = defineCommandGroup({
  name: 'strategy',
  subcommands: {
    list: subcommand({ params: [], required: 0, schema: z.object({}), handle: (ctx) => callStrategy(ctx, 'list', []) }),
    add: subcommand({ params: ['type', 'symbol', 'qty'], required: 3, write: true, schema: addArgs, handle: addStrategy }),
    enable: byId('enable'),
    disable: byId('disable'),
    remove: byId('remove'),
  },
});

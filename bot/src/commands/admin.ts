import { TIERS, type AdminActor } from '@tradedesk/contracts';
import { z } from 'zod';
import { dict, errorText, formatKstDateTime, t } from '../i18n/index.js';
import { choiceArg, userNameArgSchema } from './args.js';
import type { CommandContext } from './context.js';
import { defineCommandGroup, subcommand } from './define.js';
import { errorReply, type ChatReply } from './reply.js';

const actorOf = (ctx: CommandContext): AdminActor => ({ identity: ctx.identity });

async function halt(ctx: CommandContext): Promise<ChatReply> {
  await ctx.core.admin('halt', actorOf(ctx), {});
  return { title: t(ctx.locale, 'haltedTitle'), text: t(ctx.locale, 'halted'), tone: 'success' };
}

/** `/admin halt` stops every order, so it asks first (RELIABILITY BOT-9); only operators get the question. */
async function haltDraft(ctx: CommandContext): Promise<ChatReply> {
  const me = await ctx.core.command('me', { identity: ctx.identity, input: {} });
  if (!me.isOperator) return errorReply(errorText(ctx.locale, 'NOT_AUTHORIZED'));
  const actions = ctx.actions.register(ctx.identity, [
    { label: t(ctx.locale, 'actionConfirm'), style: 'confirm', write: true, run: halt },
    { label: t(ctx.locale, 'actionCancel'), style: 'cancel', run: async (c) => ({ title: t(c.locale, 'haltDraftTitle'), text: t(c.locale, 'actionCancelled'), tone: 'info' }) },
  ]);
  return {
    title: t(ctx.locale, 'haltDraftTitle'),
    text: `${t(ctx.locale, 'haltDraft')}\n${t(ctx.locale, 'confirmWithin', { seconds: Math.round(ctx.actions.ttlMs / 1000) })}`,
    tone: 'info',
    actions,
  };
}

async function resume(ctx: CommandContext): Promise<ChatReply> {
  await ctx.core.admin('resume', actorOf(ctx), {});
  return { title: t(ctx.locale, 'resumedTitle'), text: t(ctx.locale, 'resumed'), tone: 'success' };
}

async function users(ctx: CommandContext): Promise<ChatReply> {
  const out = await ctx.core.admin('users', actorOf(ctx), {});
  const d = dict(ctx.locale);
  const lines = out.users.map((u) => t(ctx.locale, 'userLine', {
    name: u.userName, tier: d.tier[u.tier], operator: u.isOperator, chats: u.linkedChats, tradesToday: u.tradesUsedToday,
  }));
  return { title: t(ctx.locale, 'usersTitle', { count: out.users.length }), text: lines.join('\n'), tone: 'info' };
}

const userAndTier = z.object({ user: userNameArgSchema, tier: choiceArg(TIERS, 'tierInvalid') });
type UserAndTier = z.infer<typeof userAndTier>;

async function setTier(ctx: CommandContext, args: UserAndTier): Promise<ChatReply> {
  const out = await ctx.core.admin('tier', actorOf(ctx), { name: args.user, tier: args.tier });
  return { title: t(ctx.locale, 'tierSetTitle'), text: t(ctx.locale, 'tierSet', { userName: out.userName, tier: dict(ctx.locale).tier[out.tier] }), tone: 'success' };
}

async function invite(ctx: CommandContext, args: UserAndTier): Promise<ChatReply> {
  const out = await ctx.core.admin('invite', actorOf(ctx), { name: args.user, tier: args.tier });
  return {
    title: t(ctx.locale, 'invitedTitle'),
    text: t(ctx.locale, 'invited', { userName: out.userName, tier: dict(ctx.locale).tier[args.tier], code: out.code, expires: formatKstDateTime(ctx.locale, out.expiresAt) }),
    tone: 'success',
  };
}

/**
 * `/admin halt | resume | users | tier USER TIER | invite USER TIER`: operator commands, sent to
 * core's admin API with this chat identity as the actor; core refuses anyone but a linked operator.
 */
export const adminCommand = defineCommandGroup({
  name: 'admin',
  subcommands: {
    halt: subcommand({ params: [], required: 0, schema: z.object({}), handle: haltDraft }),
    resume: subcommand({ params: [], required: 0, write: true, schema: z.object({}), handle: resume }),
    users: subcommand({ params: [], required: 0, schema: z.object({}), handle: users }),
    tier: subcommand({ params: ['user', 'tier'], required: 2, write: true, schema: userAndTier, handle: setTier }),
    invite: subcommand({ params: ['user', 'tier'], required: 2, write: true, schema: userAndTier, handle: invite }),
  },
});

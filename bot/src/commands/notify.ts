import { NOTIFY_KINDS, notifyModeSchema, type CoreCommandInput, type Locale, type NotifyPrefs } from '@tradedesk/contracts';
import { z } from 'zod';
import { dict, t } from '../i18n/index.js';
import { choiceArg, firstArgProblem, quietHoursArgSchema } from './args.js';
import type { CommandContext } from './context.js';
import { defineCommand, usageReply } from './define.js';
import { errorReply, type ChatReply } from './reply.js';

const QUIET = 'quiet';

/** The user's notification settings, one line per kind, then quiet hours and how to change them. */
export function describeNotifyPrefs(locale: Locale, prefs: NotifyPrefs): ChatReply {
  const d = dict(locale);
  const hour = (h: number) => String(h).padStart(2, '0');
  const quiet = prefs.quietHours === null
    ? t(locale, 'quietHoursOff')
    : t(locale, 'quietHoursRange', { start: hour(prefs.quietHours.startHour), end: hour(prefs.quietHours.endHour) });
  return {
    title: t(locale, 'notifyTitle'),
    text: t(locale, 'notifyHint'),
    fields: [
      ...NOTIFY_KINDS.map((kind) => ({ name: d.notifyKind[kind], value: d.notifyMode[prefs.modes[kind]] })),
      { name: d.labels.quietHours, value: quiet },
    ],
    tone: 'info',
  };
}

type NotifyInput = CoreCommandInput<'notify'>;

/** The change the two tokens ask for, or the answer explaining why they cannot be read. */
function readChange(ctx: CommandContext, kind: string, mode: string | undefined): NotifyInput | ChatReply {
  if (mode === undefined) return usageReply(ctx, 'notify');
  const parsed = kind === QUIET
    ? (mode.trim().toLowerCase() === 'off' ? { success: true as const, data: { quietHours: null } } : quietHoursArgSchema.transform((q) => ({ quietHours: q })).safeParse(mode))
    : choiceArg(notifyModeSchema.options, 'notifyModeInvalid').transform((m) => ({ kind: kind as NotifyInput['kind'], mode: m })).safeParse(mode);
  if (parsed.success) return parsed.data;
  const found = firstArgProblem(parsed.error);
  return found ? errorReply(dict(ctx.locale).argProblems[found.key](found)) : usageReply(ctx, 'notify');
}

/**
 * `/notify` shows the settings; `/notify KIND on|silent|off` sets one kind; `/notify quiet 22-07`
 * sets quiet hours (KST; notifications then arrive silently) and `/notify quiet off` removes them.
 */
export const notifyCommand = defineCommand({
  name: 'notify',
  params: ['kind', 'mode'],
  required: 0,
  schema: z.object({ kind: choiceArg([...NOTIFY_KINDS, QUIET] as const, 'notifyKindInvalid').optional(), mode: z.string().optional() }),
  async handle(ctx, args) {
    let input: NotifyInput = {};
    if (args.kind !== undefined) {
      const change = readChange(ctx, args.kind, args.mode);
      if ('text' in change) return change;
      input = change;
    }
    const write = args.kind !== undefined;
    const prefs = await ctx.core.command('notify', { identity: ctx.identity, ...(write ? { idempotencyKey: ctx.idempotencyKey } : {}), input });
    return { ...describeNotifyPrefs(ctx.locale, prefs), ...(write ? { tone: 'success' as const } : {}) };
  },
});

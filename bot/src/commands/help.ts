import { z } from 'zod';
import { dict, t } from '../i18n/index.js';
import { defineCommand } from './define.js';
import { COMMAND_NAMES } from './names.js';

/**
 * `/help` (and `/start`, which Telegram sends first): the command list. Core is told only for its
 * audit log; the list is answered even when core is down.
 */
export const helpCommand = defineCommand({
  name: 'help',
  aliases: ['start'],
  params: [],
  required: 0,
  ignoreExtra: true,
  schema: z.object({}),
  async handle(ctx) {
    await ctx.core.command('help', { identity: ctx.identity, idempotencyKey: ctx.idempotencyKey, input: {} })
      .catch((err: unknown) => ctx.logger.debug({ err: { name: err instanceof Error ? err.name : typeof err } }, 'help not audited'));
    const d = dict(ctx.locale);
    const lines = COMMAND_NAMES.map((name) => `${d.commands[name].usage} — ${d.commands[name].description}`);
    return { title: t(ctx.locale, 'helpTitle'), text: [...lines, '', t(ctx.locale, 'helpTips')].join('\n'), tone: 'info' };
  },
});

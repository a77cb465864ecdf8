import { z } from 'zod';
import { t } from '../i18n/index.js';
import { defineCommand } from './define.js';

/** `/unlink`: removes this chat account's link (the user and their other chat accounts stay). */
export const unlinkCommand = defineCommand({
  name: 'unlink',
  params: [],
  required: 0,
  write: true,
  schema: z.object({}),
  async handle(ctx) {
    const out = await ctx.core.command('unlink', { identity: ctx.identity, idempotencyKey: ctx.idempotencyKey, input: {} });
    return { title: t(ctx.locale, 'unlinkedTitle'), text: t(ctx.locale, 'unlinked', { userName: out.userName }), tone: 'success' };
  },
});

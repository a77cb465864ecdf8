import { z } from 'zod';
import { dict, t } from '../i18n/index.js';
import { linkCodeArgSchema } from './args.js';
import { defineCommand } from './define.js';

/** `/link CODE`: links this chat account to the user the operator invited. The code is never echoed. */
export const linkCommand = defineCommand({
  name: 'link',
  params: ['code'],
  required: 1,
  joinRest: true,
  write: true,
  schema: z.object({ code: linkCodeArgSchema }),
  async handle(ctx, args) {
    const out = await ctx.core.command('link', {
      identity: ctx.identity, idempotencyKey: ctx.idempotencyKey, input: { code: args.code },
    });
    const tier = dict(ctx.locale).tier[out.tier];
    return { title: t(ctx.locale, 'linkedTitle'), text: t(ctx.locale, 'linked', { userName: out.userName, tier }), tone: 'success' };
  },
});

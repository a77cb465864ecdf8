import { LOCALES } from '@tradedesk/contracts';
import { z } from 'zod';
import { t } from '../i18n/index.js';
import { choiceArg } from './args.js';
import { defineCommand } from './define.js';

/** `/lang ko|en`: the user's language on every platform; the answer is already in the new one. */
export const langCommand = defineCommand({
  name: 'lang',
  params: ['language'],
  required: 1,
  write: true,
  schema: z.object({ language: choiceArg(LOCALES, 'languageInvalid') }),
  async handle(ctx, args) {
    const out = await ctx.core.command('lang', { identity: ctx.identity, idempotencyKey: ctx.idempotencyKey, input: { locale: args.language } });
    return { title: t(out.locale, 'langSetTitle'), text: t(out.locale, 'langSet'), tone: 'success' };
  },
});

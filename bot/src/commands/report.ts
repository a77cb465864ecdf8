import { z } from 'zod';
import { t } from '../i18n/index.js';
import { defineCommand } from './define.js';

/** `/report`: the day's report; core answers NOT_AVAILABLE_YET until it builds reports (issue #5). */
export const reportCommand = defineCommand({
  name: 'report',
  params: [],
  required: 0,
  schema: z.object({}),
  async handle(ctx) {
    await ctx.core.command('report', { identity: ctx.identity, input: {} });
    return { text: t(ctx.locale, 'requestDone'), tone: 'info' };
  },
});

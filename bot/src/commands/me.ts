import { z } from 'zod';
import { dict, formatKrw, t } from '../i18n/index.js';
import { defineCommand } from './define.js';
import { accountTitle } from './labels.js';
import type { ReplyField } from './reply.js';

/** `/me`: tier, account kind, orders used and left today. */
export const meCommand = defineCommand({
  name: 'me',
  params: [],
  required: 0,
  schema: z.object({}),
  async handle(ctx) {
    const me = await ctx.core.command('me', { identity: ctx.identity, input: {} });
    const d = dict(ctx.locale);
    const limit = me.limits.tradesPerDay;
    const fields: ReplyField[] = [
      { name: d.labels.tier, value: d.tier[me.tier] },
      { name: d.labels.account, value: me.accountKind ? d.accountKind[me.accountKind] : d.labels.noAccount },
      { name: d.labels.tradesToday, value: t(ctx.locale, 'tradesToday', { used: me.tradesUsedToday, limit, left: me.tradesLeftToday }) },
      { name: d.labels.orderValueMax, value: formatKrw(ctx.locale, me.limits.orderValueMaxKrw) },
    ];
    if (me.isOperator) fields.push({ name: d.labels.operator, value: d.labels.yes });
    return {
      title: accountTitle(ctx.locale, me.accountKind, t(ctx.locale, 'meTitle', { userName: me.userName })),
      text: '',
      fields,
      tone: 'info',
    };
  },
});

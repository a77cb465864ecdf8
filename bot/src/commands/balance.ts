import { z } from 'zod';
import { dict, formatKrw, t } from '../i18n/index.js';
import { defineCommand } from './define.js';
import { accountTitle } from './labels.js';

/** `/balance`: cash, stocks value and total. */
export const balanceCommand = defineCommand({
  name: 'balance',
  params: [],
  required: 0,
  schema: z.object({}),
  async handle(ctx) {
    const b = await ctx.core.command('balance', { identity: ctx.identity, input: {} });
    const { locale } = ctx;
    const labels = dict(locale).labels;
    return {
      title: accountTitle(locale, b.accountKind, t(locale, 'balanceTitle')),
      text: '',
      fields: [
        { name: labels.cash, value: formatKrw(locale, b.cashKrw) },
        { name: labels.positionsValue, value: formatKrw(locale, b.positionsValueKrw) },
        { name: labels.total, value: formatKrw(locale, b.totalKrw) },
      ],
      tone: 'info',
    };
  },
});

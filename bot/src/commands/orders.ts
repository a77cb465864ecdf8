import { z } from 'zod';
import { t } from '../i18n/index.js';
import { defineCommand } from './define.js';
import { accountTitle } from './labels.js';
import { describeOrder } from './render.js';

/** `/orders`: today's orders, one line each. An empty list asks `me` for the account kind to show. */
export const ordersCommand = defineCommand({
  name: 'orders',
  params: [],
  required: 0,
  schema: z.object({}),
  async handle(ctx) {
    const { orders } = await ctx.core.command('orders', { identity: ctx.identity, input: {} });
    const { locale } = ctx;
    if (orders.length === 0) {
      // @NOTE: the contract's `orders` output has no account kind of its own; `me` has it.
      const me = await ctx.core.command('me', { identity: ctx.identity, input: {} });
      return { title: accountTitle(locale, me.accountKind, t(locale, 'ordersTitle', { count: 0 })), text: t(locale, 'ordersEmpty'), tone: 'info' };
    }
    return {
      title: accountTitle(locale, orders.map((o) => o.accountKind), t(locale, 'ordersTitle', { count: orders.length })),
      text: orders.map((o) => describeOrder(locale, o)).join('\n'),
      tone: 'info',
    };
  },
});

import { z } from 'zod';
import { dict, t } from '../i18n/index.js';
import { orderIdArgSchema } from './args.js';
import { defineCommand } from './define.js';
import { accountTitle } from './labels.js';
import { describeOrder } from './render.js';

/** `/cancel ORDER_ID`: asks core to cancel; says so when the order is already final. */
export const cancelCommand = defineCommand({
  name: 'cancel',
  params: ['order'],
  required: 1,
  write: true,
  schema: z.object({ order: orderIdArgSchema }),
  async handle(ctx, args) {
    const out = await ctx.core.command('cancel_order', {
      identity: ctx.identity, idempotencyKey: ctx.idempotencyKey, input: { orderId: args.order },
    });
    const { locale } = ctx;
    const line = describeOrder(locale, out.order);
    const kind = out.order.accountKind;
    if (out.cancelRequested) {
      return { title: accountTitle(locale, kind, t(locale, 'cancelRequestedTitle')), text: line, tone: 'success' };
    }
    const state = dict(locale).orderState[out.order.state];
    return {
      title: accountTitle(locale, kind, t(locale, 'cancelNotRequestedTitle')),
      text: `${t(locale, 'cancelNotRequested', { state })}\n${line}`,
      tone: 'info',
    };
  },
});

import { z } from 'zod';
import { dict, t } from '../i18n/index.js';
import { defineCommand } from './define.js';
import { accountTitle } from './labels.js';
import { describeOrder } from './render.js';

/** `/queue`: the user's queued orders with place and estimated wait, today's orders, and the account's session. */
export const queueCommand = defineCommand({
  name: 'queue',
  params: [],
  required: 0,
  schema: z.object({}),
  async handle(ctx) {
    const out = await ctx.core.command('queue', { identity: ctx.identity, input: {} });
    const { locale } = ctx;
    const d = dict(locale);
    const lines = out.queued.map((q) => {
      const place = t(locale, 'queuePosition', { position: q.position, waitSec: Math.ceil(q.estimatedWaitMs / 1000) });
      return `${describeOrder(locale, q.order)} · ${d.labels.queuePosition} ${place}`;
    });
    const session = out.inSession === null ? t(locale, 'sessionNotApplicable') : t(locale, out.inSession ? 'sessionIn' : 'sessionOut');
    return {
      title: accountTitle(locale, out.accountKind, t(locale, 'queueTitle', { count: out.queued.length })),
      text: lines.length === 0 ? t(locale, 'queueEmpty') : lines.join('\n'),
      fields: [
        { name: d.labels.tradesToday, value: t(locale, 'tradesUsedLeft', { used: out.tradesUsedToday, left: out.tradesLeftToday }) },
        { name: d.labels.session, value: session },
      ],
      tone: 'info',
    };
  },
});

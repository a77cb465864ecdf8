import { accountKindOf, type CoreCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps, UserCommandContext } from '../deps.js';
import { tradingDayOf } from '../domain/trading-day.js';
import { tradesUsedOn } from '../store/orders-store.js';
import { defaultAccountOf } from '../store/users-store.js';

/** Tier, today's trades used and left (KST day), and the tier's limits. */
export async function me(deps: CoreDeps, ctx: UserCommandContext): Promise<CoreCommandOutput<'me'>> {
  const tradingDay = tradingDayOf(deps.clock.now());
  const limits = deps.config.tierLimits[ctx.user.tier];
  const used = await tradesUsedOn(deps.db, ctx.user.id, tradingDay);
  const account = await defaultAccountOf(deps.db, ctx.user.id);
  return {
    userName: ctx.user.name,
    tier: ctx.user.tier,
    isOperator: ctx.user.is_operator,
    locale: ctx.user.locale,
    tradingDay,
    tradesUsedToday: used,
    tradesLeftToday: Math.max(0, limits.tradesPerDay - used),
    limits,
    accountKind: account ? accountKindOf(account.broker, account.environment) : null,
  };
}

import { accountKindOf, tierLimitsSchema, type CoreCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps, UserCommandContext } from '../deps.js';
import { tradesToday } from '../services/trades-today.js';
import { defaultAccountOf } from '../store/users-store.js';

/** Tier, today's trades used and left (KST day), and the tier's limits. */
export async function me(deps: CoreDeps, ctx: UserCommandContext): Promise<CoreCommandOutput<'me'>> {
  const trades = await tradesToday(deps, ctx.user);
  const account = await defaultAccountOf(deps.db, ctx.user.id);
  return {
    userName: ctx.user.name,
    tier: ctx.user.tier,
    isOperator: ctx.user.is_operator,
    locale: ctx.user.locale,
    tradingDay: trades.tradingDay,
    tradesUsedToday: trades.used,
    tradesLeftToday: trades.left,
    // The contract's limits; the command rate is only reported when hit (COMMAND_RATE_LIMITED).
    limits: tierLimitsSchema.parse(deps.config.tierLimits[ctx.user.tier]),
    accountKind: account ? accountKindOf(account.broker, account.environment) : null,
  };
}

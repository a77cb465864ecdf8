import type { CoreCommandOutput } from '@tradedesk/contracts';
import { tradingDayOf } from '../domain/trading-day.js';
import type { CoreDeps, UserCommandContext } from '../deps.js';
import { AppError } from '../errors.js';
import { buildDailyReport } from '../schedule/build-daily-report.js';
import { memoPriceLookup } from '../services/price-lookup.js';
import { defaultAccountOf } from '../store/users-store.js';

/** The day's report on demand: what the 15:40 close summary holds, for the KST day so far. */
export async function report(deps: CoreDeps, ctx: UserCommandContext): Promise<CoreCommandOutput<'report'>> {
  const account = await defaultAccountOf(deps.db, ctx.user.id);
  if (!account) throw new AppError('NO_BROKER_ACCOUNT');
  return buildDailyReport(deps, account, tradingDayOf(deps.clock.now()), memoPriceLookup(deps));
}

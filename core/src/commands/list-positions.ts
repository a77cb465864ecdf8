import { accountKindOf, type CoreCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps, UserCommandContext } from '../deps.js';
import { AppError } from '../errors.js';
import { memoPriceLookup } from '../services/price-lookup.js';
import { valuedHoldings } from '../services/valued-holdings.js';
import { defaultAccountOf } from '../store/users-store.js';

/** Open positions of the default account, valued at today's quote where one is available. */
export async function listPositions(deps: CoreDeps, ctx: UserCommandContext): Promise<CoreCommandOutput<'positions'>> {
  const account = await defaultAccountOf(deps.db, ctx.user.id);
  if (!account) throw new AppError('NO_BROKER_ACCOUNT');
  const positions = await valuedHoldings(deps, account.id, memoPriceLookup(deps));
  return { accountKind: accountKindOf(account.broker, account.environment), positions };
}

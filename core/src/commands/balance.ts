import { accountKindOf, type CoreCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps, UserCommandContext } from '../deps.js';
import { isBrokerUnavailable } from '../bridge/bridge-errors.js';
import { AppError } from '../errors.js';
import { ensureBrokerAccount } from '../services/broker-accounts.js';
import { listPositions } from './list-positions.js';

/** Cash as the broker reports it, plus open positions at today's prices. */
export async function balance(deps: CoreDeps, ctx: UserCommandContext): Promise<CoreCommandOutput<'balance'>> {
  if (!deps.broker.isReady) throw new AppError('BROKER_UNAVAILABLE');
  const account = await ensureBrokerAccount(deps, ctx.user.id);
  const { cashKrw } = await deps.broker.request('get_balance', { accountRef: account.id }).catch((error: unknown) => {
    // No answer, or none that can be read: the broker is unavailable to the user, not their input wrong.
    throw isBrokerUnavailable(error) ? new AppError('BROKER_UNAVAILABLE', {}, { cause: error }) : error;
  });
  const { positions } = await listPositions(deps, ctx);
  const positionsValueKrw = positions.reduce((sum, p) => sum + (p.valueKrw ?? p.avgPriceKrw * p.qtyShares), 0);
  return {
    accountKind: accountKindOf(account.broker, account.environment),
    cashKrw,
    positionsValueKrw,
    totalKrw: cashKrw + positionsValueKrw,
  };
}

import { accountKindOf, type CoreCommandOutput, type PositionView } from '@tradedesk/contracts';
import type { CoreDeps, UserCommandContext } from '../deps.js';
import { AppError } from '../errors.js';
import { getQuote } from '../market/get-quote.js';
import { listOpenPositions } from '../store/positions-store.js';
import { defaultAccountOf } from '../store/users-store.js';

/** Open positions of the default account, valued at today's quote where one is available. */
export async function listPositions(deps: CoreDeps, ctx: UserCommandContext): Promise<CoreCommandOutput<'positions'>> {
  const account = await defaultAccountOf(deps.db, ctx.user.id);
  if (!account) throw new AppError('NO_BROKER_ACCOUNT');
  const rows = await listOpenPositions(deps.db, account.id);
  const positions = await Promise.all(rows.map(async (row): Promise<PositionView> => {
    const lastKrw = await getQuote(deps, row.symbol).then((q) => q.lastKrw, () => null);
    return {
      symbol: row.symbol,
      name: deps.symbols.byCodeOrNull(row.symbol)?.nameKo ?? row.symbol,
      qtyShares: row.qty_shares,
      avgPriceKrw: row.avg_price_krw,
      lastKrw,
      valueKrw: lastKrw === null ? null : lastKrw * row.qty_shares,
      unrealizedPnlKrw: lastKrw === null ? null : (lastKrw - row.avg_price_krw) * row.qty_shares,
    };
  }));
  return { accountKind: accountKindOf(account.broker, account.environment), positions };
}

import type { PositionView } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';
import { listOpenPositions } from '../store/positions-store.js';
import type { PriceLookup } from './price-lookup.js';

/** The account's open positions valued at today's price where there is one (as `positions` shows them). */
export async function valuedHoldings(deps: Pick<CoreDeps, 'db' | 'symbols'>, accountId: string, priceOf: PriceLookup): Promise<PositionView[]> {
  const rows = await listOpenPositions(deps.db, accountId);
  return Promise.all(rows.map(async (row): Promise<PositionView> => {
    const lastKrw = await priceOf(row.symbol);
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
}

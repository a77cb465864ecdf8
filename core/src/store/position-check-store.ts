import type { SqlClient, SqlTx } from '../db/sql-client.js';
import { IN_FLIGHT_STATES } from '../domain/order-state.js';

type Q = SqlClient | SqlTx;

/**
 * What could move an account's positions: its orders still in flight, and how many fills it has.
 * Equal before and after a broker call (and none in flight) means no fill landed meanwhile.
 */
export interface AccountActivity {
  inFlightOrders: number;
  fills: number;
}

export async function accountActivityOf(db: Q, accountId: string): Promise<AccountActivity> {
  const rows = await db.query<{ in_flight: number; fills: number }>(
    `select (select count(*)::int from orders where account_id = $1 and state = any($2::text[])) as in_flight,
            (select count(*)::int from fills where account_id = $1) as fills`,
    [accountId, IN_FLIGHT_STATES],
  );
  return { inFlightOrders: rows[0]?.in_flight ?? 0, fills: rows[0]?.fills ?? 0 };
}

/**
 * The account's quantity per symbol, every row (zero and transiently negative too), locked until the
 * transaction ends: a fill for one of them waits until an adjustment based on them is written.
 */
export async function lockPositionQuantities(tx: SqlTx, accountId: string): Promise<Map<string, { qtyShares: number; avgPriceKrw: number }>> {
  const rows = await tx.query<{ symbol: string; qty_shares: number; avg_price_krw: number }>(
    'select symbol, qty_shares, avg_price_krw from positions where account_id = $1 order by symbol for update',
    [accountId],
  );
  return new Map(rows.map((r) => [r.symbol, { qtyShares: r.qty_shares, avgPriceKrw: r.avg_price_krw }]));
}

/**
 * Sets a position's quantity to the broker's and records why in the adjustment ledger, so the
 * quantity stays explained: the sum of fills plus the sum of adjustments. The average price is
 * kept while core held shares (a few shares more or less do not re-price the rest), else the
 * broker's is taken; realised P&L is untouched.
 */
export async function adjustPositionToBroker(
  tx: SqlTx,
  adjustment: {
    id: string; accountId: string; userId: string; symbol: string; localQtyShares: number; localAvgPriceKrw: number;
    brokerQtyShares: number; brokerAvgPriceKrw: number; reason: 'drift_within_threshold'; nowMs: number;
  },
): Promise<void> {
  const a = adjustment;
  const avgPriceKrw = a.brokerQtyShares <= 0 ? 0 : a.localQtyShares > 0 ? a.localAvgPriceKrw : a.brokerAvgPriceKrw;
  const at = new Date(a.nowMs);
  await tx.query(
    `insert into positions (account_id, user_id, symbol, qty_shares, avg_price_krw, updated_at)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (account_id, symbol) do update set qty_shares = excluded.qty_shares,
       avg_price_krw = excluded.avg_price_krw, updated_at = excluded.updated_at`,
    [a.accountId, a.userId, a.symbol, a.brokerQtyShares, avgPriceKrw, at],
  );
  await tx.query(
    `insert into position_adjustments (id, user_id, account_id, symbol, local_qty_shares, broker_qty_shares, delta_shares, reason, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [a.id, a.userId, a.accountId, a.symbol, a.localQtyShares, a.brokerQtyShares, a.brokerQtyShares - a.localQtyShares, a.reason, at],
  );
}

import type { OrderSide } from '@tradedesk/contracts';
import type { SqlClient, SqlTx } from '../db/sql-client.js';
import type { PnlFill } from './realized-pnl.js';

type Q = SqlClient | SqlTx;

/** Fills shown in a report at most; the count says how many there were. */
const DAY_FILLS_MAX = 500;
/** Fills replayed per report to compute the day's realized P&L (a bound, far above a small group's history). */
const REPLAY_FILLS_MAX = 20_000;

interface FillRow {
  symbol: string;
  side: OrderSide;
  qty_shares: number;
  price_krw: number;
  costs_krw: number;
  filled_at: Date;
}

const toPnlFill = (r: FillRow): PnlFill => ({
  symbol: r.symbol, side: r.side, qtyShares: r.qty_shares, priceKrw: r.price_krw, costsKrw: r.costs_krw, filledAtMs: r.filled_at.getTime(),
});

/** The account's fills in [fromMs, toMs), oldest first. */
export async function listFillsBetween(db: Q, accountId: string, fromMs: number, toMs: number): Promise<PnlFill[]> {
  const rows = await db.query<FillRow>(
    `select symbol, side, qty_shares, price_krw, commission_krw + tax_krw as costs_krw, filled_at from fills
      where account_id = $1 and filled_at >= $2 and filled_at < $3 order by filled_at, id limit $4`,
    [accountId, new Date(fromMs), new Date(toMs), DAY_FILLS_MAX],
  );
  return rows.map(toPnlFill);
}

export async function countFillsBetween(db: Q, accountId: string, fromMs: number, toMs: number): Promise<number> {
  const rows = await db.query<{ count: number }>(
    'select count(*)::int as count from fills where account_id = $1 and filled_at >= $2 and filled_at < $3',
    [accountId, new Date(fromMs), new Date(toMs)],
  );
  return rows[0]?.count ?? 0;
}

/** Every fill of the account in these symbols before `toMs`, oldest first: the history a replay needs. */
export async function listFillHistory(db: Q, accountId: string, symbols: readonly string[], toMs: number): Promise<PnlFill[]> {
  if (symbols.length === 0) return [];
  const rows = await db.query<FillRow>(
    `select symbol, side, qty_shares, price_krw, commission_krw + tax_krw as costs_krw, filled_at from fills
      where account_id = $1 and symbol = any($2::text[]) and filled_at < $3 order by filled_at, id limit $4`,
    [accountId, symbols, new Date(toMs), REPLAY_FILLS_MAX],
  );
  return rows.map(toPnlFill);
}

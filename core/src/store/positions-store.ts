import type { OrderSide } from '@tradedesk/contracts';
import type { SqlClient, SqlTx } from '../db/sql-client.js';

export interface PositionRow {
  symbol: string;
  qty_shares: number;
  avg_price_krw: number;
  realized_pnl_krw: number;
}

/**
 * Applies one fill to the account's position: a buy moves the average price, a sell realises P&L
 * against it (net of commission and tax). Integer won throughout; the average rounds to the won.
 * The quantity is always the sum of the fills, whatever order they arrive in: a sell applied before
 * the buy it closes takes it below zero for a moment rather than losing shares.
 */
export async function applyFillToPosition(
  tx: SqlTx,
  fill: { accountId: string; userId: string; symbol: string; side: OrderSide; qtyShares: number; priceKrw: number; costsKrw: number; nowMs: number },
): Promise<void> {
  const rows = await tx.query<PositionRow>(
    'select symbol, qty_shares, avg_price_krw, realized_pnl_krw from positions where account_id = $1 and symbol = $2 for update',
    [fill.accountId, fill.symbol],
  );
  const current = rows[0] ?? { symbol: fill.symbol, qty_shares: 0, avg_price_krw: 0, realized_pnl_krw: 0 };
  let { qty_shares: qty, avg_price_krw: avg, realized_pnl_krw: realized } = current;
  if (fill.side === 'buy') {
    const held = Math.max(0, qty);
    avg = Math.round((avg * held + fill.priceKrw * fill.qtyShares) / (held + fill.qtyShares));
    qty += fill.qtyShares;
    realized -= fill.costsKrw;
  } else {
    const soldFromHeld = Math.max(0, Math.min(qty, fill.qtyShares));
    realized += (fill.priceKrw - avg) * soldFromHeld - fill.costsKrw;
    qty -= fill.qtyShares;
    if (qty <= 0) avg = qty === 0 ? 0 : fill.priceKrw;
  }
  await tx.query(
    `insert into positions (account_id, user_id, symbol, qty_shares, avg_price_krw, realized_pnl_krw, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (account_id, symbol) do update set qty_shares = excluded.qty_shares,
       avg_price_krw = excluded.avg_price_krw, realized_pnl_krw = excluded.realized_pnl_krw, updated_at = excluded.updated_at`,
    [fill.accountId, fill.userId, fill.symbol, qty, avg, realized, new Date(fill.nowMs)],
  );
}

export async function listOpenPositions(db: SqlClient, accountId: string): Promise<PositionRow[]> {
  return db.query<PositionRow>(
    'select symbol, qty_shares, avg_price_krw, realized_pnl_krw from positions where account_id = $1 and qty_shares > 0 order by symbol',
    [accountId],
  );
}

/** Order states in which a buy may still add a position: admitted and not final. */
const PENDING_BUY_STATES = ['queued', 'sending', 'accepted', 'partially_filled', 'unknown'];

/**
 * The distinct symbols a user holds (quantity above zero) or has a pending buy for, counted
 * together, and whether `symbol` is one of them. Run after the user's row lock in the admission
 * transaction, so concurrent buys of one user see each other's orders.
 */
export async function openSymbolsOf(db: SqlClient | SqlTx, userId: string, symbol: string): Promise<{ count: number; includesSymbol: boolean }> {
  const rows = await db.query<{ count: number; includes_symbol: boolean }>(
    `with open_symbols as (
       select p.symbol from positions p where p.user_id = $1 and p.qty_shares > 0
       union
       select o.symbol from orders o where o.user_id = $1 and o.side = 'buy' and o.state = any($2::text[])
     )
     select count(*)::int as count, coalesce(bool_or(symbol = $3), false) as includes_symbol from open_symbols`,
    [userId, PENDING_BUY_STATES, symbol],
  );
  return { count: rows[0]?.count ?? 0, includesSymbol: rows[0]?.includes_symbol ?? false };
}

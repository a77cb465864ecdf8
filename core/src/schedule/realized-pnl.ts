import type { OrderSide } from '@tradedesk/contracts';

export interface PnlFill {
  symbol: string;
  side: OrderSide;
  qtyShares: number;
  priceKrw: number;
  costsKrw: number;
  filledAtMs: number;
}

/**
 * P&L realised by the fills in [fromMs, toMs): each symbol's fills are replayed from its first one
 * with the same rules as the position book (positions-store.ts: a buy moves the average, a sell
 * realises against it, commissions and taxes are subtracted), and only the effects of the fills in
 * the window are summed. `fills` must hold every fill of the symbols concerned up to `toMs`, oldest first.
 */
export function realizedPnlKrw(fills: readonly PnlFill[], fromMs: number, toMs: number): number {
  const book = new Map<string, { qty: number; avg: number }>();
  let realized = 0;
  for (const fill of fills) {
    if (fill.filledAtMs >= toMs) continue;
    const position = book.get(fill.symbol) ?? { qty: 0, avg: 0 };
    let delta = -fill.costsKrw;
    if (fill.side === 'buy') {
      const held = Math.max(0, position.qty);
      position.avg = Math.round((position.avg * held + fill.priceKrw * fill.qtyShares) / (held + fill.qtyShares));
      position.qty += fill.qtyShares;
    } else {
      const soldFromHeld = Math.max(0, Math.min(position.qty, fill.qtyShares));
      delta += (fill.priceKrw - position.avg) * soldFromHeld;
      position.qty -= fill.qtyShares;
      if (position.qty <= 0) position.avg = position.qty === 0 ? 0 : fill.priceKrw;
    }
    book.set(fill.symbol, position);
    if (fill.filledAtMs >= fromMs) realized += delta;
  }
  return realized;
}

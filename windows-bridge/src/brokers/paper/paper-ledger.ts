import type { Market, OrderSide } from '@tradedesk/contracts';
import { PAPER_SELL_TAX_CENTI_BPS } from './paper-constants.js';
import type { PaperAccountState, PaperOrder, PaperPosition } from './paper-state-store.js';

/** A paper account in memory: cash, positions by symbol, orders by clientOrderId (oldest first). */
export interface PaperAccount {
  readonly accountRef: string;
  cashKrw: number;
  readonly positions: Map<string, PaperPosition>;
  readonly orders: Map<string, PaperOrder>;
}

const CENTI_BPS_PER_UNIT = 1_000_000n;

/** A fee rate in hundredths of a basis point applied to an amount, rounded down to the won (exact integer maths). */
export function feeKrw(amountKrw: number, rateCentiBps: number): number {
  return Number((BigInt(amountKrw) * BigInt(rateCentiBps)) / CENTI_BPS_PER_UNIT);
}

/** A rate in basis points (1.5 = 0.015 %) as hundredths of a basis point. */
export function bpsToCentiBps(rateBps: number): number {
  return Math.round(rateBps * 100);
}

/** Securities transaction tax (and KOSPI's farm & fishing special tax) on a sale, each part rounded down. */
export function sellTaxKrw(amountKrw: number, market: Market): number {
  return PAPER_SELL_TAX_CENTI_BPS[market].reduce((sum, rate) => sum + feeKrw(amountKrw, rate), 0);
}

/** Cash a buy of `qtyShares` at `priceKrw` needs, commission included. */
export function buyCostKrw(priceKrw: number, qtyShares: number, commissionCentiBps: number): number {
  const amountKrw = priceKrw * qtyShares;
  return amountKrw + feeKrw(amountKrw, commissionCentiBps);
}

/** Cash held back for the unfilled part of an account's open buy orders. */
export function reservedCashKrw(openOrders: Iterable<PaperOrder>, accountRef: string, commissionCentiBps: number): number {
  let sum = 0;
  for (const o of openOrders) {
    if (o.accountRef !== accountRef || o.side !== 'buy') continue;
    sum += buyCostKrw(o.reservePriceKrw, o.qtyShares - o.filledQtyShares, commissionCentiBps);
  }
  return sum;
}

/** Shares of `symbol` held back for the unfilled part of an account's open sell orders. */
export function reservedSharesForSell(openOrders: Iterable<PaperOrder>, accountRef: string, symbol: string): number {
  let sum = 0;
  for (const o of openOrders) {
    if (o.accountRef === accountRef && o.side === 'sell' && o.symbol === symbol) sum += o.qtyShares - o.filledQtyShares;
  }
  return sum;
}

/**
 * Moves cash and shares for one fill. The average price excludes fees; a sale keeps the average
 * price of the remaining shares (their cost shrinks pro rata).
 */
export function applyFillToAccount(
  account: PaperAccount,
  fill: { side: OrderSide; symbol: string; qtyShares: number; priceKrw: number; commissionKrw: number; taxKrw: number },
): void {
  const amountKrw = fill.qtyShares * fill.priceKrw;
  const position = account.positions.get(fill.symbol) ?? { symbol: fill.symbol, qtyShares: 0, costKrw: 0 };
  if (fill.side === 'buy') {
    account.cashKrw -= amountKrw + fill.commissionKrw;
    position.qtyShares += fill.qtyShares;
    position.costKrw += amountKrw;
    account.positions.set(fill.symbol, position);
    return;
  }
  if (fill.qtyShares > position.qtyShares) throw new Error('invariant: sell fill larger than the position');
  account.cashKrw += amountKrw - fill.commissionKrw - fill.taxKrw;
  const remainingShares = position.qtyShares - fill.qtyShares;
  if (remainingShares === 0) {
    account.positions.delete(fill.symbol);
    return;
  }
  position.costKrw = Math.round((position.costKrw * remainingShares) / position.qtyShares);
  position.qtyShares = remainingShares;
}

/**
 * Fault injection, for tests only: sets the account's holding of `symbol` to `qtyShares` as if
 * shares had moved without an order (a transfer, a corporate action, a fill the broker never
 * reported), so core's positions and the broker's differ (RECON-8). The average price is kept; a
 * new holding takes `priceKrw`. Cash does not move.
 */
export function overrideHolding(account: PaperAccount, symbol: string, qtyShares: number, priceKrw: number): void {
  if (!Number.isSafeInteger(qtyShares) || qtyShares < 0) throw new Error('invariant: a holding is a whole, non-negative number of shares');
  const position = account.positions.get(symbol);
  if (qtyShares === 0) {
    account.positions.delete(symbol);
    return;
  }
  const avgPriceKrw = position ? averagePriceKrw(position) : priceKrw;
  account.positions.set(symbol, { symbol, qtyShares, costKrw: avgPriceKrw * qtyShares });
}

/** Whole-won average price of a position. */
export function averagePriceKrw(position: PaperPosition): number {
  return Math.round(position.costKrw / position.qtyShares);
}

/** An account as persisted (orders and positions as arrays, oldest order first). */
export function accountToState(account: PaperAccount): PaperAccountState {
  return { accountRef: account.accountRef, cashKrw: account.cashKrw, positions: [...account.positions.values()], orders: [...account.orders.values()] };
}

/** An account from its persisted form (the objects are reused, not copied). */
export function accountFromState(state: PaperAccountState): PaperAccount {
  return {
    accountRef: state.accountRef,
    cashKrw: state.cashKrw,
    positions: new Map(state.positions.map((p) => [p.symbol, p])),
    orders: new Map(state.orders.map((o) => [o.clientOrderId, o])),
  };
}

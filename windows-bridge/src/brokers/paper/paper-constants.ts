import type { Market } from '@tradedesk/contracts';

/** Rate limits declared and enforced in `unlimited` session mode: generous. */
export const PAPER_ORDERS_PER_SECOND_MAX_DEFAULT = 100;
export const PAPER_CALLS_PER_MINUTE_MAX_DEFAULT = 6_000;
/** Rate limits in `single` session mode: Kiwoom OpenAPI+ allows 5 orders/s (KIWOOM.md part B). */
export const PAPER_SINGLE_ORDERS_PER_SECOND_MAX_DEFAULT = 5;
export const PAPER_SINGLE_CALLS_PER_MINUTE_MAX_DEFAULT = 600;
export const PAPER_QUOTE_SUBSCRIPTIONS_MAX = 200;

export const PAPER_TICK_INTERVAL_MS_DEFAULT = 1_000;
export const PAPER_LIQUIDITY_SHARES_PER_TICK_DEFAULT = 1_000;
/** 0.015 %, a common online discount rate (KRX.md §5b). */
export const PAPER_COMMISSION_BPS_DEFAULT = 1.5;
export const PAPER_ORDERS_PER_ACCOUNT_MAX_DEFAULT = 50_000;
/** Matches the contract's bound on `BrokerOrder.fills`; large orders take bigger slices to stay under it. */
export const PAPER_FILLS_PER_ORDER_MAX = 10_000;
export const PAPER_ACCOUNTS_MAX = 10_000;
/** Quote-only price changes are written at most this often; orders and fills are written at once. */
export const PAPER_PRICE_WRITE_INTERVAL_MS = 1_000;
/** Simulated market volume added per step per symbol is drawn from [0, this). */
export const PAPER_STEP_VOLUME_SHARES_MAX = 2_000;

/**
 * Securities transaction tax on sells, by market, for trades settling in 2026 (KRX.md §5a), as
 * separately levied components in hundredths of a basis point (1 = 0.0001 %), each rounded down to
 * the won: KOSPI 0.05 % transaction tax + 0.15 % farm & fishing special tax = 0.20 %; KOSDAQ 0.20 %;
 * KONEX 0.10 %. ETFs are exempt from the securities transaction tax, so 0.
 */
export const PAPER_SELL_TAX_CENTI_BPS: Readonly<Record<Market, readonly number[]>> = {
  KOSPI: [500, 1_500],
  KOSDAQ: [2_000],
  KONEX: [1_000],
  ETF: [],
};

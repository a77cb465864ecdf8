import { z } from 'zod';
import { accountKindSchema } from './account.js';
import { epochMsSchema, krwSchema, positiveKrwSchema, positiveSharesSchema, sharesSchema, symbolCodeSchema, uuidSchema } from './common.js';

export const orderSideSchema = z.enum(['buy', 'sell']);
export type OrderSide = z.infer<typeof orderSideSchema>;

export const orderTypeSchema = z.enum(['market', 'limit']);
export type OrderType = z.infer<typeof orderTypeSchema>;

/**
 * queued → sending → accepted → partially_filled → filled | cancelled | rejected | unknown | lost | expired.
 * `unknown`: sent, outcome not yet known (never treated as failed); `lost`: the broker repeatedly does not know it.
 */
export const ORDER_STATES = [
  'queued', 'sending', 'accepted', 'partially_filled', 'filled',
  'cancelled', 'rejected', 'unknown', 'lost', 'expired',
] as const;
export const orderStateSchema = z.enum(ORDER_STATES);
export type OrderState = z.infer<typeof orderStateSchema>;

export const FINAL_ORDER_STATES: readonly OrderState[] = ['filled', 'cancelled', 'rejected', 'lost', 'expired'];

export const orderPrioritySchema = z.enum(['urgent', 'vip', 'normal']);
export type OrderPriority = z.infer<typeof orderPrioritySchema>;

/** The largest quantity one order may carry, whatever the tier. */
export const ORDER_QTY_SHARES_MAX = 10_000_000;
/** No KRX share trades anywhere near this; a larger price is a typing mistake. */
export const ORDER_PRICE_KRW_MAX = 100_000_000;

/** What a person asks for; the price is absent for a market order. */
export const orderIntentSchema = z.object({
  symbol: symbolCodeSchema,
  side: orderSideSchema,
  qtyShares: positiveSharesSchema,
  priceKrw: positiveKrwSchema.optional(),
});
export type OrderIntent = z.infer<typeof orderIntentSchema>;

export const orderViewSchema = z.object({
  id: uuidSchema,
  /** A short form of the id that people type: the first 8 hex digits. */
  shortId: z.string(),
  symbol: symbolCodeSchema,
  symbolName: z.string(),
  side: orderSideSchema,
  orderType: orderTypeSchema,
  qtyShares: positiveSharesSchema,
  priceKrw: positiveKrwSchema.nullable(),
  state: orderStateSchema,
  filledQtyShares: sharesSchema,
  avgFillPriceKrw: krwSchema.nullable(),
  rejectReason: z.string().nullable(),
  accountKind: accountKindSchema,
  createdAt: epochMsSchema,
  /** Who placed it (issue #5): a person, a strategy (its short id, null once removed), or found at the broker. */
  source: z.enum(['manual', 'strategy', 'external']).optional(),
  strategyShortId: z.string().nullable().optional(),
});
export type OrderView = z.infer<typeof orderViewSchema>;

export const fillViewSchema = z.object({
  orderId: uuidSchema,
  shortId: z.string(),
  symbol: symbolCodeSchema,
  symbolName: z.string(),
  side: orderSideSchema,
  qtyShares: positiveSharesSchema,
  priceKrw: positiveKrwSchema,
  commissionKrw: krwSchema,
  taxKrw: krwSchema,
  orderFilledQtyShares: sharesSchema,
  orderQtyShares: positiveSharesSchema,
  orderState: orderStateSchema,
  accountKind: accountKindSchema,
  filledAt: epochMsSchema,
});
export type FillView = z.infer<typeof fillViewSchema>;

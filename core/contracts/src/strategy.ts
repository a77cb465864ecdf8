import { z } from 'zod';
import { epochMsSchema, positiveKrwSchema, positiveSharesSchema, symbolCodeSchema, uuidSchema } from './common.js';
import { errorCodeSchema, errorParamsSchema } from './errors.js';
import { ORDER_QTY_SHARES_MAX, orderSideSchema } from './order.js';

/**
 * Strategies (issue #5): per-user instances bound to one symbol and a size, run by core on the
 * shared feed. Their orders go through the same admission as manual ones, tagged with the strategy.
 */
export const STRATEGY_KINDS = ['price_band', 'ma_cross', 'rsi', 'trailing_stop', 'dca'] as const;
export const strategyKindSchema = z.enum(STRATEGY_KINDS);
export type StrategyKind = z.infer<typeof strategyKindSchema>;

/** How much each action trades: whole shares, or a KRW amount turned into floor(amount / price) shares. */
export const strategySizeSchema = z.union([
  z.object({ qtyShares: positiveSharesSchema.max(ORDER_QTY_SHARES_MAX) }).strict(),
  z.object({ amountKrw: positiveKrwSchema.max(10_000_000_000) }).strict(),
]);
export type StrategySize = z.infer<typeof strategySizeSchema>;

/** KST minutes of the continuous session (09:00–15:20) in which a daily DCA time may fall. */
export const DCA_MINUTE_MIN = 9 * 60;
export const DCA_MINUTE_MAX = 15 * 60 + 20;

export const priceBandParamsSchema = z.object({
  buyAtOrBelowKrw: positiveKrwSchema,
  sellAtOrAboveKrw: positiveKrwSchema,
}).strict().refine((p) => p.buyAtOrBelowKrw < p.sellAtOrAboveKrw, { message: 'buy level below sell level', path: ['sellAtOrAboveKrw'] });

export const maCrossParamsSchema = z.object({
  shortPeriod: z.number().int().min(1).max(120),
  longPeriod: z.number().int().min(2).max(240),
}).strict().refine((p) => p.shortPeriod < p.longPeriod, { message: 'short period below long period', path: ['longPeriod'] });

export const rsiParamsSchema = z.object({
  period: z.number().int().min(2).max(100),
  buyBelow: z.number().int().min(1).max(99),
  sellAbove: z.number().int().min(1).max(99),
}).strict().refine((p) => p.buyBelow < p.sellAbove, { message: 'buy threshold below sell threshold', path: ['sellAbove'] });

/** Percent from the high in basis points (1% = 100), so it stays an integer. */
export const trailingStopParamsSchema = z.object({
  trailBps: z.number().int().min(10).max(5_000),
}).strict();

export const dcaScheduleSchema = z.discriminatedUnion('every', [
  /** Once per trading day, at the first quote at or after this KST minute of the day. */
  z.object({ every: z.literal('day'), atMinuteKst: z.number().int().min(DCA_MINUTE_MIN).max(DCA_MINUTE_MAX) }).strict(),
  /** Every N minutes of the continuous session, counted from 09:00 KST. */
  z.object({ every: z.literal('minutes'), minutes: z.number().int().min(1).max(390) }).strict(),
]);
export const dcaParamsSchema = z.object({ schedule: dcaScheduleSchema }).strict();

export type PriceBandParams = z.infer<typeof priceBandParamsSchema>;
export type MaCrossParams = z.infer<typeof maCrossParamsSchema>;
export type RsiParams = z.infer<typeof rsiParamsSchema>;
export type TrailingStopParams = z.infer<typeof trailingStopParamsSchema>;
export type DcaParams = z.infer<typeof dcaParamsSchema>;

const specOf = <K extends StrategyKind, P extends z.ZodType>(kind: K, params: P) =>
  z.object({ kind: z.literal(kind), symbol: symbolCodeSchema, size: strategySizeSchema, params }).strict();

/** What defines a strategy: kind, symbol, size and the kind's parameters. DCA trades a KRW amount. */
export const strategySpecSchema = z.discriminatedUnion('kind', [
  specOf('price_band', priceBandParamsSchema),
  specOf('ma_cross', maCrossParamsSchema),
  specOf('rsi', rsiParamsSchema),
  specOf('trailing_stop', trailingStopParamsSchema),
  specOf('dca', dcaParamsSchema),
]).refine((s) => s.kind !== 'dca' || 'amountKrw' in s.size, { message: 'DCA trades a KRW amount', path: ['size'] });
export type StrategySpec = z.infer<typeof strategySpecSchema>;

export const strategyViewSchema = z.object({
  id: uuidSchema,
  /** The first 8 hex digits of the id, which people type. */
  shortId: z.string(),
  symbolName: z.string(),
  enabled: z.boolean(),
  createdAt: epochMsSchema,
  spec: strategySpecSchema,
});
export type StrategyView = z.infer<typeof strategyViewSchema>;

/** A strategy as people name it: the short id from `strategy list` or the whole uuid. */
const strategyIdInputSchema = z.string().trim().toLowerCase().regex(/^[0-9a-f-]{4,36}$/, 'a strategy id');

export const strategyCommandInputSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('list') }).strict(),
  z.object({ action: z.literal('add'), spec: strategySpecSchema }).strict(),
  z.object({ action: z.literal('enable'), id: strategyIdInputSchema }).strict(),
  z.object({ action: z.literal('disable'), id: strategyIdInputSchema }).strict(),
  z.object({ action: z.literal('remove'), id: strategyIdInputSchema }).strict(),
]);
export type StrategyCommandInput = z.infer<typeof strategyCommandInputSchema>;

export const strategyCommandOutputSchema = z.object({
  /** The strategy added, switched or removed; null for `list`. */
  changed: strategyViewSchema.nullable(),
  /**
   * False when the strategy could not be switched on because the bridge's real-time registrations
   * are all in use: it is kept, switched off, and the user is told. Null when nothing was switched on.
   */
  streaming: z.boolean().nullable(),
  strategies: z.array(strategyViewSchema),
  strategiesMax: z.number().int().nonnegative(),
});

/**
 * Why a strategy acted, as a code the bot words in each language, with its numbers (KRW, periods,
 * indicator values ×100 where fractional).
 */
export const STRATEGY_REASONS = [
  'band_buy', 'band_sell', 'ma_golden_cross', 'ma_dead_cross', 'rsi_oversold', 'rsi_overbought',
  'trailing_stop', 'dca_daily', 'dca_interval',
] as const;
export const strategyReasonSchema = z.object({
  code: z.enum(STRATEGY_REASONS),
  params: z.record(z.string(), z.number().int().safe()),
});
export type StrategyReason = z.infer<typeof strategyReasonSchema>;

/** The strategy_action notification's body beyond its kind. */
export const strategyActionSchema = z.object({
  strategyId: uuidSchema,
  shortId: z.string(),
  strategyKind: strategyKindSchema,
  symbol: symbolCodeSchema,
  name: z.string(),
  side: orderSideSchema,
  qtyShares: positiveSharesSchema,
  /** The price the decision was made at. */
  priceKrw: positiveKrwSchema,
  reason: strategyReasonSchema,
  /** The order placed (its short id), or null when admission refused it. */
  orderShortId: z.string().nullable(),
  urgent: z.boolean(),
  /** Why admission refused the order (an error code and its params); the strategy keeps running. */
  refusal: z.object({ code: errorCodeSchema, params: errorParamsSchema }).nullable(),
});
export type StrategyAction = z.infer<typeof strategyActionSchema>;

import { z } from 'zod';
import { accountKindSchema, positionViewSchema } from './account.js';
import { krwSchema, positiveKrwSchema, positiveSharesSchema, symbolCodeSchema } from './common.js';
import { symbolInfoSchema } from './market.js';
import { orderSideSchema } from './order.js';

/**
 * The day's report and the pre-open brief (issue #5), and the chart images that travel with them.
 * Lists are bounded; a `...Total` field says how many there were when a list was cut.
 */

/** Largest chart PNG core sends (bytes); a chart over it is not sent rather than cut. */
export const CHART_PNG_BYTES_MAX = 512 * 1024;
/** The same bound as base64 text. */
export const CHART_PNG_BASE64_CHARS_MAX = Math.ceil(CHART_PNG_BYTES_MAX / 3) * 4;
/** Items listed per section of a report or brief. */
export const REPORT_ITEMS_MAX = 30;

const tradingDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A PNG as base64 with a short text alternative (for screen readers and text-only platforms). */
export const chartImageSchema = z.object({
  pngBase64: z.string().min(1).max(CHART_PNG_BASE64_CHARS_MAX).regex(/^[A-Za-z0-9+/]+={0,2}$/),
  alt: z.string().max(200),
});
export type ChartImage = z.infer<typeof chartImageSchema>;

/** `chart SYMBOL [1d|5d|1m]`: one day of 1-minute candles, five days of 5-minute candles, a month of daily ones. */
export const CHART_RANGES = ['1d', '5d', '1m'] as const;
export const chartRangeSchema = z.enum(CHART_RANGES);
export type ChartRange = z.infer<typeof chartRangeSchema>;

export const chartOutputSchema = z.object({
  symbol: symbolInfoSchema,
  range: chartRangeSchema,
  /** How many candles the chart shows; 0 when core has no bars for the range (then `image` is null). */
  candles: z.number().int().nonnegative(),
  image: chartImageSchema.nullable(),
});

export const reportFillSchema = z.object({
  symbol: symbolCodeSchema,
  name: z.string(),
  side: orderSideSchema,
  qtyShares: positiveSharesSchema,
  priceKrw: positiveKrwSchema,
});

/** The close summary and `report`: the day's fills, realized and unrealized P&L, holdings, a portfolio chart. */
export const dailyReportSchema = z.object({
  tradingDay: tradingDaySchema,
  accountKind: accountKindSchema,
  fills: z.array(reportFillSchema).max(REPORT_ITEMS_MAX),
  fillsTotal: z.number().int().nonnegative(),
  /** P&L realised by today's sells, net of today's commissions and taxes. */
  realizedPnlKrw: krwSchema,
  /** Over the holdings that have a price today; null when none has. */
  unrealizedPnlKrw: krwSchema.nullable(),
  positions: z.array(positionViewSchema).max(REPORT_ITEMS_MAX),
  positionsTotal: z.number().int().nonnegative(),
  /** Unrealized P&L per holding (red up, blue down); null without holdings that have a price. */
  chart: chartImageSchema.nullable(),
});
export type DailyReport = z.infer<typeof dailyReportSchema>;

/** The pre-open brief: holdings, strategies on, alerts armed. */
export const preOpenBriefSchema = z.object({
  tradingDay: tradingDaySchema,
  /** The regular session's open that day in KST, `HH:MM` (10:00 on a delayed-open day). */
  opensAt: z.string().regex(/^\d{2}:\d{2}$/),
  accountKind: accountKindSchema.nullable(),
  positions: z.array(positionViewSchema).max(REPORT_ITEMS_MAX),
  positionsTotal: z.number().int().nonnegative(),
  strategies: z.array(z.object({ id: z.string().min(1).max(64), kind: z.string().max(32), symbol: symbolCodeSchema, name: z.string() })).max(REPORT_ITEMS_MAX),
  strategiesTotal: z.number().int().nonnegative(),
  alerts: z.array(z.object({
    id: z.string().min(1).max(64), symbol: symbolCodeSchema, name: z.string(), direction: z.enum(['above', 'below']),
    /** Exactly one of the two: a price, or a change from the previous close in basis points. */
    thresholdKrw: positiveKrwSchema.nullable(),
    percentBp: z.number().int().min(-10_000).max(10_000).nullable(),
  })).max(REPORT_ITEMS_MAX),
  alertsTotal: z.number().int().nonnegative(),
});
export type PreOpenBrief = z.infer<typeof preOpenBriefSchema>;

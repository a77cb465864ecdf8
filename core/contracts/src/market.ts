import { z } from 'zod';
import { epochMsSchema, krwSchema, symbolCodeSchema } from './common.js';

export const MARKETS = ['KOSPI', 'KOSDAQ', 'KONEX', 'ETF'] as const;
export const marketSchema = z.enum(MARKETS);
export type Market = z.infer<typeof marketSchema>;

export const symbolInfoSchema = z.object({
  code: symbolCodeSchema,
  nameKo: z.string().min(1),
  nameEn: z.string(),
  market: marketSchema,
});
export type SymbolInfo = z.infer<typeof symbolInfoSchema>;

/** A snapshot of one symbol's trading day, as the broker (or the paper feed) reports it. */
export const quoteSchema = z.object({
  symbol: symbolCodeSchema,
  lastKrw: krwSchema.positive(),
  prevCloseKrw: krwSchema.positive(),
  openKrw: krwSchema.positive(),
  highKrw: krwSchema.positive(),
  lowKrw: krwSchema.positive(),
  volumeShares: z.number().int().nonnegative(),
  /** The day's price limits (상한가 / 하한가) as the broker states them. */
  upperLimitKrw: krwSchema.positive(),
  lowerLimitKrw: krwSchema.positive(),
  at: epochMsSchema,
});
export type Quote = z.infer<typeof quoteSchema>;

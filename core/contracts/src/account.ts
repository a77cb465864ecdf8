import { z } from 'zod';
import { krwSchema, sharesSchema, symbolCodeSchema } from './common.js';

export const BROKERS = ['paper', 'kis', 'kiwoom'] as const;
export const brokerSchema = z.enum(BROKERS);
export type Broker = z.infer<typeof brokerSchema>;

export const brokerEnvironmentSchema = z.enum(['real', 'mock']);
export type BrokerEnvironment = z.infer<typeof brokerEnvironmentSchema>;

/** What every message about an account says, so nobody mistakes practice for real money. */
export const accountKindSchema = z.enum(['live', 'broker_mock', 'paper']);
export type AccountKind = z.infer<typeof accountKindSchema>;

export function accountKindOf(broker: Broker, environment: BrokerEnvironment): AccountKind {
  if (broker === 'paper') return 'paper';
  return environment === 'real' ? 'live' : 'broker_mock';
}

export const positionViewSchema = z.object({
  symbol: symbolCodeSchema,
  name: z.string(),
  qtyShares: sharesSchema,
  avgPriceKrw: krwSchema,
  lastKrw: krwSchema.nullable(),
  valueKrw: krwSchema.nullable(),
  unrealizedPnlKrw: krwSchema.nullable(),
});
export type PositionView = z.infer<typeof positionViewSchema>;

export const balanceViewSchema = z.object({
  accountKind: accountKindSchema,
  cashKrw: krwSchema,
  positionsValueKrw: krwSchema,
  totalKrw: krwSchema,
});
export type BalanceView = z.infer<typeof balanceViewSchema>;

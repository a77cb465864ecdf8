import type { AccountKind, ErrorCode, Locale, OrderSide, OrderState, OrderType, Tier } from '@tradedesk/contracts';
import type { CommandName } from '../commands/names.js';

/** Reads one error param for a message; a missing or mistyped param renders as `?`, never throws. */
export interface ErrorParamReader {
  krw(key: string): string;
  num(key: string): string;
  str(key: string): string;
  /** An order state param rendered with the locale's state name. */
  state(key: string): string;
  has(key: string): boolean;
}

/** Problems the bot finds in a command's arguments before calling core. */
export const ARG_PROBLEMS = [
  'qtyNotNumber', 'qtyNotWhole', 'qtyNotPositive', 'qtyTooLarge',
  'priceNotNumber', 'priceNotWhole', 'priceNotPositive', 'priceTooLarge',
  'symbolInvalid', 'orderIdInvalid', 'linkCodeInvalid',
] as const;
export type ArgProblem = (typeof ARG_PROBLEMS)[number];
export interface ArgProblemParams { value: string; max: number }

/** Short labels: field names in replies. */
export const LABELS = [
  'tier', 'account', 'noAccount', 'operator', 'yes', 'tradesToday', 'orderValueMax', 'tradingDay',
  'open', 'high', 'low', 'volume', 'limits', 'orderId', 'queuePosition',
  'cash', 'positionsValue', 'total', 'fees', 'market', 'avgPrice', 'lastPrice', 'pnl',
] as const;
export type Label = (typeof LABELS)[number];

/** Sentences with parameters. Every locale implements all of them (the compiler checks). */
export interface Messages {
  unknownCommand(p: { name: string }): string;
  usage(p: { usage: string }): string;
  coreUnavailable(): string;
  coreTimeout(): string;
  coreTimeoutOrder(): string;
  unexpectedError(p: { errorId: string }): string;
  symbolAmbiguous(p: { query: string; shown: number; more: boolean }): string;
  helpTitle(): string;
  helpTips(): string;
  linkedTitle(): string;
  linked(p: { userName: string; tier: string }): string;
  meTitle(p: { userName: string }): string;
  tradesToday(p: { used: number; limit: number; left: number }): string;
  priceTitle(p: { name: string; code: string; market: string }): string;
  orderPlacedTitle(p: { side: string }): string;
  queuePosition(p: { position: number; waitSec: number }): string;
  ordersTitle(p: { count: number }): string;
  ordersEmpty(): string;
  cancelRequestedTitle(): string;
  cancelNotRequestedTitle(): string;
  cancelNotRequested(p: { state: string }): string;
  positionsTitle(p: { count: number }): string;
  positionsEmpty(): string;
  balanceTitle(): string;
  notifyAccepted(): string;
  notifyRejected(): string;
  notifyCancelled(): string;
  notifyUpdate(p: { state: string }): string;
  operatorOrderLost(p: { user: string }): string;
  operatorOrderAdopted(p: { user: string }): string;
  notifyFilled(): string;
  notifyPartiallyFilled(): string;
  rejectReason(p: { reason: string }): string;
  filledProgress(p: { filled: string; total: string; avg: string | null }): string;
  coreNotRunning(p: { url: string }): string;
  coreTokenMissing(p: { file: string }): string;
  coreTokenRejected(): string;
}

/** One locale's texts. `en` is typed against this, so a missing key fails the build. */
export interface Dictionary {
  accountKind: Record<AccountKind, string>;
  side: Record<OrderSide, string>;
  orderType: Record<OrderType, string>;
  orderState: Record<OrderState, string>;
  tier: Record<Tier, string>;
  labels: Record<Label, string>;
  commands: Record<CommandName, { usage: string; description: string }>;
  argProblems: Record<ArgProblem, (p: ArgProblemParams) => string>;
  errors: Record<ErrorCode, (p: ErrorParamReader) => string>;
  messages: Messages;
}

export type { Locale };

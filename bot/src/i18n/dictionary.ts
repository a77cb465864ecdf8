import type { AccountKind, ConnectInput, ErrorCode, Locale, NotifyKind, NotifyMode, OrderSide, OrderState, OrderType, Tier } from '@tradedesk/contracts';
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
  'languageInvalid', 'brokerInvalid', 'environmentInvalid', 'appKeyInvalid', 'appSecretInvalid', 'accountNumberInvalid',
  'notifyKindInvalid', 'notifyModeInvalid', 'quietHoursInvalid', 'directionInvalid', 'strategyTypeInvalid',
  'idInvalid', 'userNameInvalid', 'tierInvalid',
] as const;
export type ArgProblem = (typeof ARG_PROBLEMS)[number];
export interface ArgProblemParams { value: string; max: number }

/** Short labels: field names in replies. */
export const LABELS = [
  'tier', 'account', 'noAccount', 'operator', 'yes', 'tradesToday', 'orderValueMax', 'tradingDay',
  'open', 'high', 'low', 'volume', 'limits', 'orderId', 'queuePosition',
  'cash', 'positionsValue', 'total', 'fees', 'market', 'avgPrice', 'lastPrice', 'pnl',
  'symbol', 'side', 'qty', 'price', 'estimatedAmount', 'session', 'quietHours',
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
  requestDone(): string;
  actionExpired(): string;
  actionNotYours(): string;
  actionAlreadyHandled(): string;
  actionConfirm(): string;
  actionCancel(): string;
  actionCancelled(): string;
  confirmWithin(p: { seconds: number }): string;
  orderDraftTitle(p: { side: string }): string;
  estimateMarket(p: { amount: string; last: string }): string;
  unlinkedTitle(): string;
  unlinked(p: { userName: string }): string;
  langSetTitle(): string;
  langSet(): string;
  connectedTitle(): string;
  connected(p: { broker: string; account: string }): string;
  queueTitle(p: { count: number }): string;
  queueEmpty(): string;
  tradesUsedLeft(p: { used: number; left: number }): string;
  sessionIn(): string;
  sessionOut(): string;
  sessionNotApplicable(): string;
  notifyTitle(): string;
  quietHoursRange(p: { start: string; end: string }): string;
  quietHoursOff(): string;
  notifyHint(): string;
  alertTriggeredTitle(): string;
  alertTriggered(p: { symbol: string; price: string; threshold: string; direction: 'above' | 'below' }): string;
  notificationsCoalesced(p: { count: number }): string;
  haltDraftTitle(): string;
  haltDraft(): string;
  haltedTitle(): string;
  halted(): string;
  resumedTitle(): string;
  resumed(): string;
  usersTitle(p: { count: number }): string;
  userLine(p: { name: string; tier: string; operator: boolean; chats: number; tradesToday: number }): string;
  tierSetTitle(): string;
  tierSet(p: { userName: string; tier: string }): string;
  invitedTitle(): string;
  invited(p: { userName: string; tier: string; code: string; expires: string }): string;
}

/** One locale's texts. `en` is typed against this, so a missing key fails the build. */
export interface Dictionary {
  accountKind: Record<AccountKind, string>;
  side: Record<OrderSide, string>;
  orderType: Record<OrderType, string>;
  orderState: Record<OrderState, string>;
  tier: Record<Tier, string>;
  labels: Record<Label, string>;
  /** `usage` for /help and usage errors; `description` at most 100 characters (Discord's limit). */
  commands: Record<CommandName, { usage: string; description: string }>;
  /** Descriptions of the subcommands in the catalog (at most 100 characters); a test checks completeness. */
  subcommands: Partial<Record<CommandName, Record<string, string>>>;
  /** Descriptions of the option names in the catalog (at most 100 characters). */
  options: Record<string, string>;
  brokerName: Record<ConnectInput['broker'], string>;
  notifyKind: Record<NotifyKind, string>;
  notifyMode: Record<NotifyMode, string>;
  argProblems: Record<ArgProblem, (p: ArgProblemParams) => string>;
  errors: Record<ErrorCode, (p: ErrorParamReader) => string>;
  messages: Messages;
}

export type { Locale };

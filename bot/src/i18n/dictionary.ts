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
  // price (market data): the previous close line, and the mark of a price at the day's limit
  pricePrevClose(p: { krw: string }): string;
  priceAtLimit(p: { upper: boolean }): string;
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
  operatorOrderAmbiguous(p: { user: string }): string;
  operatorPositionDrift(p: { user: string }): string;
  tradingPausedTitle(): string;
  tradingPausedPositionDrift(): string;
  positionDriftLine(p: { symbol: string; local: string; broker: string }): string;
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
  // Scheduled messages, `report` and `chart` (issue #5).
  reportTitle(p: { day: string }): string;
  closeSummaryTitle(p: { day: string }): string;
  reportFills(p: { count: number }): string;
  reportNoFills(): string;
  reportRealized(p: { pnl: string }): string;
  reportUnrealized(p: { pnl: string }): string;
  reportHoldings(p: { count: number }): string;
  reportMore(p: { count: number }): string;
  preOpenTitle(p: { day: string; opensAt: string }): string;
  preOpenStrategies(p: { count: number }): string;
  preOpenAlerts(p: { count: number }): string;
  preOpenAlertLine(p: { symbol: string; direction: 'above' | 'below'; threshold: string }): string;
  preOpenAlertPercent(p: { pct: string }): string;
  chartTitle(p: { symbol: string; range: '1d' | '5d' | '1m' }): string;
  chartCaption(p: { candles: number }): string;
  chartNoData(p: { symbol: string }): string;
  chartSavedTo(p: { path: string }): string;
}

/** Texts of the `alert` command (price alerts, issue #5). */
export interface AlertTexts {
  addedTitle(): string;
  removedTitle(): string;
  listTitle(p: { count: number; max: number }): string;
  listEmpty(): string;
  /** `75,000원 이상` / `at or above KRW 75,000`. */
  condition(p: { direction: 'above' | 'below'; level: string }): string;
  /** A percent level: `전일 대비 +3.00% (72,100원)`; `level` null before a previous close is known. */
  percentLevel(p: { pct: string; level: string | null }): string;
  repeatEvery(p: { cooldown: string }): string;
  oneShot(): string;
  state: Record<'armed' | 'triggered' | 'disabled', string>;
  notLive(): string;
  alreadyBeyond(p: { last: string }): string;
  armedCount(p: { count: number; max: number }): string;
  lastTriggered(p: { at: string }): string;
  /** A cooldown: `10분`, `1시간 30분` / `10 min`, `1 h 30 min`. */
  duration(p: { hours: number; minutes: number; seconds: number }): string;
  levelInvalid(p: { value: string }): string;
  repeatInvalid(p: { value: string }): string;
}

/** The strategy types as people type them (`band` is the price band). */
export type StrategyType = 'band' | 'ma_cross' | 'rsi' | 'trailing_stop' | 'dca';

/** A strategy's parameters, already formatted (prices, percents, times), for one line of text. */
export type StrategyParamsText =
  | { type: 'band'; buy: string; sell: string }
  | { type: 'ma_cross'; short: number; long: number }
  | { type: 'rsi'; period: number; buyBelow: number; sellAbove: number }
  | { type: 'trailing_stop'; percent: string }
  | { type: 'dca'; daily: string | null; everyMinutes: number | null };

/** Why a strategy acted, already formatted. */
export type StrategyReasonText =
  | { code: 'band_buy' | 'band_sell'; price: string; level: string }
  | { code: 'ma_golden_cross' | 'ma_dead_cross'; short: number; long: number; shortMa: string; longMa: string }
  | { code: 'rsi_oversold' | 'rsi_overbought'; period: number; rsi: string; threshold: number }
  | { code: 'trailing_stop'; high: string; stop: string; price: string; percent: string }
  | { code: 'dca_daily'; time: string; amount: string }
  | { code: 'dca_interval'; minutes: number; amount: string };

/** Texts of the `strategy` command and the strategy_action notification (issue #5). */
export interface StrategyTexts {
  typeName: Record<StrategyType, string>;
  /** The token grammar of `strategy add` for one type, with an example: the help of `/strategy add`. */
  grammar: Record<StrategyType, string>;
  grammarTitle(): string;
  grammarSizeHint(): string;
  params(p: StrategyParamsText): string;
  enabled(p: { enabled: boolean }): string;
  listTitle(p: { count: number; max: number }): string;
  listEmpty(): string;
  changedTitle(p: { action: 'add' | 'enable' | 'disable' | 'remove' }): string;
  notStreamed(): string;
  actionTitle(p: { side: string; refused: boolean }): string;
  reason(p: StrategyReasonText): string;
  orderPlaced(p: { orderId: string; urgent: boolean }): string;
  refused(p: { error: string }): string;
  /** In `/orders`: which strategy placed the order (null once it was removed). */
  orderTag(p: { shortId: string | null }): string;
  sizeInvalid(p: { value: string }): string;
  paramsInvalid(p: { type: StrategyType }): string;
  dcaNeedsAmount(): string;
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
  alerts: AlertTexts;
  strategies: StrategyTexts;
}

export type { Locale };

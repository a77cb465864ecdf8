import { z } from 'zod';

/**
 * Every error a person or a client can see, with the HTTP status core answers it with.
 * The bot renders each code in the user's language from its `params`; core never sends prose.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNKNOWN_COMMAND: 400,
  SYMBOL_UNKNOWN: 400,
  SYMBOL_AMBIGUOUS: 400,
  QTY_INVALID: 400,
  QTY_TOO_LARGE: 400,
  PRICE_INVALID: 400,
  PRICE_OFF_TICK: 400,
  PRICE_OUT_OF_LIMIT: 400,
  ORDER_VALUE_TOO_LARGE: 400,
  IDEMPOTENCY_CONFLICT: 409,
  ORDER_NOT_FOUND: 404,
  ORDER_ID_AMBIGUOUS: 400,
  ORDER_NOT_CANCELLABLE: 409,
  LINK_CODE_INVALID: 400,
  LINK_RATE_LIMITED: 429,
  ALREADY_LINKED: 409,
  NOT_LINKED: 403,
  NOT_AUTHORIZED: 403,
  PRIVATE_CHAT_REQUIRED: 403,
  NO_BROKER_ACCOUNT: 409,
  DAILY_TRADE_LIMIT: 429,
  QUEUE_FULL: 503,
  /**
   * IDEM-12, brokers without client order ids: an earlier order of this symbol has an unknown
   * outcome; a new one would be indistinguishable from it (params: symbol, name, nameEn).
   */
  PREVIOUS_ORDER_UNRESOLVED: 409,
  TRADING_HALTED: 503,
  USER_PAUSED: 403,
  QUOTE_UNAVAILABLE: 503,
  BROKER_UNAVAILABLE: 503,
  BROKER_REJECTED: 422,
  USER_EXISTS: 409,
  USER_NOT_FOUND: 404,
  ACTIVE_USERS_LIMIT: 409,
  OPEN_POSITIONS_LIMIT: 429,
  UNAUTHENTICATED: 401,
  NOT_AVAILABLE_YET: 501,
  /** Too many commands from one user in a minute for their tier (params: limitPerMinute, retryAfterSec). */
  COMMAND_RATE_LIMITED: 429,
  /** Strategies (issue #5): the tier's strategiesMax is reached (params: max); no such strategy; an id prefix matching several. */
  STRATEGY_LIMIT: 429,
  STRATEGY_NOT_FOUND: 404,
  STRATEGY_ID_AMBIGUOUS: 400,
  /** Price alerts: the tier's armed-alert limit (params: limit, tier). */
  ALERTS_LIMIT: 429,
  /** No alert of the user's with that id (params: id); several start with it (params: id). */
  ALERT_NOT_FOUND: 404,
  ALERT_ID_AMBIGUOUS: 400,
  /** A price level too far from the last price to be meant (params: priceKrw, lastKrw, minKrw, maxKrw). */
  ALERT_PRICE_OUT_OF_RANGE: 400,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];
export const errorCodeSchema = z.enum(ERROR_CODES);

export const errorParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type ErrorParams = z.infer<typeof errorParamsSchema>;

/** The body of every non-2xx answer from core's API. */
export const errorBodySchema = z.object({
  error: z.object({ code: errorCodeSchema, params: errorParamsSchema.default({}) }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

import type {
  BridgeCapabilities,
  BridgeError,
  BridgeRequestInput,
  BridgeRequestResult,
  Broker,
  BrokerFill,
  OrderEvent,
  Quote,
} from '@tradedesk/contracts';

/**
 * Stable reason codes the bridge puts in `BridgeError.reason`. Adapters map venue codes onto these
 * once, in `<broker>-errors.ts`; core keys its user messages on them.
 */
export const BROKER_REASONS = {
  UNKNOWN_ACCOUNT: 'UNKNOWN_ACCOUNT',
  UNKNOWN_SYMBOL: 'UNKNOWN_SYMBOL',
  QTY_INVALID: 'QTY_INVALID',
  PRICE_INVALID: 'PRICE_INVALID',
  PRICE_OFF_TICK: 'PRICE_OFF_TICK',
  PRICE_OUT_OF_LIMIT: 'PRICE_OUT_OF_LIMIT',
  INSUFFICIENT_CASH: 'INSUFFICIENT_CASH',
  INSUFFICIENT_POSITION: 'INSUFFICIENT_POSITION',
  DUPLICATE_CLIENT_ORDER_ID: 'DUPLICATE_CLIENT_ORDER_ID',
  TOO_MANY_ORDERS: 'TOO_MANY_ORDERS',
  TOO_MANY_ACCOUNTS: 'TOO_MANY_ACCOUNTS',
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  NOT_CANCELLABLE: 'NOT_CANCELLABLE',
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  INVALID_BODY: 'INVALID_BODY',
  INTERNAL: 'INTERNAL',
} as const;
export type BrokerReason = (typeof BROKER_REASONS)[keyof typeof BROKER_REASONS];

/**
 * The one error type a gateway throws. `bridgeError` is what core receives, already classified:
 * REJECTED (definitive), RETRYABLE (nothing happened), OUTCOME_UNKNOWN (reconcile), NOT_FOUND,
 * BAD_REQUEST. Anything else a gateway throws is treated as a bug (see the bridge server).
 */
export class BrokerError extends Error {
  override name = 'BrokerError';
  readonly bridgeError: BridgeError;

  constructor(bridgeError: BridgeError, options?: { cause?: unknown }) {
    super(`${bridgeError.code}: ${bridgeError.reason}`, options);
    this.bridgeError = bridgeError;
  }
}

/** Shorthand for a definitive rejection with a stable reason. */
export function rejected(reason: BrokerReason, message?: string): BrokerError {
  return new BrokerError({ code: 'REJECTED', reason, ...(message === undefined ? {} : { message }) });
}

/** Shorthand for "no such thing" (order, account, symbol). */
export function notFound(reason: BrokerReason, message?: string): BrokerError {
  return new BrokerError({ code: 'NOT_FOUND', reason, ...(message === undefined ? {} : { message }) });
}

/**
 * Where a gateway delivers what happens at the broker. Order events and fills get a `seq` from the
 * event stream and are buffered until core acknowledges them; quotes are fire-and-forget.
 */
export interface BrokerEventSink {
  orderEvent(event: OrderEvent): void;
  fill(fill: BrokerFill): void;
  quote(quote: Quote): void;
  /**
   * The order events and fills emitted so far are durable: deliver them to core. A gateway that
   * persists state calls this after each write (so core never applies an event a restart could
   * forget); one that keeps no state calls it right after emitting.
   */
  commit(): void;
}

/**
 * Lets the bridge keep its event stream (epoch, seq, unacknowledged events) in the same atomic write
 * as a broker's own durable state, so both survive a restart together or not at all.
 */
export interface AttachedStatePersistence {
  /** The attached state as last written (opaque here; its owner validates it), or undefined. */
  loadAttached(): unknown;
  /** `provide` is called on every write to get the current attached state. */
  attach(provide: () => unknown): void;
}

/**
 * The port every broker adapter implements (STYLE §3). Methods take the contract's request shapes
 * (already zod-parsed by the bridge server) and return the contract's results, or throw a
 * `BrokerError`. `placeOrder` is idempotent per (accountRef, clientOrderId): a repeat returns the
 * first order's `brokerOrderId`, never a second order.
 */
export interface BrokerGateway {
  readonly broker: Broker;
  readonly capabilities: BridgeCapabilities;
  /** Present when the broker keeps durable state the event stream can ride along with. */
  readonly persistence: AttachedStatePersistence | undefined;
  setEventSink(sink: BrokerEventSink): void;
  start(): Promise<void>;
  /** Stops timers and flushes state; safe to call twice. */
  stop(): Promise<void>;
  placeOrder(input: BridgeRequestInput<'place_order'>): Promise<BridgeRequestResult<'place_order'>>;
  cancelOrder(input: BridgeRequestInput<'cancel_order'>): Promise<BridgeRequestResult<'cancel_order'>>;
  queryOrders(input: BridgeRequestInput<'query_orders'>): Promise<BridgeRequestResult<'query_orders'>>;
  getQuote(input: BridgeRequestInput<'get_quote'>): Promise<BridgeRequestResult<'get_quote'>>;
  getBalance(input: BridgeRequestInput<'get_balance'>): Promise<BridgeRequestResult<'get_balance'>>;
  openAccount(input: BridgeRequestInput<'open_account'>): Promise<BridgeRequestResult<'open_account'>>;
  subscribeQuotes(input: BridgeRequestInput<'subscribe_quotes'>): Promise<BridgeRequestResult<'subscribe_quotes'>>;
}

/** A sink that drops everything; the default until the bridge wires the event stream. */
export const nullEventSink: BrokerEventSink = {
  orderEvent: () => undefined,
  fill: () => undefined,
  quote: () => undefined,
  commit: () => undefined,
};

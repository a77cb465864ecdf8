import {
  BRIDGE_REASONS,
  type BridgeCapabilities,
  type BridgeError,
  type BridgeReason,
  type BridgeRequestInput,
  type BridgeRequestResult,
  type BridgeRequestType,
  type Broker,
  type BrokerFill,
  type OrderEvent,
  type Quote,
} from '@tradedesk/contracts';

/**
 * Reasons the paper broker gives that the contract's `BRIDGE_REASONS` does not list yet.
 * @TODO move these into `BRIDGE_REASONS` (core/contracts) and drop this list.
 */
const BRIDGE_LOCAL_REASONS = [
  'PRICE_INVALID', 'ORDER_NOT_FOUND', 'TOO_MANY_ORDERS', 'TOO_MANY_ACCOUNTS', 'TOO_MANY_SUBSCRIPTIONS',
] as const;

/** A reason code the bridge may put in `BridgeError.reason`. */
export type BrokerReason = BridgeReason | (typeof BRIDGE_LOCAL_REASONS)[number];

/**
 * Stable reason codes the bridge puts in `BridgeError.reason`: the contract's `BRIDGE_REASONS`
 * (plus the few it does not list yet), as a lookup object. Adapters map venue codes onto these
 * once, in `<broker>-errors.ts`; core keys its user messages on them.
 * @example throw rejected(BROKER_REASONS.INSUFFICIENT_CASH);
 */
export const BROKER_REASONS = Object.freeze(
  Object.fromEntries([...BRIDGE_REASONS, ...BRIDGE_LOCAL_REASONS].map((r) => [r, r])),
) as { readonly [R in BrokerReason]: R };

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

/** Shorthand for "nothing happened; safe to repeat" (busy, not in session). */
export function retryable(reason: BrokerReason, message?: string): BrokerError {
  return new BrokerError({ code: 'RETRYABLE', reason, ...(message === undefined ? {} : { message }) });
}

/** Shorthand for "no such thing" (order, account, symbol). */
export function notFound(reason: BrokerReason, message?: string): BrokerError {
  return new BrokerError({ code: 'NOT_FOUND', reason, ...(message === undefined ? {} : { message }) });
}

/**
 * Fault injection only: thrown by a gateway for a request the bridge must never answer (a call
 * that timed out at the broker, before or after it acted). The bridge sends nothing and keeps
 * nothing for it, so withheld answers cost no memory; core's request timeout takes over.
 */
export class AnswerWithheld extends Error {
  override name = 'AnswerWithheld';

  constructor(readonly request: string, readonly stage: 'before_accept' | 'after_accept') {
    super(`answer to ${request} withheld (${stage})`);
  }
}

/**
 * Buggify only: how an answer frame is corrupted on its way to core. `truncate`: its JSON is cut in
 * the middle; `empty_body`: a well-formed frame with an empty body (`result: {}`, or no `error`).
 */
export type AnswerCorruption = 'truncate' | 'empty_body';

/** Fault injection only: transport faults the bridge server carries out for a gateway. */
export interface TransportFaults {
  /** Asked once per handled request: true = close core's socket right after answering it. */
  dropConnectionAfterRequest(request: BridgeRequestType): boolean;
  /** Asked once per answer sent: how to corrupt it, or undefined to send it as it is. */
  corruptAnswer(request: BridgeRequestType): AnswerCorruption | undefined;
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
  /**
   * Every order of the account created on the current KST trading day, oldest first, each with its
   * fills, including orders core did not place (RECON-7: core adopts the ones it has never seen).
   * Session rules, rate limits and the answer for an unknown account are those of `queryOrders`.
   */
  listOrders(input: BridgeRequestInput<'list_orders'>): Promise<BridgeRequestResult<'list_orders'>>;
  /**
   * Ties a broker order with no client order id to core's `clientOrderId` (a broker without client
   * order ids whose placement answer was lost: IDEM-11); from then on it is reported under that id,
   * its state and fills so far included. NOT_FOUND ORDER_NOT_FOUND if the account has no such order.
   */
  claimOrder(input: BridgeRequestInput<'claim_order'>): Promise<BridgeRequestResult<'claim_order'>>;
  getQuote(input: BridgeRequestInput<'get_quote'>): Promise<BridgeRequestResult<'get_quote'>>;
  getBalance(input: BridgeRequestInput<'get_balance'>): Promise<BridgeRequestResult<'get_balance'>>;
  openAccount(input: BridgeRequestInput<'open_account'>): Promise<BridgeRequestResult<'open_account'>>;
  /**
   * Streams quotes of the listed symbols it knows (those are returned in `subscribed`), each with its
   * current quote at once. Beyond `capabilities.quoteSubscriptionsMax`: REJECTED TOO_MANY_SUBSCRIPTIONS.
   */
  subscribeQuotes(input: BridgeRequestInput<'subscribe_quotes'>): Promise<BridgeRequestResult<'subscribe_quotes'>>;
  /** Stops streaming these symbols; returns the ones that were subscribed. Idempotent. */
  unsubscribeQuotes(input: BridgeRequestInput<'unsubscribe_quotes'>): Promise<BridgeRequestResult<'unsubscribe_quotes'>>;
  /**
   * Drops every quote subscription: called when a new core connection starts, since subscriptions
   * belong to a connection (as KIS real-time registrations belong to a WebSocket session).
   */
  resetQuoteSubscriptions(): void;
  /**
   * Logs an account in. Resolves once the login is done (after about `capabilities.switchCostMs`)
   * with the accounts in session; an account already in session resolves at once. No free slot:
   * REJECTED SLOTS_FULL (core closes a session first). A failed login: RETRYABLE SWITCH_FAILED.
   * With `slots: null` a no-op.
   */
  openSession(input: BridgeRequestInput<'open_session'>): Promise<BridgeRequestResult<'open_session'>>;
  /** Logs an account out and frees its slot; idempotent. With `slots: null` a no-op. */
  closeSession(input: BridgeRequestInput<'close_session'>): Promise<BridgeRequestResult<'close_session'>>;
  /** The accounts in session (logins still in progress are not). */
  listSessions(input: BridgeRequestInput<'list_sessions'>): Promise<BridgeRequestResult<'list_sessions'>>;
  /** Present only when the gateway injects faults the transport must carry out. */
  readonly transportFaults?: TransportFaults | undefined;
}

/** A sink that drops everything; the default until the bridge wires the event stream. */
export const nullEventSink: BrokerEventSink = {
  orderEvent: () => undefined,
  fill: () => undefined,
  quote: () => undefined,
  commit: () => undefined,
};

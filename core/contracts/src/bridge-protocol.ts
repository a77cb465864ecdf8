import { z } from 'zod';
import { brokerSchema } from './account.js';
import { epochMsSchema, krwSchema, positiveKrwSchema, positiveSharesSchema, sharesSchema, symbolCodeSchema } from './common.js';
import { quoteSchema } from './market.js';
import { orderSideSchema, orderTypeSchema } from './order.js';

/**
 * The core <-> windows-bridge protocol. core is the WebSocket client; the bridge is the server and
 * requires `Authorization: Bearer <BRIDGE_TOKEN>` on the upgrade request.
 *
 * Every frame is one JSON envelope: `v` (protocol version), `msgId` (unique per sender), `sentAt`,
 * and `type`. Execution events from the bridge (order events and fills) also carry `seq`, a gap-free
 * sequence per bridge; the bridge keeps them in a bounded replay buffer until core acknowledges them
 * (`ack`), and replays what core has not applied when core says hello (`possDup: true`).
 * Requests from core are answered by a `response` whose `inReplyTo` is the request's msgId.
 */
export const BRIDGE_PROTOCOL_VERSION = 1;
/** Frames larger than this are refused by both sides. */
export const BRIDGE_FRAME_BYTES_MAX = 256 * 1024;

const envelope = {
  v: z.literal(BRIDGE_PROTOCOL_VERSION),
  msgId: z.string().min(1).max(64),
  sentAt: epochMsSchema,
};

/** The bridge's answer to a broker request, classified once at the boundary. */
export const BRIDGE_ERROR_CODES = [
  'REJECTED', // definitive: the broker refused; nothing to retry
  'RETRYABLE', // nothing happened; safe to repeat
  'OUTCOME_UNKNOWN', // the broker may or may not have acted; reconcile before anything else
  'NOT_FOUND',
  'BAD_REQUEST',
] as const;
export const bridgeErrorSchema = z.object({
  code: z.enum(BRIDGE_ERROR_CODES),
  /** A stable reason code from the broker (e.g. INSUFFICIENT_CASH), never raw venue text. */
  reason: z.string().max(64),
  message: z.string().max(500).optional(),
});
export type BridgeError = z.infer<typeof bridgeErrorSchema>;

// ---- requests (core -> bridge) and their results ----

export const placeOrderRequestSchema = z.object({
  clientOrderId: z.string().min(1).max(32),
  accountRef: z.string().min(1).max(64),
  symbol: symbolCodeSchema,
  side: orderSideSchema,
  orderType: orderTypeSchema,
  qtyShares: positiveSharesSchema,
  priceKrw: positiveKrwSchema.optional(),
});
export const placeOrderResultSchema = z.object({ brokerOrderId: z.string().min(1) });

export const cancelOrderRequestSchema = z.object({
  accountRef: z.string().min(1).max(64),
  clientOrderId: z.string().min(1).max(32),
});
export const cancelOrderResultSchema = z.object({ cancelledQtyShares: sharesSchema });

export const brokerFillSchema = z.object({
  brokerFillId: z.string().min(1).max(64),
  clientOrderId: z.string().min(1).max(32),
  brokerOrderId: z.string().min(1),
  accountRef: z.string().min(1).max(64),
  symbol: symbolCodeSchema,
  side: orderSideSchema,
  qtyShares: positiveSharesSchema,
  priceKrw: positiveKrwSchema,
  commissionKrw: krwSchema.nonnegative(),
  taxKrw: krwSchema.nonnegative(),
  filledAt: epochMsSchema,
});
export type BrokerFill = z.infer<typeof brokerFillSchema>;

export const brokerOrderStatusSchema = z.enum(['accepted', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired']);
export type BrokerOrderStatus = z.infer<typeof brokerOrderStatusSchema>;

/**
 * An order as the broker shows it. `clientOrderId` is null for an order the bridge cannot tie to one
 * of core's (a broker without client order ids, KIS and Kiwoom, whose placement answer was lost, or
 * an order placed outside Tradedesk): core matches those by what they are and `claim_order`s them.
 */
export const brokerOrderSchema = z.object({
  clientOrderId: z.string().min(1).max(32).nullable(),
  brokerOrderId: z.string().min(1),
  accountRef: z.string().min(1).max(64),
  status: brokerOrderStatusSchema,
  qtyShares: positiveSharesSchema,
  filledQtyShares: sharesSchema,
  rejectReason: z.string().max(64).optional(),
  fills: z.array(brokerFillSchema.extend({ clientOrderId: z.string().min(1).max(32).nullable() })).max(10_000),
  /** When the broker took the order: tells an older identical order from a newer one (IDEM-11). */
  placedAt: epochMsSchema.optional(),
  /** What the order is; needed to adopt an order core did not place (RECON-7). */
  symbol: symbolCodeSchema.optional(),
  side: orderSideSchema.optional(),
  orderType: orderTypeSchema.optional(),
  priceKrw: positiveKrwSchema.nullable().optional(),
});
export type BrokerOrder = z.infer<typeof brokerOrderSchema>;

export const queryOrdersRequestSchema = z.object({
  accountRef: z.string().min(1).max(64),
  clientOrderIds: z.array(z.string().min(1).max(32)).max(500),
});
export const queryOrdersResultSchema = z.object({
  orders: z.array(brokerOrderSchema),
  notFound: z.array(z.string()),
});

/** Every order of the account for the current trading day, including ones core did not place (RECON-7). */
export const listOrdersRequestSchema = z.object({ accountRef: z.string().min(1).max(64) });
export const listOrdersResultSchema = z.object({ orders: z.array(brokerOrderSchema).max(10_000) });

/**
 * Ties a broker order that had no client order id to core's order: from then on the bridge reports
 * it (events, fills, queries, cancels) under that id, as for any order core placed. Brokers that keep
 * client order ids answer `claimed: false` for an order already tied to another id.
 */
export const claimOrderRequestSchema = z.object({
  accountRef: z.string().min(1).max(64),
  brokerOrderId: z.string().min(1),
  clientOrderId: z.string().min(1).max(32),
});
export const claimOrderResultSchema = z.object({ claimed: z.boolean() });

export const getQuoteRequestSchema = z.object({ symbol: symbolCodeSchema });
export const getQuoteResultSchema = quoteSchema;

export const getBalanceRequestSchema = z.object({ accountRef: z.string().min(1).max(64) });
export const getBalanceResultSchema = z.object({
  cashKrw: krwSchema,
  positions: z.array(z.object({ symbol: symbolCodeSchema, qtyShares: sharesSchema, avgPriceKrw: krwSchema })),
});

/** Paper broker only: make sure an account exists, with this starting cash the first time. */
export const openAccountRequestSchema = z.object({
  accountRef: z.string().min(1).max(64),
  initialCashKrw: krwSchema.nonnegative(),
});
export const openAccountResultSchema = z.object({ created: z.boolean() });

export const subscribeQuotesRequestSchema = z.object({ symbols: z.array(symbolCodeSchema).max(200) });
export const subscribeQuotesResultSchema = z.object({ subscribed: z.array(symbolCodeSchema) });
/**
 * Stops the quote stream of these symbols (unknown or not subscribed ones are ignored), freeing
 * their places under `quoteSubscriptionsMax`. Quote subscriptions belong to core's connection, as
 * a KIS real-time registration belongs to its WebSocket session: after a reconnect core subscribes
 * again. A bridge older than this request answers nothing to it (the frame does not parse there);
 * core then treats the places as freed at the next reconnect.
 */
export const unsubscribeQuotesRequestSchema = z.object({ symbols: z.array(symbolCodeSchema).max(200) });
export const unsubscribeQuotesResultSchema = z.object({ unsubscribed: z.array(symbolCodeSchema) });

/**
 * Broker sessions. A broker may hold fewer logged-in accounts than there are accounts
 * (`capabilities.slots`; Kiwoom OpenAPI+: one). core decides who holds a slot: it opens a session
 * (the answer comes once the login is done, after about `switchCostMs`) and closes one to free its
 * slot. Orders, cancels and queries for an account out of session are answered RETRYABLE
 * NOT_IN_SESSION. With `slots: null` every account is always in session and these are no-ops.
 */
export const openSessionRequestSchema = z.object({ accountRef: z.string().min(1).max(64) });
export const closeSessionRequestSchema = z.object({ accountRef: z.string().min(1).max(64) });
export const listSessionsRequestSchema = z.object({}).strict();
export const sessionsResultSchema = z.object({ accountRefs: z.array(z.string().min(1).max(64)).max(1_000) });

/** Every request core can make, with the shapes of its input and result. */
export const BRIDGE_REQUESTS = {
  place_order: { request: placeOrderRequestSchema, result: placeOrderResultSchema },
  cancel_order: { request: cancelOrderRequestSchema, result: cancelOrderResultSchema },
  query_orders: { request: queryOrdersRequestSchema, result: queryOrdersResultSchema },
  list_orders: { request: listOrdersRequestSchema, result: listOrdersResultSchema },
  claim_order: { request: claimOrderRequestSchema, result: claimOrderResultSchema },
  get_quote: { request: getQuoteRequestSchema, result: getQuoteResultSchema },
  get_balance: { request: getBalanceRequestSchema, result: getBalanceResultSchema },
  open_account: { request: openAccountRequestSchema, result: openAccountResultSchema },
  subscribe_quotes: { request: subscribeQuotesRequestSchema, result: subscribeQuotesResultSchema },
  unsubscribe_quotes: { request: unsubscribeQuotesRequestSchema, result: unsubscribeQuotesResultSchema },
  open_session: { request: openSessionRequestSchema, result: sessionsResultSchema },
  close_session: { request: closeSessionRequestSchema, result: sessionsResultSchema },
  list_sessions: { request: listSessionsRequestSchema, result: sessionsResultSchema },
} as const;

/** Stable reason codes the bridge gives with its errors (never raw venue text). */
export const BRIDGE_REASONS = [
  'INSUFFICIENT_CASH', 'INSUFFICIENT_POSITION', 'PRICE_OFF_TICK', 'PRICE_OUT_OF_LIMIT', 'UNKNOWN_SYMBOL',
  'INVALID_QTY', 'DUPLICATE_CLIENT_ORDER_ID', 'NOT_CANCELLABLE', 'NOT_IN_SESSION', 'SLOTS_FULL',
  'SWITCH_FAILED', 'BUSY', 'TIMEOUT', 'DISCONNECTED', 'INJECTED_FAULT', 'UNKNOWN_ACCOUNT', 'BAD_REQUEST', 'INTERNAL',
] as const;
export type BridgeReason = (typeof BRIDGE_REASONS)[number];
export type BridgeRequestType = keyof typeof BRIDGE_REQUESTS;
export type BridgeRequestInput<T extends BridgeRequestType> = z.infer<(typeof BRIDGE_REQUESTS)[T]['request']>;
export type BridgeRequestResult<T extends BridgeRequestType> = z.infer<(typeof BRIDGE_REQUESTS)[T]['result']>;
const BRIDGE_REQUEST_TYPES = Object.keys(BRIDGE_REQUESTS) as [BridgeRequestType, ...BridgeRequestType[]];

// ---- frames core -> bridge ----

export const coreToBridgeSchema = z.discriminatedUnion('type', [
  /** First frame after connecting: the highest event seq core has applied (0 if none). */
  z.object({ ...envelope, type: z.literal('core_hello'), lastAppliedSeq: z.number().int().nonnegative() }),
  /** Cumulative acknowledgement: core has durably applied every event up to `seq`. */
  z.object({ ...envelope, type: z.literal('ack'), seq: z.number().int().nonnegative() }),
  z.object({ ...envelope, type: z.literal('request'), request: z.enum(BRIDGE_REQUEST_TYPES), body: z.unknown() }),
]);
export type CoreToBridge = z.infer<typeof coreToBridgeSchema>;

// ---- frames bridge -> core ----

export const bridgeCapabilitiesSchema = z.object({
  /** Accounts that can be logged in at once; null = unlimited (REST brokers). */
  slots: z.number().int().positive().nullable(),
  switchCostMs: z.number().int().nonnegative(),
  ordersPerSecondMax: z.number().int().positive(),
  callsPerMinuteMax: z.number().int().positive(),
  quoteSubscriptionsMax: z.number().int().positive(),
  /**
   * The broker keeps core's client order id on every order and deduplicates by it (IDEM-9). false
   * (KIS, Kiwoom): a placement whose answer was lost has no client order id at the broker; core
   * finds it by what it is (IDEM-11) and sends nothing else for that symbol until it does (IDEM-12).
   */
  clientOrderIds: z.boolean().default(true),
});
export type BridgeCapabilities = z.infer<typeof bridgeCapabilitiesSchema>;

export const orderEventSchema = z.object({
  clientOrderId: z.string().min(1).max(32),
  brokerOrderId: z.string().min(1).nullable(),
  accountRef: z.string().min(1).max(64),
  status: brokerOrderStatusSchema,
  reason: z.string().max(64).optional(),
});
export type OrderEvent = z.infer<typeof orderEventSchema>;

const sequenced = { seq: z.number().int().positive(), possDup: z.boolean().optional() };

export const bridgeToCoreSchema = z.discriminatedUnion('type', [
  z.object({
    ...envelope,
    type: z.literal('bridge_hello'),
    bridgeId: z.string().min(1).max(64),
    /** Changes whenever the bridge's event sequence starts again (a restart that lost its buffer). */
    epoch: z.string().min(1).max(64),
    broker: brokerSchema,
    capabilities: bridgeCapabilitiesSchema,
    /** The highest event seq the bridge has issued. */
    lastSeq: z.number().int().nonnegative(),
  }),
  /** Everything core had not applied has been replayed; new submissions may proceed. */
  z.object({ ...envelope, type: z.literal('replay_complete'), lastSeq: z.number().int().nonnegative() }),
  z.object({ ...envelope, ...sequenced, type: z.literal('order_event'), event: orderEventSchema }),
  z.object({ ...envelope, ...sequenced, type: z.literal('fill'), fill: brokerFillSchema }),
  z.object({ ...envelope, type: z.literal('quote'), quote: quoteSchema }),
  z.object({
    ...envelope,
    type: z.literal('response'),
    inReplyTo: z.string().min(1).max(64),
    ok: z.boolean(),
    result: z.unknown().optional(),
    error: bridgeErrorSchema.optional(),
  }),
]);
export type BridgeToCore = z.infer<typeof bridgeToCoreSchema>;
/** Frame types that carry `seq` and are replayed until acknowledged. */
export type SequencedBridgeFrame = Extract<BridgeToCore, { type: 'order_event' | 'fill' }>;

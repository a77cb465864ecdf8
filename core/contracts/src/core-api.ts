import { z } from 'zod';
import { alertInputSchema, alertOutputSchema } from './alert.js';
import { balanceViewSchema, accountKindSchema, brokerEnvironmentSchema, positionViewSchema } from './account.js';
import { chatIdentitySchema, epochMsSchema, krwSchema, localeSchema, sharesSchema, tierSchema, uuidSchema } from './common.js';
import { chartOutputSchema, chartRangeSchema, dailyReportSchema } from './daily-report.js';
import { quoteSchema, symbolInfoSchema } from './market.js';
import { orderIntentSchema, orderViewSchema } from './order.js';
import { strategyCommandInputSchema, strategyCommandOutputSchema } from './strategy.js';

/**
 * core's HTTP API for the bot: `POST /v1/commands/<name>` with `Authorization: Bearer <CORE_TOKEN>`
 * and a JSON body `{ identity, idempotencyKey?, input }`. Success is 200 with the command's output;
 * failure is an `errorBodySchema` body. Each command names its input and output once, here.
 */
export const tierLimitsSchema = z.object({
  tradesPerDay: z.number().int().nonnegative(),
  strategiesMax: z.number().int().nonnegative(),
  openPositionsMax: z.number().int().nonnegative(),
  orderValueMaxKrw: krwSchema,
});
export type TierLimits = z.infer<typeof tierLimitsSchema>;

const empty = z.object({}).strict();

/** Brokers a user can connect with their own credentials (paper needs none). */
export const CONNECTABLE_BROKERS = ['kis', 'kiwoom'] as const;

export const connectInputSchema = z.object({
  broker: z.enum(CONNECTABLE_BROKERS),
  environment: brokerEnvironmentSchema,
  appKey: z.string().trim().min(8).max(256).regex(/^\S+$/, 'no spaces'),
  appSecret: z.string().trim().min(8).max(512).regex(/^\S+$/, 'no spaces'),
  /** 8 digits of account plus the 2-digit product code, with or without a dash. */
  accountNumber: z.string().trim().regex(/^\d{8}-?\d{2}$/, 'account number: 12345678-01'),
});
export type ConnectInput = z.infer<typeof connectInputSchema>;

/** The kinds of message a user can set with `notify`. */
export const NOTIFY_KINDS = ['order', 'fill', 'rejection', 'alert', 'strategy', 'pre_open', 'close'] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];
/** on: with sound; silent: delivered without sound; off: not sent. */
export const notifyModeSchema = z.enum(['on', 'silent', 'off']);
export type NotifyMode = z.infer<typeof notifyModeSchema>;
/** Whole hours in KST, start inclusive, end exclusive; may wrap midnight (22 -> 7). */
export const quietHoursSchema = z.object({
  startHour: z.number().int().min(0).max(23),
  endHour: z.number().int().min(0).max(23),
}).refine((q) => q.startHour !== q.endHour, 'start and end differ');
export const notifyPrefsSchema = z.object({
  modes: z.object(Object.fromEntries(NOTIFY_KINDS.map((k) => [k, notifyModeSchema])) as Record<NotifyKind, typeof notifyModeSchema>),
  quietHours: quietHoursSchema.nullable(),
});
export type NotifyPrefs = z.infer<typeof notifyPrefsSchema>;

export const CORE_COMMANDS = {
  link: {
    input: z.object({ code: z.string().trim().min(1).max(64) }),
    output: z.object({ userName: z.string(), tier: tierSchema }),
  },
  me: {
    input: empty,
    output: z.object({
      userName: z.string(),
      tier: tierSchema,
      isOperator: z.boolean(),
      locale: localeSchema.nullable(),
      tradingDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      tradesUsedToday: z.number().int().nonnegative(),
      tradesLeftToday: z.number().int().nonnegative(),
      limits: tierLimitsSchema,
      accountKind: accountKindSchema.nullable(),
    }),
  },
  price: {
    input: z.object({ query: z.string().trim().min(1).max(64) }),
    output: z.object({ symbol: symbolInfoSchema, quote: quoteSchema }),
  },
  place_order: {
    input: orderIntentSchema,
    output: z.object({
      order: orderViewSchema,
      queuePosition: z.number().int().nonnegative(),
      estimatedWaitMs: z.number().int().nonnegative(),
    }),
  },
  cancel_order: {
    input: z.object({ orderId: z.string().trim().min(4).max(36) }),
    output: z.object({ order: orderViewSchema, cancelRequested: z.boolean() }),
  },
  orders: {
    input: empty,
    output: z.object({ orders: z.array(orderViewSchema) }),
  },
  positions: {
    input: empty,
    output: z.object({ accountKind: accountKindSchema, positions: z.array(positionViewSchema) }),
  },
  balance: {
    input: empty,
    output: balanceViewSchema,
  },
  symbols: {
    input: z.object({ query: z.string().trim().min(1).max(64), limit: z.number().int().min(1).max(25).default(10) }),
    output: z.object({ matches: z.array(symbolInfoSchema) }),
  },
  /** Removes the link of this chat account (the user and their other chat accounts stay). */
  unlink: {
    input: empty,
    output: z.object({ userName: z.string() }),
  },
  /** Sets the user's reply language on every platform. */
  lang: {
    input: z.object({ locale: localeSchema }),
    output: z.object({ locale: localeSchema }),
  },
  /** The user's queued orders with their place in the queue, today's trades, and the account's session. */
  queue: {
    input: empty,
    output: z.object({
      accountKind: accountKindSchema.nullable(),
      queued: z.array(z.object({
        order: orderViewSchema,
        position: z.number().int().positive(),
        estimatedWaitMs: z.number().int().nonnegative(),
      })),
      tradesUsedToday: z.number().int().nonnegative(),
      tradesLeftToday: z.number().int().nonnegative(),
      /** Whether the broker has the account logged in now; null when the broker needs no session switch. */
      inSession: z.boolean().nullable(),
    }),
  },
  /** Stores broker credentials, encrypted at rest; the answer never contains them. */
  connect: {
    input: connectInputSchema,
    output: z.object({
      broker: z.enum(CONNECTABLE_BROKERS),
      accountKind: accountKindSchema,
      accountNumberMasked: z.string(),
    }),
  },
  /** Reads (empty input) or changes which messages the user gets and how. */
  notify: {
    input: z.object({
      kind: z.enum(NOTIFY_KINDS).optional(),
      mode: notifyModeSchema.optional(),
      /** Quiet hours in KST (notifications arrive silently); null turns them off. */
      quietHours: quietHoursSchema.nullable().optional(),
    }).refine((v) => (v.kind === undefined) === (v.mode === undefined), 'kind and mode go together'),
    output: notifyPrefsSchema,
  },
  /** Price alerts: add (price or % from the previous close, one-shot or repeating), list, remove. */
  alert: { input: alertInputSchema, output: alertOutputSchema },
  /** Strategies (issue #5): list, add within the tier's strategiesMax, enable, disable, remove. */
  strategy: {
    input: strategyCommandInputSchema,
    output: strategyCommandOutputSchema,
  },
  /** Says someone asked for help: nothing to answer, but every command is audited, this one too. */
  help: {
    input: empty,
    output: z.object({}),
  },
  /** The day's report on demand: the same content as the 15:40 close summary, for today so far. */
  report: {
    input: empty,
    output: dailyReportSchema,
  },
  /** A candle chart with volume as a PNG (base64, bounded by CHART_PNG_BYTES_MAX). */
  chart: {
    input: z.object({ query: z.string().trim().min(1).max(64), range: chartRangeSchema.default('1d') }),
    output: chartOutputSchema,
  },
} as const;
export type CoreCommandName = keyof typeof CORE_COMMANDS;
export type CoreCommandInput<N extends CoreCommandName> = z.input<(typeof CORE_COMMANDS)[N]['input']>;
export type CoreCommandOutput<N extends CoreCommandName> = z.infer<(typeof CORE_COMMANDS)[N]['output']>;

export const commandRequestSchema = z.object({
  identity: chatIdentitySchema,
  /** The platform's delivery id (Telegram update_id, Discord interaction id): a redelivery returns the first answer. */
  idempotencyKey: z.string().min(1).max(128).optional(),
  input: z.unknown(),
});
export type CommandRequest = z.infer<typeof commandRequestSchema>;

/**
 * Operator API: `POST /v1/admin/<name>` with the service token. `actor` names who asked: a linked
 * operator's chat identity, or `{ system: 'admin-cli' }` for the local command line.
 */
export const adminActorSchema = z.union([
  z.object({ identity: chatIdentitySchema }),
  z.object({ system: z.literal('admin-cli') }),
]);
export type AdminActor = z.infer<typeof adminActorSchema>;

export const ADMIN_COMMANDS = {
  invite: {
    input: z.object({
      name: z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N}_.-]+$/u, 'letters, digits, _ . - only'),
      tier: tierSchema,
      operator: z.boolean().default(false),
    }),
    output: z.object({ userId: uuidSchema, userName: z.string(), code: z.string(), expiresAt: epochMsSchema }),
  },
  /** Kill switch: no order is sent to any broker until `resume`; admission refuses new orders. */
  halt: { input: empty, output: z.object({ halted: z.literal(true) }) },
  resume: { input: empty, output: z.object({ halted: z.literal(false) }) },
  /** Sets a user's tier (limits and priority follow at once). */
  tier: {
    input: z.object({ name: z.string().trim().min(1).max(64), tier: tierSchema }),
    output: z.object({ userName: z.string(), tier: tierSchema }),
  },
  /** Pauses or resumes one user's trading (their queued orders wait; new ones are refused). */
  pause: {
    input: z.object({ name: z.string().trim().min(1).max(64), paused: z.boolean() }),
    output: z.object({ userName: z.string(), paused: z.boolean() }),
  },
  /**
   * IDEM-11: says which broker order an order left ambiguous is (`brokerOrderId`), or that the broker
   * never got it (`brokerOrderId: null`: it is sent again). core carries it out at its next look.
   */
  resolve: {
    input: z.object({
      order: z.string().trim().min(4).max(36).regex(/^[0-9a-f-]+$/i, 'an order id or the start of one'),
      brokerOrderId: z.string().trim().min(1).max(64).nullable(),
    }),
    output: z.object({ orderId: uuidSchema, userName: z.string(), brokerOrderId: z.string().nullable() }),
  },
  users: {
    input: empty,
    output: z.object({
      users: z.array(z.object({
        userId: uuidSchema, userName: z.string(), tier: tierSchema, isOperator: z.boolean(),
        linkedChats: z.number().int().nonnegative(), tradesUsedToday: sharesSchema,
      })),
    }),
  },
} as const;
export type AdminCommandName = keyof typeof ADMIN_COMMANDS;
export type AdminCommandInput<N extends AdminCommandName> = z.input<(typeof ADMIN_COMMANDS)[N]['input']>;
export type AdminCommandOutput<N extends AdminCommandName> = z.infer<(typeof ADMIN_COMMANDS)[N]['output']>;

export const adminRequestSchema = z.object({ actor: adminActorSchema, input: z.unknown() });

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  bridgeConnected: z.boolean(),
  database: z.enum(['pglite', 'postgres']),
});

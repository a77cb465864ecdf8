import { z } from 'zod';
import { balanceViewSchema, accountKindSchema, positionViewSchema } from './account.js';
import { chatIdentitySchema, epochMsSchema, krwSchema, localeSchema, sharesSchema, tierSchema, uuidSchema } from './common.js';
import { quoteSchema, symbolInfoSchema } from './market.js';
import { orderIntentSchema, orderViewSchema } from './order.js';

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

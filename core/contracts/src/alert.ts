import { z } from 'zod';
import { epochMsSchema, krwSchema } from './common.js';
import { symbolInfoSchema } from './market.js';

/** `above`: fires when the price reaches the threshold or more; `below`: the threshold or less. */
export const ALERT_DIRECTIONS = ['above', 'below'] as const;
export const alertDirectionSchema = z.enum(ALERT_DIRECTIONS);
export type AlertDirection = z.infer<typeof alertDirectionSchema>;

/** armed: evaluated on every tick; triggered: a one-shot alert that fired (kept for `alert list`). */
export const alertStateSchema = z.enum(['armed', 'triggered', 'disabled']);
export type AlertState = z.infer<typeof alertStateSchema>;

/** Bounds on what an alert may name, so a typo cannot make an alert that can never fire. */
export const ALERT_PRICE_KRW_MAX = 100_000_000;
/** ±30 %: KRX's daily price limit; a change beyond it cannot happen within a day. In basis points. */
export const ALERT_PERCENT_BP_MAX = 3_000;
/** A repeating alert waits at least this long before firing again (so an oscillating price cannot spam). */
export const ALERT_COOLDOWN_SEC_MIN = 60;
export const ALERT_COOLDOWN_SEC_MAX = 86_400;
export const ALERT_COOLDOWN_SEC_DEFAULT = 600;

/**
 * What the price is compared with: a price in whole won, or a change from the previous close in
 * basis points (+3 % = 300), turned into a price each trading day from the quote's previous close.
 */
export const alertTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('price'), priceKrw: krwSchema.positive().max(ALERT_PRICE_KRW_MAX) }),
  z.object({ kind: z.literal('percent'), percentBp: z.number().int().min(-ALERT_PERCENT_BP_MAX).max(ALERT_PERCENT_BP_MAX) }),
]);
export type AlertTarget = z.infer<typeof alertTargetSchema>;

/** One alert as `alert list` shows it. */
export const alertViewSchema = z.object({
  id: z.uuid(),
  /** The first 8 characters of the id: what people type to remove it. */
  shortId: z.string().min(4).max(36),
  symbol: symbolInfoSchema,
  direction: alertDirectionSchema,
  target: alertTargetSchema,
  /** The price it fires at today; null for a percent alert before a previous close is known. */
  thresholdKrw: krwSchema.positive().nullable(),
  repeat: z.boolean(),
  /** For a repeating alert: the least time between two triggers. 0 for a one-shot alert. */
  cooldownSec: z.number().int().nonnegative(),
  state: alertStateSchema,
  /**
   * Whether the symbol is streamed for it now. False when the bridge's real-time cap was reached:
   * core keeps trying every minute and the alert goes live as soon as a slot frees.
   */
  live: z.boolean(),
  lastTriggeredAt: epochMsSchema.nullable(),
  createdAt: epochMsSchema,
});
export type AlertView = z.infer<typeof alertViewSchema>;

/** `alert` command input: add, list or remove; the symbol may be a code or a name. */
export const alertInputSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('add'),
    symbol: z.string().trim().min(1).max(64),
    direction: alertDirectionSchema,
    target: alertTargetSchema,
    repeat: z.boolean().default(false),
    /** Used only when `repeat`. */
    cooldownSec: z.number().int().min(ALERT_COOLDOWN_SEC_MIN).max(ALERT_COOLDOWN_SEC_MAX).default(ALERT_COOLDOWN_SEC_DEFAULT),
  }),
  z.object({ action: z.literal('list') }),
  /** The full id or at least its first 4 characters, as listed. */
  z.object({ action: z.literal('remove'), id: z.string().trim().toLowerCase().regex(/^[0-9a-f-]{4,36}$/, 'an alert id') }),
]);
export type AlertInput = z.input<typeof alertInputSchema>;

export const alertOutputSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('add'),
    alert: alertViewSchema,
    /** The last price core knows, if any. */
    lastKrw: krwSchema.positive().nullable(),
    /**
     * The price is already beyond the threshold: the alert fires on the next crossing (after the
     * price went back), not now. Told to the user so a level already passed is not a surprise.
     */
    alreadyBeyond: z.boolean(),
    /** How many armed alerts the user has now, and their tier's limit. */
    armedCount: z.number().int().nonnegative(),
    armedMax: z.number().int().nonnegative(),
  }),
  z.object({
    action: z.literal('list'),
    alerts: z.array(alertViewSchema),
    armedMax: z.number().int().nonnegative(),
  }),
  z.object({ action: z.literal('remove'), alert: alertViewSchema }),
]);
export type AlertOutput = z.infer<typeof alertOutputSchema>;

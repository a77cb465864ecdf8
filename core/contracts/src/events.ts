import { z } from 'zod';
import { accountKindSchema } from './account.js';
import { epochMsSchema, krwSchema, localeSchema, platformSchema, sharesSchema, symbolCodeSchema } from './common.js';
import { dailyReportSchema, preOpenBriefSchema } from './daily-report.js';
import { fillViewSchema, orderViewSchema } from './order.js';
import { strategyActionSchema } from './strategy.js';

/**
 * core -> bot event stream: a WebSocket at `/v1/events` (service token required). The bot says
 * which chat accounts it serves; core sends each undelivered notification for them; the bot answers
 * `delivered` only after the platform accepted the message. What is not confirmed is sent again
 * after a reconnect or a restart, so the bot must tolerate (and drop) a notification id it has
 * already delivered.
 */
export const NOTIFICATION_KINDS = ['order_accepted', 'order_rejected', 'order_filled', 'order_cancelled', 'order_update', 'operator_alert', 'trading_paused', 'alert_triggered', 'strategy_action', 'pre_open_brief', 'close_summary'] as const;

/** Bound on the symbols one position-drift message lists. */
export const POSITION_DRIFTS_MAX = 50;

/** One symbol whose quantity at the broker differs from core's (RECON-8). Whole shares. */
export const positionDriftSchema = z.object({
  symbol: symbolCodeSchema,
  name: z.string(),
  localQtyShares: sharesSchema,
  brokerQtyShares: sharesSchema,
});
export type PositionDrift = z.infer<typeof positionDriftSchema>;

/** The symbols of one account that drifted beyond the threshold, as operators and the user are told. */
const positionDriftReportShape = {
  accountKind: accountKindSchema,
  positions: z.array(positionDriftSchema).min(1).max(POSITION_DRIFTS_MAX),
};

export const notificationPayloadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('order_accepted'), order: orderViewSchema }),
  z.object({ kind: z.literal('order_rejected'), order: orderViewSchema }),
  z.object({ kind: z.literal('order_cancelled'), order: orderViewSchema }),
  /** Any other state change worth telling (unknown, lost, expired). */
  z.object({ kind: z.literal('order_update'), order: orderViewSchema }),
  z.object({ kind: z.literal('order_filled'), fill: fillViewSchema }),
  /**
   * To operators: something needs a human. About someone's order (lost, adopted from the broker), or
   * about an account whose positions at the broker differ from core's too much (RECON-8: its user's
   * trading is paused until an operator checks).
   */
  z.discriminatedUnion('alert', [
    z.object({
      kind: z.literal('operator_alert'),
      alert: z.enum(['order_lost', 'order_adopted', 'order_ambiguous']),
      userName: z.string(),
      order: orderViewSchema,
    }),
    z.object({ kind: z.literal('operator_alert'), alert: z.literal('position_drift'), userName: z.string(), ...positionDriftReportShape }),
  ]),
  /** To the user: their trading is paused until an operator checks their positions (RECON-8). */
  z.object({ kind: z.literal('trading_paused'), reason: z.literal('position_drift'), ...positionDriftReportShape }),
  /** A price alert crossed its threshold (issue #5 produces these). */
  z.object({
    kind: z.literal('alert_triggered'),
    alertId: z.string().min(1).max(64),
    symbol: symbolCodeSchema,
    name: z.string(),
    direction: z.enum(['above', 'below']),
    thresholdKrw: krwSchema,
    priceKrw: krwSchema,
  }),
  /** A strategy acted (an order placed, or refused by admission), with its reason. */
  z.object({ kind: z.literal('strategy_action') }).extend(strategyActionSchema.shape),
  /** Scheduled messages (issue #5): the 08:50 KST brief, and the close summary with its portfolio chart inline (base64, bounded). */
  z.object({ kind: z.literal('pre_open_brief'), brief: preOpenBriefSchema }),
  z.object({ kind: z.literal('close_summary'), report: dailyReportSchema }),
]);
export type NotificationPayload = z.infer<typeof notificationPayloadSchema>;
export type NotificationKind = NotificationPayload['kind'];

export const notificationTargetSchema = z.object({
  platform: platformSchema,
  platformUserId: z.string().min(1).max(64),
  chatId: z.string().min(1).max(64),
});

export const notificationSchema = z.object({
  id: z.string().min(1),
  target: notificationTargetSchema,
  locale: localeSchema,
  accountKind: accountKindSchema.nullable(),
  createdAt: epochMsSchema,
  /** Deliver without sound: the user chose `silent` for this kind, or it is their quiet hours. */
  silent: z.boolean().default(false),
  payload: notificationPayloadSchema,
});
export type Notification = z.infer<typeof notificationSchema>;

export const botToCoreEventSchema = z.discriminatedUnion('type', [
  /** Which chat accounts this bot delivers for: a whole platform, or single accounts on it. */
  z.object({
    type: z.literal('subscribe'),
    platforms: z.array(platformSchema).max(3),
    platformUserIds: z.array(z.string().min(1).max(64)).max(100).optional(),
  }),
  z.object({ type: z.literal('delivered'), ids: z.array(z.string().min(1)).min(1).max(500) }),
]);
export type BotToCoreEvent = z.infer<typeof botToCoreEventSchema>;

export const coreToBotEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribed') }),
  z.object({ type: z.literal('notification'), notification: notificationSchema }),
]);
export type CoreToBotEvent = z.infer<typeof coreToBotEventSchema>;

/** Bound on what the event stream holds unconfirmed per connection before it stops sending. */
export const EVENT_STREAM_IN_FLIGHT_MAX = 200;

import { NOTIFY_KINDS, type NotificationKind, type NotifyKind, type NotifyMode, type NotifyPrefs } from '@tradedesk/contracts';
import { kstHourOf } from './trading-day.js';

/** What a user has until they change something: every kind with sound, no quiet hours. */
export const DEFAULT_NOTIFY_PREFS: NotifyPrefs = {
  modes: Object.fromEntries(NOTIFY_KINDS.map((kind) => [kind, 'on'])) as Record<NotifyKind, NotifyMode>,
  quietHours: null,
};

/**
 * The `notify` setting that governs each notification; null: none. Operator alerts (a lost or
 * adopted order, drifted positions) need a human, and a user must learn their trading is paused, so
 * no setting mutes or silences those.
 */
const SETTING_OF: Readonly<Record<NotificationKind, NotifyKind | null>> = {
  order_accepted: 'order',
  order_cancelled: 'order',
  order_update: 'order',
  order_filled: 'fill',
  order_rejected: 'rejection',
  alert_triggered: 'alert',
  pre_open_brief: 'pre_open',
  close_summary: 'close',
  strategy_action: 'strategy',
  operator_alert: null,
  trading_paused: null,
};

export function notifyKindOf(kind: NotificationKind): NotifyKind | null {
  return SETTING_OF[kind];
}

/** Whether `hour` (KST) is inside the quiet hours: start inclusive, end exclusive, wrapping midnight. */
export function isQuietHour(quietHours: NotifyPrefs['quietHours'], hour: number): boolean {
  if (!quietHours) return false;
  const { startHour, endHour } = quietHours;
  return startHour < endHour ? hour >= startHour && hour < endHour : hour >= startHour || hour < endHour;
}

/** How a notification created at `nowMs` goes out under the user's settings: not at all, silently, or with sound. */
export function deliveryOf(kind: NotificationKind, prefs: NotifyPrefs, nowMs: number): NotifyMode {
  const setting = notifyKindOf(kind);
  if (setting === null) return 'on';
  const mode = prefs.modes[setting];
  if (mode === 'on' && isQuietHour(prefs.quietHours, kstHourOf(nowMs))) return 'silent';
  return mode;
}

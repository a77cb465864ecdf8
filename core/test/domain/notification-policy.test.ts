import { NOTIFY_KINDS, type NotificationKind, type NotifyPrefs } from '@tradedesk/contracts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFY_PREFS, deliveryOf, isQuietHour, notifyKindOf } from '../../src/domain/notification-policy.js';
import { kstHourOf } from '../../src/domain/trading-day.js';

/** An instant at this KST wall-clock hour (KST is UTC+9 all year). */
const atKst = (hour: number, minute = 0) => Date.UTC(2026, 10, 23, hour - 9, minute);
const prefs = (change: Partial<NotifyPrefs['modes']>, quietHours: NotifyPrefs['quietHours'] = null): NotifyPrefs =>
  ({ modes: { ...DEFAULT_NOTIFY_PREFS.modes, ...change }, quietHours });

describe('notification settings', () => {
  it('defaults to every kind on, with no quiet hours', () => {
    expect(Object.keys(DEFAULT_NOTIFY_PREFS.modes).sort()).toEqual([...NOTIFY_KINDS].sort());
    expect(Object.values(DEFAULT_NOTIFY_PREFS.modes).every((mode) => mode === 'on')).toBe(true);
    expect(DEFAULT_NOTIFY_PREFS.quietHours).toBeNull();
  });

  it.each<[NotificationKind, string | null]>([
    ['order_accepted', 'order'], ['order_cancelled', 'order'], ['order_update', 'order'],
    ['order_filled', 'fill'], ['order_rejected', 'rejection'], ['alert_triggered', 'alert'], ['operator_alert', null],
  ])('%s is governed by the %s setting', (kind, setting) => {
    expect(notifyKindOf(kind)).toBe(setting);
  });

  it('follows the mode of the kind: off drops, silent silences, on rings', () => {
    const noon = atKst(12);
    expect(deliveryOf('order_filled', prefs({ fill: 'off' }), noon)).toBe('off');
    expect(deliveryOf('order_filled', prefs({ fill: 'silent' }), noon)).toBe('silent');
    expect(deliveryOf('order_filled', prefs({ order: 'off' }), noon)).toBe('on');
    expect(deliveryOf('order_update', prefs({ order: 'off' }), noon)).toBe('off');
    expect(deliveryOf('order_rejected', prefs({ rejection: 'silent' }), noon)).toBe('silent');
    expect(deliveryOf('alert_triggered', prefs({ alert: 'off' }), noon)).toBe('off');
  });

  it('never mutes or silences an operator alert', () => {
    const all = Object.fromEntries(NOTIFY_KINDS.map((k) => [k, 'off']));
    expect(deliveryOf('operator_alert', prefs(all, { startHour: 0, endHour: 23 }), atKst(12))).toBe('on');
  });

  it('silences in quiet hours (start inclusive, end exclusive) and keeps off as off', () => {
    const quiet = { startHour: 9, endHour: 17 };
    expect(deliveryOf('order_filled', prefs({}, quiet), atKst(8, 59))).toBe('on');
    expect(deliveryOf('order_filled', prefs({}, quiet), atKst(9))).toBe('silent');
    expect(deliveryOf('order_filled', prefs({}, quiet), atKst(16, 59))).toBe('silent');
    expect(deliveryOf('order_filled', prefs({}, quiet), atKst(17))).toBe('on');
    expect(deliveryOf('order_filled', prefs({ fill: 'off' }, quiet), atKst(10))).toBe('off');
  });

  it('wraps quiet hours over midnight (22 -> 7)', () => {
    const quiet = { startHour: 22, endHour: 7 };
    const quietAt = [22, 23, 0, 3, 6].filter((h) => isQuietHour(quiet, h));
    const loudAt = [7, 8, 12, 21].filter((h) => !isQuietHour(quiet, h));
    expect(quietAt).toEqual([22, 23, 0, 3, 6]);
    expect(loudAt).toEqual([7, 8, 12, 21]);
    expect(isQuietHour(null, 3)).toBe(false);
  });

  it('reads the hour in KST whatever the instant looks like in UTC', () => {
    // 13:30 UTC is 22:30 KST; 22:00 UTC the day before is 07:00 KST.
    expect(kstHourOf(Date.UTC(2026, 10, 23, 13, 30))).toBe(22);
    expect(kstHourOf(Date.UTC(2026, 10, 22, 22, 0))).toBe(7);
    expect(kstHourOf(Date.UTC(2026, 10, 22, 21, 59, 59, 999))).toBe(6);
    expect(kstHourOf(Date.UTC(2026, 10, 23, 15, 0))).toBe(0);
  });
});

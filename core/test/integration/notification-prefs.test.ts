import type { ChatIdentity, NotificationPayload } from '@tradedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminInvite } from '../../src/commands/admin-invite.js';
import { kstHourOf } from '../../src/domain/trading-day.js';
import { alertOperators } from '../../src/services/operator-alerts.js';
import { insertNotifications } from '../../src/store/notifications-store.js';
import { findOrderById } from '../../src/store/orders-store.js';
import { consoleIdentity, startHarness, waitFor, type Harness } from '../support/core-harness.js';
import { openEventProbe } from '../support/event-stream-probe.js';
import { testBackends } from '../support/test-db.js';

/** An instant at this KST wall-clock hour (KST is UTC+9 all year). */
const atKst = (hour: number, minute = 0) => Date.UTC(2026, 10, 23, hour - 9, minute);
const ALERT: NotificationPayload = {
  kind: 'alert_triggered', alertId: 'alert-1', symbol: '005930', name: '삼성전자', direction: 'above', thresholdKrw: 80_000, priceKrw: 80_100,
};

describe.each(testBackends())('notification settings on %s', (backend) => {
  let h: Harness;

  const linkedUser = async (name: string) => {
    const identity = consoleIdentity(name);
    const linked = await h.call('link', identity, { code: await h.invite(name, 'premium') });
    if (!linked.ok) throw new Error(linked.error.code);
    const userId = (await h.db.query<{ id: string }>('select id from users where name = $1', [name]))[0]!.id;
    return { identity, userId };
  };
  /** Places a market buy and waits until the broker filled it (the fill and its notification are one transaction). */
  const buyAndWaitForFill = async (identity: ChatIdentity, key: string) => {
    const placed = await h.call('place_order', identity, { symbol: '005930', side: 'buy', qtyShares: 1 }, key);
    if (!placed.ok) throw new Error(placed.error.code);
    const state = async () => (await h.db.query<{ state: string }>('select state from orders where id = $1', [placed.output.order.id]))[0]!.state;
    await waitFor(async () => (await state()) === 'filled', 'order filled');
    return placed.output.order.id;
  };
  const notificationsOf = (userId: string) =>
    h.db.query<{ kind: string; silent: boolean }>('select kind, silent from notifications where user_id = $1 order by created_at', [userId]);

  beforeAll(async () => {
    h = await startHarness(backend, { env: { ACTIVE_USERS_MAX: '100' } });
  });
  afterAll(() => h.dispose());

  it('sends a fill with sound by default, marked silent: false on the event stream', async () => {
    const { identity } = await linkedUser('loud');
    const probe = await openEventProbe(h.baseUrl, ['console'], [identity.platformUserId]);
    try {
      await buyAndWaitForFill(identity, 'loud-1');
      await waitFor(() => probe.received.some((n) => n.payload.kind === 'order_filled'), 'fill notification');
      // Sent explicitly, not left to the contract's default.
      expect(probe.raw.every((n) => n['silent'] === false)).toBe(true);
    } finally {
      probe.close();
    }
  });

  it('sends a fill silently when the user chose silent for fills', async () => {
    const { identity } = await linkedUser('hush');
    await h.call('notify', identity, { kind: 'fill', mode: 'silent' });
    const probe = await openEventProbe(h.baseUrl, ['console'], [identity.platformUserId]);
    try {
      await buyAndWaitForFill(identity, 'hush-1');
      await waitFor(() => probe.received.some((n) => n.payload.kind === 'order_filled'), 'fill notification');
      expect(probe.raw.find((n) => (n['payload'] as { kind: string }).kind === 'order_filled')).toMatchObject({ silent: true });
    } finally {
      probe.close();
    }
  });

  it('creates no fill notification when the user turned fills off, while the order still fills', async () => {
    const { identity, userId } = await linkedUser('mute');
    await h.call('notify', identity, { kind: 'fill', mode: 'off' });
    await buyAndWaitForFill(identity, 'mute-1');
    expect((await notificationsOf(userId)).filter((n) => n.kind === 'order_filled')).toEqual([]);
    const positions = await h.call('positions', identity, {});
    expect(positions.ok && positions.output.positions).toEqual([expect.objectContaining({ symbol: '005930', qtyShares: 1 })]);
  });

  it('sends silently during the user\'s quiet hours (in KST)', async () => {
    const { identity, userId } = await linkedUser('night');
    // Two hours starting now, in KST: the test is over long before they end.
    const hour = kstHourOf(Date.now());
    await h.call('notify', identity, { quietHours: { startHour: hour, endHour: (hour + 2) % 24 } });
    await buyAndWaitForFill(identity, 'night-1');
    expect(await notificationsOf(userId)).toEqual([{ kind: 'order_filled', silent: true }]);
  });

  it('applies quiet hours that wrap midnight by the clock\'s time of creation, boundaries included', async () => {
    const { identity, userId } = await linkedUser('owl');
    await h.call('notify', identity, { quietHours: { startHour: 22, endHour: 7 } });
    const at = [atKst(21, 59), atKst(22), atKst(6, 59), atKst(7)];
    await h.db.transaction(async (tx) => {
      for (const [i, nowMs] of at.entries()) await insertNotifications(tx, userId, `test:owl:${i}`, ALERT, nowMs);
    });
    const rows = await h.db.query<{ silent: boolean }>('select silent from notifications where user_id = $1 order by dedupe_key', [userId]);
    expect(rows.map((r) => r.silent)).toEqual([false, true, true, false]);
  });

  it('drops an alert notification the user turned off, and keeps other kinds', async () => {
    const { identity, userId } = await linkedUser('calm');
    await h.call('notify', identity, { kind: 'alert', mode: 'off' });
    const created = await h.db.transaction((tx) => insertNotifications(tx, userId, 'test:calm:alert', ALERT, atKst(12)));
    expect(created).toBe(0);
    await h.call('notify', identity, { kind: 'alert', mode: 'on' });
    expect(await h.db.transaction((tx) => insertNotifications(tx, userId, 'test:calm:alert', ALERT, atKst(12)))).toBe(1);
  });

  it('never mutes or silences an operator alert, whatever the operator set', async () => {
    const invited = await adminInvite(h.core.deps, { name: 'opal', tier: 'premium', operator: true });
    const opal = consoleIdentity('opal');
    await h.call('link', opal, { code: invited.code });
    for (const kind of ['order', 'fill', 'rejection', 'alert', 'strategy', 'pre_open', 'close'] as const) await h.call('notify', opal, { kind, mode: 'off' });
    await h.call('notify', opal, { quietHours: { startHour: 0, endHour: 23 } });
    const { identity: trader } = await linkedUser('trader');
    const placed = await h.call('place_order', trader, { symbol: '005930', side: 'buy', qtyShares: 1 }, 'trader-1');
    if (!placed.ok) throw new Error(placed.error.code);
    const order = (await findOrderById(h.db, placed.output.order.id))!;
    await h.db.transaction((tx) => alertOperators(tx, h.core.deps, 'order_lost', order, atKst(12)));
    expect(await notificationsOf(invited.userId)).toEqual([{ kind: 'operator_alert', silent: false }]);
  });
});

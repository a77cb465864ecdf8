import type { ChatIdentity, Quote } from '@tradedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIdentity, startHarness, waitFor, type Harness } from '../support/core-harness.js';
import { openEventProbe } from '../support/event-stream-probe.js';
import { testBackends } from '../support/test-db.js';

const SAMSUNG = '005930';
const HYNIX = '000660';

/**
 * Alerts end to end: commands over HTTP, quotes through the shared feed (the bridge is kept down so
 * the paper broker's random quotes do not move prices under the test), triggers written to the
 * outbox and pushed on the event stream.
 */
describe.each(testBackends())('price alerts on %s', (backend) => {
  let h: Harness;
  let atMs = Date.now();

  const linkedUser = async (name: string, tier: 'free' | 'basic' | 'premium' = 'premium') => {
    const identity = consoleIdentity(name);
    const linked = await h.call('link', identity, { code: await h.invite(name, tier) });
    if (!linked.ok) throw new Error(linked.error.code);
    const userId = (await h.db.query<{ id: string }>('select id from users where name = $1', [name]))[0]!.id;
    return { identity, userId };
  };
  /** Publishes a quote on the shared feed, each one a millisecond newer than the last. */
  const tick = (symbol: string, lastKrw: number, extra: Partial<Quote> = {}): Quote => {
    atMs += 1;
    const quote: Quote = {
      symbol, lastKrw, prevCloseKrw: 70_000, openKrw: 70_000, highKrw: 91_000, lowKrw: 49_000, volumeShares: 1,
      upperLimitKrw: 91_000, lowerLimitKrw: 49_000, at: atMs, ...extra,
    };
    h.core.deps.feed.publishQuote(quote);
    return quote;
  };
  const addAbove = (identity: ChatIdentity, symbol: string, priceKrw: number, extra: { repeat?: boolean; cooldownSec?: number } = {}, key?: string) =>
    h.call('alert', identity, { action: 'add', symbol, direction: 'above', target: { kind: 'price', priceKrw }, ...extra }, key);
  const notificationsOf = (userId: string) => h.db.query<{ payload: { kind: string; alertId: string; priceKrw: number; thresholdKrw: number } }>(
    "select payload from notifications where user_id = $1 and kind = 'alert_triggered' order by created_at, id", [userId]);
  const settle = () => h.core.deps.alerts!.flush();

  beforeAll(async () => {
    h = await startHarness(backend, {
      bridgeDown: true,
      env: { ACTIVE_USERS_MAX: '100', TIER_LIMITS_JSON: JSON.stringify({ basic: { alertsMax: 2 }, premium: { commandsPerMinute: 1000 } }) },
    });
  });
  afterAll(() => h.dispose());

  it('ALERT-1: a crossing writes one alert_triggered notification, pushes it on the event stream, and marks a one-shot alert triggered', async () => {
    const { identity, userId } = await linkedUser('alma');
    const probe = await openEventProbe(h.baseUrl, ['console'], [identity.platformUserId]);
    tick(SAMSUNG, 74_000);
    const added = await addAbove(identity, SAMSUNG, 75_000);
    expect(added).toMatchObject({ ok: true, output: { action: 'add', lastKrw: 74_000, alreadyBeyond: false, armedCount: 1, alert: { state: 'armed', live: true, thresholdKrw: 75_000 } } });
    const alertId = added.ok && added.output.action === 'add' ? added.output.alert.id : '';

    tick(SAMSUNG, 74_900);
    tick(SAMSUNG, 75_100); // the crossing
    tick(SAMSUNG, 74_000);
    tick(SAMSUNG, 75_500); // another crossing: the one-shot alert is done
    await settle();

    expect((await notificationsOf(userId)).map((n) => n.payload)).toEqual([
      { kind: 'alert_triggered', alertId, symbol: SAMSUNG, name: '삼성전자', direction: 'above', thresholdKrw: 75_000, priceKrw: 75_100 },
    ]);
    await waitFor(() => probe.received.length === 1, 'the alert pushed to the bot');
    expect(probe.received[0]?.payload).toMatchObject({ kind: 'alert_triggered', alertId, priceKrw: 75_100 });
    probe.close();
    const listed = await h.call('alert', identity, { action: 'list' });
    expect(listed).toMatchObject({ ok: true, output: { alerts: [{ id: alertId, state: 'triggered', live: false }] } });
  });

  it('ALERT-1: duplicate and out-of-order ticks and an oscillating price trigger a repeating alert once per cooldown', async () => {
    const { identity, userId } = await linkedUser('bora');
    tick(HYNIX, 199_000);
    const added = await h.call('alert', identity, {
      action: 'add', symbol: HYNIX, direction: 'below', target: { kind: 'price', priceKrw: 198_000 }, repeat: true, cooldownSec: 60,
    });
    expect(added).toMatchObject({ ok: true, output: { alert: { repeat: true, cooldownSec: 60 } } });
    const crossing = tick(HYNIX, 197_500);
    h.core.deps.feed.publishQuote(crossing); // duplicate
    h.core.deps.feed.publishQuote({ ...crossing, lastKrw: 199_500, at: crossing.at - 1 }); // late
    for (let i = 0; i < 20; i += 1) tick(HYNIX, i % 2 === 0 ? 198_500 : 197_900); // oscillation within the cooldown
    await settle();
    expect((await notificationsOf(userId)).map((n) => n.payload.priceKrw)).toEqual([197_500]);
    tick(HYNIX, 198_500, { at: crossing.at + 60_000 });
    tick(HYNIX, 197_000, { at: crossing.at + 60_001 }); // a crossing after the cooldown
    await settle();
    expect((await notificationsOf(userId)).map((n) => n.payload.priceKrw)).toEqual([197_500, 197_000]);
    atMs = crossing.at + 60_001;
  });

  it('levels a percent alert from the previous close and tells the user when the price is already beyond a new alert', async () => {
    const { identity } = await linkedUser('chae');
    tick('035420', 210_000, { prevCloseKrw: 200_000 });
    const percent = await h.call('alert', identity, { action: 'add', symbol: '035420', direction: 'above', target: { kind: 'percent', percentBp: 300 } });
    expect(percent).toMatchObject({ ok: true, output: { alert: { target: { kind: 'percent', percentBp: 300 }, thresholdKrw: 206_000 }, alreadyBeyond: true } });
    const byName = await h.call('alert', identity, { action: 'add', symbol: 'NAVER', direction: 'below', target: { kind: 'price', priceKrw: 190_000 } });
    expect(byName).toMatchObject({ ok: true, output: { alert: { symbol: { code: '035420' } }, alreadyBeyond: false } });
  });

  it('refuses a level outside a fifth to five times the last price, and accepts the bounds', async () => {
    const { identity } = await linkedUser('dami');
    tick('051910', 300_000);
    expect(await addAbove(identity, '051910', 3_000_000)).toMatchObject({
      ok: false, status: 400, error: { code: 'ALERT_PRICE_OUT_OF_RANGE', params: { priceKrw: 3_000_000, lastKrw: 300_000, minKrw: 60_000, maxKrw: 1_500_000 } },
    });
    expect(await addAbove(identity, '051910', 59_999)).toMatchObject({ ok: false, error: { code: 'ALERT_PRICE_OUT_OF_RANGE' } });
    expect(await addAbove(identity, '051910', 1_500_000)).toMatchObject({ ok: true });
    expect(await addAbove(identity, '051910', 60_000)).toMatchObject({ ok: true });
    expect(await addAbove(identity, '051910', 0)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it.each([
    { tier: 'free', max: 5 },
    { tier: 'basic', max: 2 },
  ] as const)('limits a $tier user to $max armed alerts (ALERTS_LIMIT), and frees a place on remove', async ({ tier, max }) => {
    const { identity } = await linkedUser(`lim-${tier}`, tier);
    const ids: string[] = [];
    for (let i = 0; i < max; i += 1) {
      const added = await addAbove(identity, '005380', 250_000 + i * 1_000);
      if (!added.ok || added.output.action !== 'add') throw new Error('add failed');
      expect(added.output).toMatchObject({ armedCount: i + 1, armedMax: max });
      ids.push(added.output.alert.shortId);
    }
    expect(await addAbove(identity, '005380', 300_000)).toMatchObject({ ok: false, status: 429, error: { code: 'ALERTS_LIMIT', params: { limit: max, tier } } });
    expect(await h.call('alert', identity, { action: 'remove', id: ids[0]! })).toMatchObject({ ok: true, output: { action: 'remove', alert: { shortId: ids[0] } } });
    expect(await addAbove(identity, '005380', 300_000)).toMatchObject({ ok: true });
  });

  it('refuses input outside the contract: an unknown action, a percent beyond ±30 %, a cooldown under a minute', async () => {
    const { identity } = await linkedUser('gil');
    expect(await h.call('alert', identity, { action: 'explode' } as never)).toMatchObject({ ok: false, status: 400, error: { code: 'VALIDATION_FAILED' } });
    expect(await h.call('alert', identity, { action: 'add', symbol: SAMSUNG, direction: 'above', target: { kind: 'percent', percentBp: 3001 } }))
      .toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await addAbove(identity, SAMSUNG, 80_000, { repeat: true, cooldownSec: 59 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('answers a redelivered add with the alert it made, and removes only the caller\'s alerts', async () => {
    const { identity, userId } = await linkedUser('eun');
    const other = await linkedUser('eun-other');
    const first = await addAbove(identity, '000270', 120_000, {}, 'delivery-1');
    const again = await addAbove(identity, '000270', 120_000, {}, 'delivery-1');
    expect(again.ok && first.ok && again.output.action === 'add' && first.output.action === 'add' && again.output.alert.id === first.output.alert.id).toBe(true);
    expect(await h.db.query('select id from price_alerts where user_id = $1', [userId])).toHaveLength(1);
    const shortId = first.ok && first.output.action === 'add' ? first.output.alert.shortId : '';
    expect(await h.call('alert', other.identity, { action: 'remove', id: shortId })).toMatchObject({ ok: false, status: 404, error: { code: 'ALERT_NOT_FOUND' } });
    expect(await h.call('alert', identity, { action: 'remove', id: shortId })).toMatchObject({ ok: true });
    expect(await h.call('alert', identity, { action: 'list' })).toMatchObject({ ok: true, output: { alerts: [] } });
    expect(h.core.deps.alerts!.book.has(first.ok && first.output.action === 'add' ? first.output.alert.id : '')).toBe(false);
  });

  it('keeps state across a restart: a triggered alert stays triggered, a replayed quote is ignored, a crossing spanning the restart fires once', async () => {
    const { identity, userId } = await linkedUser('hana');
    tick('068270', 180_000);
    expect(await addAbove(identity, '068270', 181_000)).toMatchObject({ ok: true });
    const repeat = await h.call('alert', identity, {
      action: 'add', symbol: '068270', direction: 'below', target: { kind: 'price', priceKrw: 179_000 }, repeat: true, cooldownSec: 600,
    });
    expect(repeat.ok).toBe(true);
    const fired = tick('068270', 178_000); // the repeating alert fires
    await settle();
    expect(await notificationsOf(userId)).toHaveLength(1);

    await h.restartCore();
    // Replayed by the bridge from before the restart (older than the saved last price): must not count.
    h.core.deps.feed.publishQuote({ ...fired, lastKrw: 182_000, at: fired.at - 1 });
    tick('068270', 181_500); // up across 181,000 from the last price saved before the restart
    tick('068270', 178_500); // down across 179,000 again, within the cooldown
    await settle();
    expect((await notificationsOf(userId)).map((n) => [n.payload.thresholdKrw, n.payload.priceKrw])).toEqual([[179_000, 178_000], [181_000, 181_500]]);
    const states = await h.db.query<{ state: string; repeat: boolean }>('select state, repeat from price_alerts where user_id = $1 order by repeat', [userId]);
    expect(states).toEqual([{ state: 'triggered', repeat: false }, { state: 'armed', repeat: true }]);
  });
});

describe.each(testBackends())('price alerts at the bridge\'s subscription cap on %s', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(backend, { bridgeEnv: { PAPER_QUOTE_SUBSCRIPTIONS_MAX: '1' }, env: { ACTIVE_USERS_MAX: '100' } });
  });
  afterAll(() => h.dispose());

  it('saves an alert the bridge cannot stream as armed but not live, says so, and shares a streamed symbol', async () => {
    const identity = consoleIdentity('cap');
    await h.call('link', identity, { code: await h.invite('cap', 'premium') });
    const add = (symbol: string) => h.call('alert', identity, { action: 'add', symbol, direction: 'below', target: { kind: 'percent', percentBp: -1000 } });
    expect(await add(SAMSUNG)).toMatchObject({ ok: true, output: { alert: { live: true } } });
    expect(await add(SAMSUNG)).toMatchObject({ ok: true, output: { alert: { live: true } } });
    expect(await add(HYNIX)).toMatchObject({ ok: true, output: { alert: { state: 'armed', live: false } } });
    const listed = await h.call('alert', identity, { action: 'list' });
    expect(listed.ok && listed.output.action === 'list' && listed.output.alerts.map((a) => [a.symbol.code, a.live])).toEqual([[SAMSUNG, true], [SAMSUNG, true], [HYNIX, false]]);
    expect([...h.core.deps.subscriptions.streamed()]).toEqual([SAMSUNG]);
  });
});

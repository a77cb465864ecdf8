import type { ChatIdentity, NotificationPayload, Quote, StrategySpec } from '@tradedesk/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MinuteBar } from '../../src/market/market-feed.js';
import { StrategyRunner, strategyOrderKey } from '../../src/strategies/strategy-runner.js';
import { setTradingHalted } from '../../src/store/controls-store.js';
import { applyFillToPosition } from '../../src/store/positions-store.js';
import { consoleIdentity, startHarness, UNLIMITED_COMMANDS, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

/** A same-day quote as the bridge would stream it, with KRX limits ±30% of the previous close. */
function quote(symbol: string, lastKrw: number, prevCloseKrw = 70_000): Quote {
  return {
    symbol, lastKrw, prevCloseKrw, openKrw: prevCloseKrw, highKrw: Math.max(lastKrw, prevCloseKrw), lowKrw: Math.min(lastKrw, prevCloseKrw),
    volumeShares: 1_000, upperLimitKrw: Math.round(prevCloseKrw * 1.3), lowerLimitKrw: Math.round(prevCloseKrw * 0.7), at: Date.now(),
  };
}

const band = (symbol = '005930', size: StrategySpec['size'] = { qtyShares: 2 }): StrategySpec => ({
  kind: 'price_band', symbol, size, params: { buyAtOrBelowKrw: 68_000, sellAtOrAboveKrw: 75_000 },
});

describe.each(testBackends())('strategies on %s', (backend) => {
  let h: Harness;
  let runner: StrategyRunner;
  let n = 0;
  let me: ChatIdentity;
  let userId = '';

  beforeAll(async () => {
    // The bridge stays down: orders queue on the same-day quotes the test publishes, and stay queued.
    h = await startHarness(backend, { bridgeDown: true, runStrategies: false, env: { TIER_LIMITS_JSON: UNLIMITED_COMMANDS, ACTIVE_USERS_MAX: '50' } });
  });
  afterAll(async () => {
    await runner?.stop();
    await h.dispose();
  });

  /** A fresh user per test (tests are shuffled), linked, on `tier`, and a runner over the same core. */
  async function freshUser(tier: 'free' | 'basic' | 'premium' = 'basic'): Promise<void> {
    n += 1;
    me = consoleIdentity(`strat${n}`);
    await h.call('link', me, { code: await h.invite(`strat${n}`, tier) });
    userId = (await h.db.query<{ id: string }>('select id from users where name = $1', [`strat${n}`]))[0]!.id;
  }

  beforeEach(async () => {
    await runner?.stop();
    await freshUser();
    runner = new StrategyRunner(h.core.deps, { pollIntervalMs: 3_600_000 });
    await runner.start();
  });

  async function add(spec: StrategySpec, key?: string): Promise<string> {
    const result = await h.call('strategy', me, { action: 'add', spec }, key);
    if (!result.ok) throw new Error(`add failed: ${result.error.code}`);
    await runner.refresh();
    return result.output.changed!.id;
  }

  /** Publishes quotes on the shared feed and waits until the runner has written and ordered what they caused. */
  async function publish(...quotes: Quote[]): Promise<void> {
    for (const q of quotes) h.core.deps.feed.publishQuote(q);
    await runner.idle();
  }

  const ordersOf = (strategyId: string) => h.db.query<{ side: string; qty_shares: number; priority: string; source: string; idempotency_key: string; state: string }>(
    'select side, qty_shares, priority, source, idempotency_key, state from orders where strategy_id = $1 order by created_at', [strategyId]);
  const notificationsOf = async (strategyId: string) => (await h.db.query<{ payload: NotificationPayload }>(
    `select payload from notifications where kind = 'strategy_action' and payload->>'strategyId' = $1 order by created_at`, [strategyId])).map((r) => r.payload);
  const stateOf = async (id: string) => (await h.db.query<{ state: { seq: number; kind: unknown } }>('select state from strategies where id = $1', [id]))[0]!.state;

  it('places a band buy through admission, tagged with the strategy, and notifies the reason once', async () => {
    const id = await add(band());
    await publish(quote('005930', 69_000), quote('005930', 68_000), quote('005930', 67_900));
    expect(await ordersOf(id)).toEqual([{ side: 'buy', qty_shares: 2, priority: 'normal', source: 'strategy', idempotency_key: strategyOrderKey(id, 0), state: 'queued' }]);
    expect(await notificationsOf(id)).toEqual([expect.objectContaining({
      kind: 'strategy_action', strategyKind: 'price_band', symbol: '005930', side: 'buy', qtyShares: 2, priceKrw: 68_000, urgent: false,
      reason: { code: 'band_buy', params: { priceKrw: 68_000, levelKrw: 68_000 } }, refusal: null,
    })]);
    expect(await stateOf(id)).toEqual({ seq: 1, kind: { waitingFor: 'sell' } });
    const listed = await h.call('orders', me, {});
    expect(listed.ok && listed.output.orders[0]).toMatchObject({ source: 'strategy', strategyShortId: id.slice(0, 8) });
  });

  it('exits a held position with an urgent order when the trailing stop is hit', async () => {
    const id = await add({ kind: 'trailing_stop', symbol: '000660', size: { qtyShares: 50 }, params: { trailBps: 300 } });
    const account = (await h.db.query<{ id: string }>('select id from broker_accounts where user_id = $1', [userId]))[0]!.id;
    await h.db.transaction((tx) => applyFillToPosition(tx, { accountId: account, userId, symbol: '000660', side: 'buy', qtyShares: 20, priceKrw: 200_000, costsKrw: 0, nowMs: Date.now() }));
    await runner.refresh();
    await publish(quote('000660', 200_000, 200_000), quote('000660', 210_000, 200_000), quote('000660', 204_000, 200_000), quote('000660', 203_700, 200_000), quote('000660', 190_000, 200_000));
    expect(await ordersOf(id)).toEqual([expect.objectContaining({ side: 'sell', qty_shares: 20, priority: 'urgent' })]);
    expect(await notificationsOf(id)).toEqual([expect.objectContaining({
      urgent: true, reason: { code: 'trailing_stop', params: { highKrw: 210_000, stopKrw: 203_700, priceKrw: 203_700, trailBps: 300 } },
    })]);
  });

  it('runs an MA cross on finished 1-minute bars', async () => {
    const id = await add({ kind: 'ma_cross', symbol: '035420', size: { amountKrw: 1_000_000 }, params: { shortPeriod: 2, longPeriod: 3 } });
    const start = Date.now() - 10 * 60_000;
    const bar = (i: number, closeKrw: number): MinuteBar => ({ symbol: '035420', startMs: start + i * 60_000, openKrw: closeKrw, highKrw: closeKrw, lowKrw: closeKrw, closeKrw, volumeShares: 10 });
    h.core.deps.quotes.put(quote('035420', 200_000, 200_000));
    for (const [i, close] of [200_000, 200_000, 190_000, 190_000, 210_000].entries()) h.core.deps.feed.publishBar(bar(i, close));
    await runner.idle();
    expect(await ordersOf(id)).toEqual([expect.objectContaining({ side: 'buy', qty_shares: 4 })]);
    expect((await notificationsOf(id))[0]).toMatchObject({ reason: { code: 'ma_golden_cross' } });
  });

  it('after a crash that lost the state write, replays the decision onto the first order instead of a second', async () => {
    const id = await add(band());
    const before = await stateOf(id);
    await publish(quote('005930', 67_000));
    expect(await ordersOf(id)).toHaveLength(1);
    // The order and its notification exist, but the state is as it was before the decision.
    await h.db.query('update strategies set state = $2 where id = $1', [id, before]);
    await runner.stop();
    runner = new StrategyRunner(h.core.deps, { pollIntervalMs: 3_600_000 });
    await runner.start();
    await publish(quote('005930', 67_000));
    expect(await ordersOf(id)).toHaveLength(1);
    expect(await notificationsOf(id)).toHaveLength(1);
    expect(await stateOf(id)).toEqual({ seq: 1, kind: { waitingFor: 'sell' } });
  });

  it('after a lost state write, a different decision for the same step does not place a second order', async () => {
    const id = await add(band('005930', { amountKrw: 300_000 }));
    const before = await stateOf(id);
    await publish(quote('005930', 67_000));
    await h.db.query('update strategies set state = $2 where id = $1', [id, before]);
    await runner.stop();
    runner = new StrategyRunner(h.core.deps, { pollIntervalMs: 3_600_000 });
    await runner.start();
    // A lower price after the restart sizes the buy differently (7 shares instead of 4).
    await publish(quote('005930', 40_000, 55_000));
    expect((await ordersOf(id)).map((o) => o.qty_shares)).toEqual([4]);
    expect(await stateOf(id)).toMatchObject({ seq: 1 });
  });

  it('tells the user once when admission refuses, does not retry, and keeps running', async () => {
    const id = await add(band());
    await setTradingHalted(h.db, { halted: true, actor: 'test', nowMs: Date.now() });
    try {
      await publish(quote('005930', 67_000), quote('005930', 66_000), quote('005930', 67_500));
    } finally {
      await setTradingHalted(h.db, { halted: false, actor: 'test', nowMs: Date.now() });
    }
    expect(await ordersOf(id)).toEqual([]);
    expect(await notificationsOf(id)).toEqual([expect.objectContaining({ side: 'buy', orderShortId: null, refusal: { code: 'TRADING_HALTED', params: {} } })]);
    // Still running: the band now waits for its sell level (nothing held, so it re-arms) and buys again.
    await publish(quote('005930', 75_000), quote('005930', 68_000));
    expect(await ordersOf(id)).toEqual([expect.objectContaining({ side: 'buy' })]);
  });

  it('stops acting once disabled, and starts over when enabled again with new order keys', async () => {
    const id = await add(band());
    await publish(quote('005930', 67_000));
    expect(await h.call('strategy', me, { action: 'disable', id: id.slice(0, 8) })).toMatchObject({ ok: true, output: { changed: { enabled: false } } });
    await runner.refresh();
    await publish(quote('005930', 80_000), quote('005930', 67_000));
    expect(await ordersOf(id)).toHaveLength(1);
    await h.call('strategy', me, { action: 'enable', id: id.slice(0, 8) });
    await runner.refresh();
    // Started over: waiting to buy again (nothing is held), and the buy is a second order, not a replay of the first.
    await publish(quote('005930', 67_000));
    expect((await ordersOf(id)).map((o) => [o.side, o.idempotency_key])).toEqual([['buy', strategyOrderKey(id, 0)], ['buy', strategyOrderKey(id, 1)]]);
    expect(await notificationsOf(id)).toHaveLength(2);
  });

  it('keeps each tier within its strategiesMax and adds a redelivered command once', async () => {
    await freshUser('free');
    await add(band(), 'delivery-1');
    await add(band(), 'delivery-1');
    const second = await h.call('strategy', me, { action: 'add', spec: band('000660') }, 'delivery-2');
    expect(second).toMatchObject({ ok: false, status: 429, error: { code: 'STRATEGY_LIMIT', params: { max: 1 } } });
    const list = await h.call('strategy', me, { action: 'list' });
    expect(list).toMatchObject({ ok: true, output: { strategiesMax: 1, changed: null, strategies: [{ enabled: true, spec: band() }] } });
  });

  it('answers clearly for an unknown id, an unknown symbol and bad parameters, changing nothing', async () => {
    expect(await h.call('strategy', me, { action: 'remove', id: 'abcdef12' })).toMatchObject({ ok: false, error: { code: 'STRATEGY_NOT_FOUND' } });
    expect(await h.call('strategy', me, { action: 'add', spec: band('999999') })).toMatchObject({ ok: false, error: { code: 'SYMBOL_UNKNOWN' } });
    const inverted = { kind: 'price_band', symbol: '005930', size: { qtyShares: 1 }, params: { buyAtOrBelowKrw: 80_000, sellAtOrAboveKrw: 75_000 } } as const;
    expect(await h.call('strategy', me, { action: 'add', spec: inverted })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const dcaInShares = { kind: 'dca', symbol: '005930', size: { qtyShares: 1 }, params: { schedule: { every: 'day', atMinuteKst: 570 } } } as const;
    expect(await h.call('strategy', me, { action: 'add', spec: dcaInShares })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await h.call('strategy', me, { action: 'list' })).toMatchObject({ ok: true, output: { strategies: [] } });
  });

  it('removes a strategy; its orders stay, no longer naming it', async () => {
    const id = await add(band());
    await publish(quote('005930', 67_000));
    expect(await h.call('strategy', me, { action: 'remove', id })).toMatchObject({ ok: true, output: { strategies: [] } });
    const rows = await h.db.query<{ source: string; strategy_id: string | null }>(`select source, strategy_id from orders where idempotency_key = $1`, [strategyOrderKey(id, 0)]);
    expect(rows).toEqual([{ source: 'strategy', strategy_id: null }]);
  });
});

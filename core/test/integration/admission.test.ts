import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIdentity, startHarness, TEST_BRIDGE_TOKEN, TEST_CORE_TOKEN, UNLIMITED_COMMANDS, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

describe.each(testBackends())('order admission on %s', (backend) => {
  let h: Harness;
  let linkCode = '';
  const bob = consoleIdentity('bob');
  const rowCounts = async () => (await h.db.query<{ orders: number; usage: number }>(
    `select (select count(*)::int from orders) as orders, (select coalesce(sum(trades_used), 0)::int from daily_usage) as usage`,
  ))[0]!;

  beforeAll(async () => {
    // One user sends every command of this file: the command rate (BOT-13) is not what it tests.
    h = await startHarness(backend, { env: { TIER_LIMITS_JSON: UNLIMITED_COMMANDS } });
    linkCode = await h.invite('bob', 'free');
    await h.call('link', bob, { code: linkCode });
  });
  afterAll(() => h.dispose());

  const badOrders: Array<[string, Record<string, unknown>, string]> = [
    ['an unknown symbol', { symbol: '999999', side: 'buy', qtyShares: 1 }, 'SYMBOL_UNKNOWN'],
    ['a malformed symbol', { symbol: '5930', side: 'buy', qtyShares: 1 }, 'VALIDATION_FAILED'],
    ['a zero quantity', { symbol: '005930', side: 'buy', qtyShares: 0 }, 'VALIDATION_FAILED'],
    ['a negative quantity', { symbol: '005930', side: 'buy', qtyShares: -5 }, 'VALIDATION_FAILED'],
    ['a fractional quantity', { symbol: '005930', side: 'buy', qtyShares: 1.5 }, 'VALIDATION_FAILED'],
    ['a huge quantity', { symbol: '005930', side: 'buy', qtyShares: 50_000_000 }, 'QTY_TOO_LARGE'],
    ['a quantity beyond the tier\'s order value', { symbol: '005930', side: 'buy', qtyShares: 100_000 }, 'ORDER_VALUE_TOO_LARGE'],
    ['a fractional price', { symbol: '005930', side: 'buy', qtyShares: 1, priceKrw: 70_000.5 }, 'VALIDATION_FAILED'],
    ['a price off the tick grid', { symbol: '005930', side: 'buy', qtyShares: 1, priceKrw: 70_050 }, 'PRICE_OFF_TICK'],
    ['a price above the day\'s upper limit', { symbol: '005930', side: 'buy', qtyShares: 1, priceKrw: 10_000_000 }, 'PRICE_OUT_OF_LIMIT'],
    ['a price below the day\'s lower limit', { symbol: '005930', side: 'buy', qtyShares: 1, priceKrw: 100 }, 'PRICE_OUT_OF_LIMIT'],
  ];

  it.each(badOrders)('refuses %s with a clear code and changes nothing', async (_what, input, code) => {
    const before = await rowCounts();
    const result = await h.call('place_order', bob, input as never);
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(await rowCounts()).toEqual(before);
  });

  it('names the nearest valid prices when a price is off the tick grid', async () => {
    const result = await h.call('place_order', bob, { symbol: '005930', side: 'buy', qtyShares: 1, priceKrw: 70_050 });
    expect(result).toMatchObject({ ok: false, error: { code: 'PRICE_OFF_TICK', params: { tickKrw: 100, belowKrw: 70_000, aboveKrw: 70_100 } } });
  });

  it('refuses an unknown command and an unknown field', async () => {
    const response = await fetch(`${h.baseUrl}/v1/commands/launch_rockets`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_CORE_TOKEN}` },
      body: JSON.stringify({ identity: bob, input: {} }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'UNKNOWN_COMMAND' } });
    expect(await h.call('orders', bob, { extra: 1 } as never)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('IDEM-3: the same command delivered twice places one order and answers the same', async () => {
    const input = { symbol: '000660', side: 'buy', qtyShares: 1 } as const;
    const first = await h.call('place_order', bob, input, 'delivery-77');
    const second = await h.call('place_order', bob, input, 'delivery-77');
    expect(first.ok && second.ok && second.output.order.id).toBe(first.ok && first.output.order.id);
    const rows = await h.db.query(`select id from orders where idempotency_key = 'console:delivery-77'`);
    expect(rows).toHaveLength(1);
  });

  it('IDEM-4: the same key with a different quantity is refused and leaves the first order alone', async () => {
    await h.call('place_order', bob, { symbol: '035420', side: 'buy', qtyShares: 1 }, 'delivery-88');
    const conflict = await h.call('place_order', bob, { symbol: '035420', side: 'buy', qtyShares: 2 }, 'delivery-88');
    expect(conflict).toMatchObject({ ok: false, status: 409, error: { code: 'IDEMPOTENCY_CONFLICT' } });
    const rows = await h.db.query<{ qty_shares: number }>(`select qty_shares from orders where idempotency_key = 'console:delivery-88'`);
    expect(rows).toEqual([{ qty_shares: 1 }]);
  });

  it('refuses requests without the service token, on HTTP and on the event stream', async () => {
    const noToken = await fetch(`${h.baseUrl}/v1/commands/me`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(noToken.status).toBe(401);
    const wrong = await fetch(`${h.baseUrl}/v1/commands/me`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${h.baseUrl.replace('http', 'ws')}/v1/events`, { headers: { authorization: 'Bearer nope' } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(401);
  });

  it('SEC-3: tokens and link codes never appear in the logs', () => {
    const logs = h.logs.lines.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [TEST_CORE_TOKEN, TEST_BRIDGE_TOKEN, linkCode]) expect(logs).not.toContain(secret);
  });
});

describe.each(testBackends())('daily trade cap on %s', (backend) => {
  let h: Harness;
  afterAll(() => h.dispose());

  it('Q-3: 50 concurrent orders from a free user with 9 trades used admit exactly one', async () => {
    h = await startHarness(backend, { bridgeDown: true, env: { TIER_LIMITS_JSON: UNLIMITED_COMMANDS } });
    const carol = consoleIdentity('carol');
    await h.call('link', carol, { code: await h.invite('carol', 'free') });
    const user = (await h.db.query<{ id: string }>(`select id from users where name = 'carol'`))[0]!;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(Date.now());
    await h.db.query('insert into daily_usage (user_id, trading_day, trades_used) values ($1, $2, 9)', [user.id, today]);
    // Limit orders need a quote; the bridge is down, so give core a same-day quote first.
    h.core.deps.quotes.put({ symbol: '005930', lastKrw: 70_000, prevCloseKrw: 70_000, openKrw: 70_000, highKrw: 70_000, lowKrw: 70_000, volumeShares: 0, upperLimitKrw: 91_000, lowerLimitKrw: 49_000, at: Date.now() });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      h.call('place_order', carol, { symbol: '005930', side: 'buy', qtyShares: 1, priceKrw: 60_000 }, `race-${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'DAILY_TRADE_LIMIT')).toHaveLength(49);
    const used = await h.db.query<{ trades_used: number }>('select trades_used from daily_usage where user_id = $1', [user.id]);
    expect(used).toEqual([{ trades_used: 10 }]);
  });
});

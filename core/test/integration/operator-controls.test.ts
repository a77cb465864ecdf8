import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ADMIN_COMMANDS, errorBodySchema, type AdminActor, type AdminCommandInput, type AdminCommandName,
  type AdminCommandOutput, type ChatIdentity, type ErrorBody, type Quote,
} from '@tradedesk/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminInvite } from '../../src/commands/admin-invite.js';
import { isTradingHalted } from '../../src/store/controls-store.js';
import { consoleIdentity, startHarness, TEST_CORE_TOKEN, waitFor, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

type AdminResult<N extends AdminCommandName> = { ok: true; output: AdminCommandOutput<N> } | { ok: false; status: number; error: ErrorBody['error'] };
const CLI: AdminActor = { system: 'admin-cli' };

/** Calls an operator command over real HTTP, as the admin CLI or a chat identity would. */
async function admin<N extends AdminCommandName>(h: Harness, name: N, input: AdminCommandInput<N>, actor: AdminActor = CLI): Promise<AdminResult<N>> {
  const response = await fetch(`${h.baseUrl}/v1/admin/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_CORE_TOKEN}` },
    body: JSON.stringify({ actor, input }),
  });
  const body: unknown = await response.json();
  if (response.ok) return { ok: true, output: ADMIN_COMMANDS[name].output.parse(body) as never };
  return { ok: false, status: response.status, error: errorBodySchema.parse(body).error };
}

async function newUser(h: Harness, name: string, tier: 'free' | 'basic' | 'premium', operator = false): Promise<ChatIdentity> {
  const identity = consoleIdentity(name);
  const { code } = await adminInvite(h.core.deps, { name, tier, operator });
  const linked = await h.call('link', identity, { code });
  if (!linked.ok) throw new Error(`link ${name}: ${linked.error.code}`);
  return identity;
}

async function placeOk(h: Harness, who: ChatIdentity, input: { symbol: string; side: 'buy' | 'sell'; qtyShares: number; priceKrw?: number }): Promise<string> {
  const placed = await h.call('place_order', who, input);
  if (!placed.ok) throw new Error(`expected the order to be admitted, got ${placed.error.code}`);
  return placed.output.order.id;
}

const stateOf = async (h: Harness, orderId: string) =>
  (await h.db.query<{ state: string }>('select state from orders where id = $1', [orderId]))[0]?.state;

/** Asserts the order is still `queued` at every look over `ms` (the dispatcher polls every second). */
async function expectHeldQueued(h: Harness, orderId: string, ms = 1_200): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    expect(await stateOf(h, orderId)).toBe('queued');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const waitForState = (h: Harness, orderId: string, state: string) =>
  waitFor(async () => (await stateOf(h, orderId)) === state, `order ${orderId} ${state}`);

/** A same-day quote in core's cache, so orders are admitted while the bridge is down. */
function putQuote(h: Harness, symbol: string, lastKrw = 10_000): void {
  h.core.deps.quotes.put({
    symbol, lastKrw, prevCloseKrw: lastKrw, openKrw: lastKrw, highKrw: lastKrw, lowKrw: lastKrw, volumeShares: 0,
    upperLimitKrw: lastKrw * 1.3, lowerLimitKrw: lastKrw * 0.7, at: Date.now(),
  } satisfies Quote);
}

describe.each(testBackends())('kill switch and per-user pause on %s', (backend) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(backend, { bridgeStateFile: join(mkdtempSync(join(tmpdir(), 'td-paper-')), 'paper.json') });
  });
  afterAll(() => h.dispose());

  // Tests run in a shuffled order: each starts with the bridge up and trading not halted.
  beforeEach(async () => {
    if (!h.bridge) await h.startBridge();
    if (await isTradingHalted(h.db)) await admin(h, 'resume', {});
  });

  it('halt refuses new orders with TRADING_HALTED, holds an order queued before it, and resume sends it to a fill', async () => {
    const hal = await newUser(h, 'hal', 'basic');
    await h.call('price', hal, { query: '005930' }); // today's quote in the cache, for admission while the bridge is down
    await h.stopBridge();
    const queuedBefore = await placeOk(h, hal, { symbol: '005930', side: 'buy', qtyShares: 1 });

    expect(await admin(h, 'halt', {})).toEqual({ ok: true, output: { halted: true } });
    const refused = await h.call('place_order', hal, { symbol: '005930', side: 'buy', qtyShares: 1 });
    expect(refused).toMatchObject({ ok: false, status: 503, error: { code: 'TRADING_HALTED' } });

    await h.startBridge();
    await expectHeldQueued(h, queuedBefore);

    expect(await admin(h, 'resume', {})).toEqual({ ok: true, output: { halted: false } });
    await waitForState(h, queuedBefore, 'filled');
    expect(await h.call('place_order', hal, { symbol: '005930', side: 'buy', qtyShares: 1 })).toMatchObject({ ok: true });
  });

  it('a halt survives a core restart, and resume after the restart lets orders in again', async () => {
    const rita = await newUser(h, 'rita', 'basic');
    await admin(h, 'halt', {});
    await h.restartCore();
    expect(await isTradingHalted(h.db)).toBe(true);
    expect(await h.call('place_order', rita, { symbol: '000660', side: 'buy', qtyShares: 1 }))
      .toMatchObject({ ok: false, error: { code: 'TRADING_HALTED' } });
    await admin(h, 'resume', {});
    const id = await placeOk(h, rita, { symbol: '000660', side: 'buy', qtyShares: 1 });
    await waitForState(h, id, 'filled');
  });

  it('cancels still go through while trading is halted', async () => {
    const cara = await newUser(h, 'cara', 'basic');
    await h.call('price', cara, { query: '035420' });
    await h.stopBridge();
    const id = await placeOk(h, cara, { symbol: '035420', side: 'buy', qtyShares: 1 });
    await admin(h, 'halt', {});
    const cancelled = await h.call('cancel_order', cara, { orderId: id });
    expect(cancelled).toMatchObject({ ok: true, output: { cancelRequested: true, order: { state: 'cancelled' } } });
  });

  it('pause refuses the paused user\'s new orders, holds their queued ones, and leaves other users trading', async () => {
    const paula = await newUser(h, 'paula', 'basic');
    const otto = await newUser(h, 'otto', 'basic');
    await h.call('price', paula, { query: '005930' });
    await h.stopBridge();
    const paulasQueued = await placeOk(h, paula, { symbol: '005930', side: 'buy', qtyShares: 1 });

    expect(await admin(h, 'pause', { name: 'paula', paused: true })).toEqual({ ok: true, output: { userName: 'paula', paused: true } });
    expect(await h.call('place_order', paula, { symbol: '005930', side: 'buy', qtyShares: 1 }))
      .toMatchObject({ ok: false, status: 403, error: { code: 'USER_PAUSED' } });
    const ottosOrder = await placeOk(h, otto, { symbol: '005930', side: 'buy', qtyShares: 1 });

    await h.startBridge();
    await waitForState(h, ottosOrder, 'filled');
    await expectHeldQueued(h, paulasQueued);

    expect(await admin(h, 'pause', { name: 'paula', paused: false })).toEqual({ ok: true, output: { userName: 'paula', paused: false } });
    await waitForState(h, paulasQueued, 'filled');
    expect(await h.call('place_order', paula, { symbol: '005930', side: 'buy', qtyShares: 1 })).toMatchObject({ ok: true });
  });

  it('tier and pause of an unknown user answer USER_NOT_FOUND and change nothing', async () => {
    const before = await h.db.query('select name, tier, paused from users order by name');
    expect(await admin(h, 'tier', { name: 'nobody', tier: 'premium' })).toMatchObject({ ok: false, status: 404, error: { code: 'USER_NOT_FOUND', params: { name: 'nobody' } } });
    expect(await admin(h, 'pause', { name: 'nobody', paused: true })).toMatchObject({ ok: false, status: 404, error: { code: 'USER_NOT_FOUND' } });
    expect(await h.db.query('select name, tier, paused from users order by name')).toEqual(before);
  });

  it('an operator\'s chat identity may use admin commands; a non-operator gets NOT_AUTHORIZED and changes nothing', async () => {
    const olga = await newUser(h, 'olga', 'basic', true);
    const nora = await newUser(h, 'nora', 'free');
    await newUser(h, 'target', 'free');

    expect(await admin(h, 'tier', { name: 'target', tier: 'basic' }, { identity: olga })).toEqual({ ok: true, output: { userName: 'target', tier: 'basic' } });
    expect(await admin(h, 'halt', {}, { identity: nora })).toMatchObject({ ok: false, status: 403, error: { code: 'NOT_AUTHORIZED' } });
    expect(await admin(h, 'tier', { name: 'target', tier: 'premium' }, { identity: nora })).toMatchObject({ ok: false, error: { code: 'NOT_AUTHORIZED' } });
    expect(await admin(h, 'pause', { name: 'target', paused: true }, { identity: consoleIdentity('stranger') })).toMatchObject({ ok: false, error: { code: 'NOT_LINKED' } });

    expect(await isTradingHalted(h.db)).toBe(false);
    expect(await h.db.query(`select tier, paused from users where name = 'target'`)).toEqual([{ tier: 'basic', paused: false }]);
    const audit = await h.db.query<{ actor: string; outcome: string }>(`select actor, outcome from audit_log where command = 'admin tier' order by id`);
    expect(audit).toEqual(expect.arrayContaining([{ actor: 'console:olga', outcome: 'ok' }]));
  });
});

describe.each(testBackends())('tier and open-position limits on %s', (backend) => {
  let h: Harness;
  const SYMBOLS = ['005930', '000660', '035420', '035720', '005380', '051910', '006400', '068270', '207940', '005490', '012330', '028260'];

  beforeAll(async () => {
    // The bridge stays down: orders are admitted on cached quotes and stay queued, so they count as pending buys.
    h = await startHarness(backend, { bridgeDown: true });
  });
  beforeEach(() => {
    for (const symbol of SYMBOLS) putQuote(h, symbol);
  });
  afterAll(() => h.dispose());

  const holdPositions = async (name: string, holdings: Record<string, number>) => {
    const account = (await h.db.query<{ id: string; user_id: string }>(
      `select a.id, a.user_id from broker_accounts a join users u on u.id = a.user_id where u.name = $1 and a.is_default`, [name]))[0]!;
    for (const [symbol, qty] of Object.entries(holdings)) {
      await h.db.query(
        'insert into positions (account_id, user_id, symbol, qty_shares, avg_price_krw) values ($1, $2, $3, $4, 10000)',
        [account.id, account.user_id, symbol, qty],
      );
    }
  };

  it('a tier change takes effect on the next order: order value, open positions and queue priority', async () => {
    const tess = await newUser(h, 'tess', 'free');
    // 1,000 shares valued at the upper limit (13,000원): 13,000,000원, above free's 10,000,000원, within basic's.
    const big = { symbol: '005930', side: 'buy', qtyShares: 1_000 } as const;
    expect(await h.call('place_order', tess, big)).toMatchObject({ ok: false, error: { code: 'ORDER_VALUE_TOO_LARGE', params: { maxKrw: 10_000_000 } } });

    expect(await admin(h, 'tier', { name: 'tess', tier: 'basic' })).toEqual({ ok: true, output: { userName: 'tess', tier: 'basic' } });
    const bigId = await placeOk(h, tess, big);
    const me = await h.call('me', tess, {});
    expect(me).toMatchObject({ ok: true, output: { tier: 'basic', limits: { tradesPerDay: 50, openPositionsMax: 10, orderValueMaxKrw: 50_000_000 } } });

    // Premium is served as VIP: the queued order moves up with the tier.
    await admin(h, 'tier', { name: 'tess', tier: 'premium' });
    expect(await h.db.query('select priority from orders where id = $1', [bigId])).toEqual([{ priority: 'vip' }]);

    await admin(h, 'tier', { name: 'tess', tier: 'free' });
    expect(await h.call('place_order', tess, big)).toMatchObject({ ok: false, error: { code: 'ORDER_VALUE_TOO_LARGE' } });
    expect(await h.db.query('select priority from orders where id = $1', [bigId])).toEqual([{ priority: 'normal' }]);
  });

  it('open positions at the boundary: max-1 admits a new symbol, max refuses one, a held or pending symbol and a sell still pass', async () => {
    const pam = await newUser(h, 'pam', 'free'); // free: at most 5 open positions
    // Three held, one sold out (quantity 0: not open).
    await holdPositions('pam', { '005930': 10, '000660': 5, '035420': 1, '035720': 0 });
    await placeOk(h, pam, { symbol: '005380', side: 'buy', qtyShares: 1 }); // 4 open: max-1 admits a new symbol
    const fifthId = await placeOk(h, pam, { symbol: '051910', side: 'buy', qtyShares: 1 }); // 5 open: max

    const refused = await h.call('place_order', pam, { symbol: '006400', side: 'buy', qtyShares: 1 });
    expect(refused).toMatchObject({ ok: false, status: 429, error: { code: 'OPEN_POSITIONS_LIMIT', params: { max: 5 } } });
    expect(await h.call('place_order', pam, { symbol: '035720', side: 'buy', qtyShares: 1 })) // the sold-out symbol is new again
      .toMatchObject({ ok: false, error: { code: 'OPEN_POSITIONS_LIMIT' } });

    await placeOk(h, pam, { symbol: '005930', side: 'buy', qtyShares: 1 }); // held
    await placeOk(h, pam, { symbol: '005380', side: 'buy', qtyShares: 2 }); // pending buy
    await placeOk(h, pam, { symbol: '000660', side: 'sell', qtyShares: 1 }); // a sell never opens a position

    // A pending buy that ends (here: cancelled before it was sent) frees its place.
    expect(await h.call('cancel_order', pam, { orderId: fifthId })).toMatchObject({ ok: true, output: { order: { state: 'cancelled' } } });
    await placeOk(h, pam, { symbol: '006400', side: 'buy', qtyShares: 1 });
    const usage = await h.db.query<{ trades_used: number }>(
      `select d.trades_used from daily_usage d join users u on u.id = d.user_id where u.name = 'pam'`);
    expect(usage).toEqual([{ trades_used: 5 }]); // refused orders used no trade; the cancelled one gave its back
  });

  it('concurrent buys of new symbols at max-1 open positions admit exactly one', async () => {
    const quinn = await newUser(h, 'quinn', 'basic'); // basic: at most 10
    await holdPositions('quinn', Object.fromEntries(SYMBOLS.slice(0, 9).map((s) => [s, 1])));
    const fresh = ['005490', '012330', '028260'];
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) =>
      h.call('place_order', quinn, { symbol: fresh[i % 3]!, side: 'buy', qtyShares: 1 + i }, `new-symbol-${i}`)));
    const admitted = results.filter((r) => r.ok);
    const symbolsAdmitted = new Set(admitted.map((r) => r.ok && r.output.order.symbol));
    // Exactly one new symbol gets in; further buys of that same symbol may follow it, never another symbol.
    expect(symbolsAdmitted.size).toBe(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'OPEN_POSITIONS_LIMIT')).toBe(true);
    expect(admitted.length).toBeGreaterThanOrEqual(1);
  });
});

describe.each(testBackends())('active users cap on %s', (backend) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(backend, { bridgeDown: true, env: { ACTIVE_USERS_MAX: '3' } });
  });
  afterAll(() => h.dispose());
  // Each test starts with no users (their accounts and codes go with them).
  beforeEach(() => h.db.query('delete from users'));

  const userCount = async () => (await h.db.query<{ n: number }>('select count(*)::int as n from users'))[0]!.n;

  it('invites up to ACTIVE_USERS_MAX, refuses a new user beyond it, and still reissues a code to an existing user', async () => {
    expect(await admin(h, 'invite', { name: 'u1', tier: 'free' })).toMatchObject({ ok: true });
    expect(await admin(h, 'invite', { name: 'u2', tier: 'free' })).toMatchObject({ ok: true });
    expect(await admin(h, 'invite', { name: 'u3', tier: 'basic' })).toMatchObject({ ok: true }); // max-1 → max
    const beyond = await admin(h, 'invite', { name: 'u4', tier: 'free' });
    expect(beyond).toMatchObject({ ok: false, status: 409, error: { code: 'ACTIVE_USERS_LIMIT', params: { max: 3 } } });
    expect(await admin(h, 'invite', { name: 'u1', tier: 'free' })).toMatchObject({ ok: true, output: { userName: 'u1' } });
    expect(await userCount()).toBe(3);
  });

  it('concurrent invites of new users at max-1 admit exactly one', async () => {
    await admin(h, 'invite', { name: 'c1', tier: 'free' });
    await admin(h, 'invite', { name: 'c2', tier: 'free' });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => admin(h, 'invite', { name: `n${i}`, tier: 'free' })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'ACTIVE_USERS_LIMIT')).toHaveLength(11);
    expect(await userCount()).toBe(3);
  });
});

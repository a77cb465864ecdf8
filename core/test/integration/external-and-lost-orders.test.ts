import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminInvite } from '../../src/commands/admin-invite.js';
import { NOT_FOUND_LIMIT } from '../../src/domain/reconciliation-policy.js';
import { reconcileInFlightOrders } from '../../src/services/reconciler.js';
import { consoleIdentity, startHarness, waitFor, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

describe.each(testBackends())('orders the broker and core disagree about, on %s', (backend) => {
  let h: Harness;
  let accountId = '';
  const frank = consoleIdentity('frank');
  const ops = consoleIdentity('ops');
  const notes = (kind: string) => h.db.query<{ user_name: string; payload: Record<string, unknown> }>(
    `select u.name as user_name, n.payload from notifications n join users u on u.id = n.user_id where n.kind = $1`, [kind]);

  beforeAll(async () => {
    h = await startHarness(backend);
    await h.call('link', frank, { code: await h.invite('frank', 'basic') });
    const op = await adminInvite(h.core.deps, { name: 'ops', tier: 'basic', operator: true });
    await h.call('link', ops, { code: op.code });
    accountId = (await h.db.query<{ id: string }>(`select a.id from broker_accounts a join users u on u.id = a.user_id where u.name = 'frank'`))[0]!.id;
    await h.bridge!.gateway.openAccount({ accountRef: accountId, initialCashKrw: 100_000_000 });
  });
  afterAll(() => h.dispose());

  it('RECON-7: adopts an order placed outside Tradedesk, applies its fills once, and tells the user and the operators', async () => {
    await h.bridge!.gateway.placeOrder({ clientOrderId: 'HTS-0001', accountRef: accountId, symbol: '005930', side: 'buy', orderType: 'market', qtyShares: 2 });
    await h.restartCore(); // reconciliation after a (re)connect looks at every account
    const adopted = async () => (await h.db.query<{ source: string; state: string; filled_qty_shares: number }>(
      `select source, state, filled_qty_shares from orders where client_order_id = 'HTS-0001'`))[0];
    await waitFor(async () => (await adopted())?.state === 'filled', 'adopted order filled');
    expect(await adopted()).toEqual({ source: 'external', state: 'filled', filled_qty_shares: 2 });
    const positions = await h.call('positions', frank, {});
    expect(positions.ok && positions.output.positions.find((p) => p.symbol === '005930')?.qtyShares).toBe(2);
    expect(await h.call('me', frank, {})).toMatchObject({ ok: true, output: { tradesUsedToday: 0 } });
    expect((await notes('operator_alert')).filter((n) => n.payload['alert'] === 'order_adopted').map((n) => n.user_name)).toEqual(['ops']);
    expect((await notes('order_update')).some((n) => n.user_name === 'frank')).toBe(true);
    // Asked again (another reconnect), nothing is adopted twice.
    await h.restartCore();
    expect(await h.db.query(`select id from orders where client_order_id = 'HTS-0001'`)).toHaveLength(1);
  });

  it('RECON-2: "not found" counts only in a row: an order the broker finds again starts from zero', async () => {
    const placed = await h.call('place_order', frank, { symbol: '005930', side: 'buy', qtyShares: 1, priceKrw: 50_000 }, 'resting-1');
    if (!placed.ok) throw new Error(placed.error.code);
    const row = async () => (await h.db.query<{ state: string; not_found_count: number }>(
      'select state, not_found_count from orders where id = $1', [placed.output.order.id]))[0]!;
    await waitFor(async () => (await row()).state === 'accepted', 'resting order accepted');
    await h.db.query('update orders set not_found_count = $2 where id = $1', [placed.output.order.id, NOT_FOUND_LIMIT - 1]);
    await reconcileInFlightOrders(h.core.deps, new Set([accountId]));
    expect(await row()).toEqual({ state: 'accepted', not_found_count: 0 });
  });

  it('RECON-2: an accepted order the broker does not know stays open below the limit and becomes lost at it, telling user and operators', async () => {
    const user = (await h.db.query<{ id: string }>(`select id from users where name = 'frank'`))[0]!;
    const id = h.core.deps.ids.uuid();
    await h.db.query(
      `insert into orders (id, user_id, account_id, client_order_id, idempotency_key, request_hash, symbol, side, order_type, qty_shares,
         state, priority, trading_day, broker_order_id) values ($1, $2, $3, 'TD-GHOST', 'ghost', 'h', '005930', 'buy', 'market', 1,
         'accepted', 'normal', $4, 'P-ghost')`,
      [id, user.id, accountId, new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(Date.now())]);
    const state = async () => (await h.db.query<{ state: string }>('select state from orders where id = $1', [id]))[0]!.state;
    for (let i = 1; i < NOT_FOUND_LIMIT; i++) await reconcileInFlightOrders(h.core.deps, new Set([accountId]));
    expect(await state()).toBe('accepted');
    await reconcileInFlightOrders(h.core.deps, new Set([accountId]));
    expect(await state()).toBe('lost');
    expect((await notes('operator_alert')).filter((n) => n.payload['alert'] === 'order_lost').map((n) => n.user_name)).toEqual(['ops']);
    expect((await notes('order_update')).some((n) => n.user_name === 'frank' && (n.payload['order'] as { state: string }).state === 'lost')).toBe(true);
  });
});

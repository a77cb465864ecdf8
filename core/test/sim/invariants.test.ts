import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlClient } from '../../src/db/sql-client.js';
import { InvariantChecker } from '../../sim/invariants.js';
import { openTestDb } from '../support/test-db.js';

/** The checker must see what it claims to check: each broken property is reported. */
describe('SIM-4 invariant checker', () => {
  let db: SqlClient;
  let dispose: () => Promise<void>;
  const emptyBroker = { clientOrderIds: new Set<string>(), positions: new Map<string, number>() };
  const checker = () => new InvariantChecker(() => 1);

  beforeAll(async () => {
    ({ db, dispose } = await openTestDb('pglite'));
    await db.exec(`
      insert into users (id, name, tier) values ('00000000-0000-4000-8000-000000000001', 'u', 'free');
      insert into broker_accounts (id, user_id, broker, environment, label) values
        ('00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-000000000001', 'paper', 'mock', 'Paper');
      insert into orders (id, user_id, account_id, client_order_id, idempotency_key, request_hash, symbol, side, order_type,
        qty_shares, state, priority, trading_day) values
        ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000a1',
         'TD1', 'k1', 'h', '005930', 'buy', 'market', 5, 'filled', 'normal', '2026-11-23');`);
  });
  afterAll(() => dispose());

  it('holds on consistent data', async () => {
    await db.exec(`update orders set filled_qty_shares = 0, state = 'queued'`);
    expect(await checker().check(db, emptyBroker)).toEqual([]);
  });

  it('reports (c) a broker order core has no intent for', async () => {
    const violations = await checker().check(db, { ...emptyBroker, clientOrderIds: new Set(['TD-GHOST']) });
    expect(violations.join()).toContain('(c)');
  });

  it('reports (d) more orders in a day than the tier allows', async () => {
    await db.exec(`insert into orders (user_id, account_id, client_order_id, idempotency_key, request_hash, symbol, side, order_type,
      qty_shares, state, priority, trading_day) select user_id, account_id, 'TD2', 'k2', 'h', symbol, side, order_type, 1, 'queued', priority, trading_day from orders limit 1`);
    expect((await checker().check(db, emptyBroker)).join()).toContain('(d)');
    await db.exec(`delete from orders where client_order_id = 'TD2'`);
  });

  it('reports (f) a state change the state machine forbids, and (b) fills that disagree with the order', async () => {
    const c = checker();
    await db.exec(`update orders set state = 'filled'`);
    await c.check(db, emptyBroker);
    await db.exec(`update orders set state = 'queued'`);
    expect((await c.check(db, emptyBroker)).join()).toContain('(f)');
    await db.exec(`insert into fills (order_id, user_id, account_id, broker_fill_id, symbol, side, qty_shares, price_krw, filled_at)
      select id, user_id, account_id, 'F1', symbol, side, 9, 70000, now() from orders where client_order_id = 'TD1'`);
    expect((await c.check(db, emptyBroker)).join()).toContain('(b)');
    // Tests run shuffled on one database: leave no broken data behind for the others.
    await db.exec(`delete from fills`);
  });

  it('counts (i) adjustments to the broker quantity: a position of fills plus adjustments holds, one without them is reported', async () => {
    const positionOf = (violations: string[]) => violations.filter((v) => v.startsWith('(i)') && v.includes('/000660'));
    await db.exec(`insert into positions (account_id, user_id, symbol, qty_shares) select id, user_id, '000660', 3 from broker_accounts;
      insert into position_adjustments (user_id, account_id, symbol, local_qty_shares, broker_qty_shares, delta_shares, reason)
        select user_id, id, '000660', 0, 3, 3, 'drift_within_threshold' from broker_accounts`);
    expect(positionOf(await checker().check(db, emptyBroker))).toEqual([]);
    await db.exec(`delete from position_adjustments`);
    expect(positionOf(await checker().check(db, emptyBroker))).toHaveLength(1);
    await db.exec(`delete from positions where symbol = '000660'`);
  });
});

import { bridgeToCoreSchema, type BrokerFill, type OrderEvent } from '@tradedesk/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cryptoIdSource } from '../../src/adapters/crypto-id-source.js';
import { ManualClock } from '../../src/adapters/manual-clock.js';
import type { SqlClient } from '../../src/db/sql-client.js';
import { childLoggers, createLogger } from '../../src/logger.js';
import { SymbolMaster } from '../../src/market/symbol-master.js';
import { applyFill, applyOrderEvent, type ExecutionDeps } from '../../src/services/execution-applier.js';
import { openTestDb, testBackends } from '../support/test-db.js';

const symbols = SymbolMaster.fromCsvFile();
const USER = '00000000-0000-4000-8000-000000000001';
const ACCOUNT = '00000000-0000-4000-8000-0000000000a1';
const ORDER = '00000000-0000-4000-8000-0000000000b1';
const CLIENT_ORDER_ID = 'TD-LATE-1';
const BROKER_ORDER_ID = 'P1';

/**
 * RECON-6. The paper broker cannot send a FILLED status ahead of the fill that completes the order,
 * so this drives core's applier with the frames a broker would send in that order, each parsed by
 * the bridge protocol schema and applied as app.ts applies a frame from the bridge.
 */
describe.each(testBackends())('RECON-6 FILLED before the last fill on %s', (backend) => {
  let db: SqlClient;
  let dispose: () => Promise<void>;
  let clock: ManualClock;
  let seq = 0;
  const deps: ExecutionDeps = { symbols, ids: cryptoIdSource, log: childLoggers(createLogger('silent')) };

  beforeEach(async () => {
    ({ db, dispose } = await openTestDb(backend));
    clock = new ManualClock(Date.UTC(2026, 2, 2, 1, 0, 0));
    seq = 0;
    await db.query(`insert into users (id, name, tier) values ($1, 'mia', 'basic')`, [USER]);
    await db.query(`insert into chat_links (user_id, platform, platform_user_id, dm_chat_id) values ($1, 'console', 'mia', 'mia')`, [USER]);
    await db.query(`insert into broker_accounts (id, user_id, broker, environment, label) values ($1, $2, 'paper', 'mock', 'Paper')`, [ACCOUNT, USER]);
    await db.query(
      `insert into orders (id, user_id, account_id, client_order_id, idempotency_key, request_hash, symbol, side, order_type,
         qty_shares, price_krw, state, priority, trading_day, broker_order_id)
       values ($1, $2, $3, $4, 'late-1', 'h', '005930', 'buy', 'limit', 10, 70000, 'accepted', 'normal', '2026-03-02', $5)`,
      [ORDER, USER, ACCOUNT, CLIENT_ORDER_ID, BROKER_ORDER_ID]);
  });
  afterEach(() => dispose());

  const fill = (no: number, qtyShares: number, priceKrw: number): BrokerFill => ({
    brokerFillId: `F${no}`, clientOrderId: CLIENT_ORDER_ID, brokerOrderId: BROKER_ORDER_ID, accountRef: ACCOUNT,
    symbol: '005930', side: 'buy', qtyShares, priceKrw, commissionKrw: Math.floor(qtyShares * priceKrw * 15 / 100_000), taxKrw: 0,
    filledAt: clock.now(),
  });
  const status = (s: OrderEvent['status']): OrderEvent => ({ clientOrderId: CLIENT_ORDER_ID, brokerOrderId: BROKER_ORDER_ID, accountRef: ACCOUNT, status: s });
  /** One sequenced frame off the bridge, validated and applied in its own transaction (app.ts onExecutionEvent). */
  const deliver = async (body: { type: 'fill'; fill: BrokerFill } | { type: 'order_event'; event: OrderEvent }) => {
    seq += 1;
    const frame = bridgeToCoreSchema.parse({ v: 1, msgId: `m${seq}`, sentAt: clock.now(), seq, ...body });
    await db.transaction(async (tx) => {
      if (frame.type === 'fill') await applyFill(tx, deps, frame.fill, clock.now());
      else if (frame.type === 'order_event') await applyOrderEvent(tx, deps, frame.event, clock.now());
    });
  };
  const order = async () => (await db.query<{ state: string; filled_qty_shares: number; avg_fill_price_krw: number | null }>(
    'select state, filled_qty_shares, avg_fill_price_krw from orders where id = $1', [ORDER]))[0]!;
  const position = async () => (await db.query<{ qty_shares: number; avg_price_krw: number; realized_pnl_krw: number }>(
    `select qty_shares, avg_price_krw, realized_pnl_krw from positions where account_id = $1 and symbol = '005930'`, [ACCOUNT]))[0];
  const fillNotes = async () => (await db.query<{ payload: { fill: { qtyShares: number; orderFilledQtyShares: number; orderState: string } } }>(
    `select payload from notifications where kind = 'order_filled' order by created_at, id`)).map((n) => n.payload.fill);

  it('keeps the order open until its fills add up, applies the fills 3 s and 63 s late, and notifies each fill once', async () => {
    const fills = [fill(1, 6, 70_000)];
    await deliver({ type: 'fill', fill: fills[0]! });
    await deliver({ type: 'order_event', event: status('partially_filled') });
    // The broker says FILLED, but only 6 of 10 shares have arrived: not reported filled yet.
    await deliver({ type: 'order_event', event: status('filled') });
    expect(await order()).toMatchObject({ state: 'partially_filled', filled_qty_shares: 6 });

    clock.advance(3_000);
    fills.push(fill(2, 3, 69_900));
    await deliver({ type: 'fill', fill: fills[1]! });
    expect(await order()).toMatchObject({ state: 'partially_filled', filled_qty_shares: 9 });

    clock.advance(60_000);
    fills.push(fill(3, 1, 69_800));
    await deliver({ type: 'fill', fill: fills[2]! });
    // The bridge replays everything after a reconnect: nothing moves twice.
    for (const f of fills) await deliver({ type: 'fill', fill: f });
    await deliver({ type: 'order_event', event: status('filled') });

    const qty = fills.reduce((sum, f) => sum + f.qtyShares, 0);
    const costKrw = fills.reduce((sum, f) => sum + f.qtyShares * f.priceKrw, 0);
    const feesKrw = fills.reduce((sum, f) => sum + f.commissionKrw + f.taxKrw, 0);
    expect(await order()).toEqual({ state: 'filled', filled_qty_shares: qty, avg_fill_price_krw: Math.round(costKrw / qty) });
    expect(await position()).toEqual({ qty_shares: qty, avg_price_krw: Math.round(costKrw / qty), realized_pnl_krw: -feesKrw });
    expect(await fillNotes()).toEqual([
      expect.objectContaining({ qtyShares: 6, orderFilledQtyShares: 6, orderState: 'partially_filled' }),
      expect.objectContaining({ qtyShares: 3, orderFilledQtyShares: 9, orderState: 'partially_filled' }),
      expect.objectContaining({ qtyShares: 1, orderFilledQtyShares: 10, orderState: 'filled' }),
    ]);
  });

  it('applies a fill that arrives after the broker already finished the order another way (expired at the close)', async () => {
    await deliver({ type: 'fill', fill: fill(1, 6, 70_000) });
    await deliver({ type: 'order_event', event: status('expired') });
    expect(await order()).toMatchObject({ state: 'expired', filled_qty_shares: 6 });

    clock.advance(60_000);
    await deliver({ type: 'fill', fill: fill(2, 4, 70_000) });
    // Final states absorb the state, but the shares were bought: the quantity and the position count them.
    expect((await order()).filled_qty_shares).toBe(10);
    expect((await position())?.qty_shares).toBe(10);
    expect((await fillNotes()).map((f) => f.qtyShares)).toEqual([6, 4]);
  });
});

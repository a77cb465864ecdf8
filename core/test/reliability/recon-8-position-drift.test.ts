import type { ChatIdentity } from '@tradedesk/contracts';
import type { PaperBroker } from '@tradedesk/windows-bridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminInvite } from '../../src/commands/admin-invite.js';
import { consoleIdentity, startHarness, waitFor, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

/** Checks run this often here (the minimum), so a drift is found within about a second. */
const CHECK_INTERVAL_MS = 1_000;
const SYMBOL = '005930';

/**
 * RECON-8. The paper broker's holding is changed behind core's back (fault injection: shares moved
 * without an order). A 1 % difference is adjusted to the broker's quantity and recorded; a 10 %
 * difference changes nothing, pauses the user's trading and alerts the operators and the user. An
 * account with an order in flight is not compared (a fill on its way is not drift).
 */
describe.each(testBackends())('RECON-8 position differs from the broker on %s', (backend) => {
  let h: Harness;
  const kim = consoleIdentity('kim');
  const lee = consoleIdentity('lee');
  const ops = consoleIdentity('ops');
  const paper = () => h.bridge!.gateway as unknown as PaperBroker;

  const accountOf = async (name: string) => (await h.db.query<{ id: string }>(
    'select a.id from broker_accounts a join users u on u.id = a.user_id where u.name = $1', [name]))[0]!.id;
  const heldQty = async (name: string) => (await h.db.query<{ qty_shares: number }>(
    'select p.qty_shares from positions p join users u on u.id = p.user_id where u.name = $1 and p.symbol = $2', [name, SYMBOL]))[0]?.qty_shares ?? 0;
  const adjustments = async (name: string) => h.db.query<{ symbol: string; local_qty_shares: number; broker_qty_shares: number; delta_shares: number; reason: string }>(
    `select a.symbol, a.local_qty_shares, a.broker_qty_shares, a.delta_shares, a.reason
       from position_adjustments a join users u on u.id = a.user_id where u.name = $1 order by a.created_at`, [name]);
  const isPaused = async (name: string) => (await h.db.query<{ paused: boolean }>('select paused from users where name = $1', [name]))[0]!.paused;
  const notes = async (name: string, kind: string) => (await h.db.query<{ payload: Record<string, unknown> }>(
    'select n.payload from notifications n join users u on u.id = n.user_id where u.name = $1 and n.kind = $2', [name, kind])).map((n) => n.payload);

  /** Buys `qtyShares` at market and waits until core holds them (the order is then final). */
  const buyAndHold = async (who: ChatIdentity, qtyShares: number) => {
    const placed = await h.call('place_order', who, { symbol: SYMBOL, side: 'buy', qtyShares }, `buy-${who.platformUserId}`);
    if (!placed.ok) throw new Error(placed.error.code);
    await waitFor(async () => (await heldQty(who.platformUserId)) === qtyShares, `${who.platformUserId} holds ${qtyShares}`);
  };

  beforeEach(async () => {
    h = await startHarness(backend, { env: { POSITION_CHECK_INTERVAL_MS: String(CHECK_INTERVAL_MS) } });
    await h.call('link', kim, { code: await h.invite('kim', 'premium') });
    await h.call('link', lee, { code: await h.invite('lee', 'premium') });
    await h.call('link', ops, { code: (await adminInvite(h.core.deps, { name: 'ops', tier: 'basic', operator: true })).code });
  });
  afterEach(() => h.dispose());

  it('adjusts a 1 % difference to the broker quantity, records and logs it, and leaves trading on', async () => {
    await buyAndHold(kim, 100);
    paper().injectPositionDrift(await accountOf('kim'), SYMBOL, 101);

    await waitFor(async () => (await adjustments('kim')).length > 0, 'adjustment recorded');
    expect(await adjustments('kim')).toEqual([
      { symbol: SYMBOL, local_qty_shares: 100, broker_qty_shares: 101, delta_shares: 1, reason: 'drift_within_threshold' },
    ]);
    expect(await heldQty('kim')).toBe(101);
    expect(await isPaused('kim')).toBe(false);
    expect(await notes('ops', 'operator_alert')).toEqual([]);
    expect(await notes('kim', 'trading_paused')).toEqual([]);
    expect(h.logs.lines.some((l) => l.includes('position adjusted to the broker quantity') && l.includes(SYMBOL))).toBe(true);
    // Once equal, later checks find nothing more to adjust.
    await new Promise((resolve) => setTimeout(resolve, 2.5 * CHECK_INTERVAL_MS));
    expect(await adjustments('kim')).toHaveLength(1);
  });

  it('leaves a 10 % difference as it is, pauses the user and alerts the operators and the user', async () => {
    await buyAndHold(kim, 100);
    paper().injectPositionDrift(await accountOf('kim'), SYMBOL, 110);

    await waitFor(() => isPaused('kim'), 'kim paused');
    expect(await heldQty('kim')).toBe(100);
    expect(await adjustments('kim')).toEqual([]);
    const drift = { accountKind: 'paper', positions: [{ symbol: SYMBOL, name: '삼성전자', localQtyShares: 100, brokerQtyShares: 110 }] };
    expect(await notes('ops', 'operator_alert')).toEqual([{ kind: 'operator_alert', alert: 'position_drift', userName: 'kim', ...drift }]);
    expect(await notes('kim', 'trading_paused')).toEqual([{ kind: 'trading_paused', reason: 'position_drift', ...drift }]);
    // Trading is paused: a new order is refused.
    const refused = await h.call('place_order', kim, { symbol: SYMBOL, side: 'buy', qtyShares: 1 }, 'after-pause');
    expect(refused).toMatchObject({ ok: false, error: { code: 'USER_PAUSED' } });
    // Found again by later checks while still paused: nobody is told twice.
    await new Promise((resolve) => setTimeout(resolve, 2.5 * CHECK_INTERVAL_MS));
    expect(await notes('ops', 'operator_alert')).toHaveLength(1);
    expect(await notes('kim', 'trading_paused')).toHaveLength(1);
    expect(await heldQty('kim')).toBe(100);
  });

  it('does not compare an account with an order in flight, and compares it once the order is final', async () => {
    await buyAndHold(kim, 100);
    await buyAndHold(lee, 100);
    const quote = await h.call('price', kim, { query: SYMBOL });
    if (!quote.ok) throw new Error(quote.error.code);
    // A limit buy at the day's lower limit rests at the broker: kim has an order in flight.
    const resting = await h.call('place_order', kim, { symbol: SYMBOL, side: 'buy', qtyShares: 1, priceKrw: quote.output.quote.lowerLimitKrw }, 'resting');
    if (!resting.ok) throw new Error(resting.error.code);
    const state = async () => (await h.db.query<{ state: string }>('select state from orders where id = $1', [resting.output.order.id]))[0]!.state;
    await waitFor(async () => (await state()) === 'accepted', 'resting order accepted');
    paper().injectPositionDrift(await accountOf('kim'), SYMBOL, 101);
    paper().injectPositionDrift(await accountOf('lee'), SYMBOL, 101);

    // lee's account is checked meanwhile (the checks run); kim's, with its order in flight, is not.
    await waitFor(async () => (await adjustments('lee')).length === 1, 'lee adjusted');
    await new Promise((resolve) => setTimeout(resolve, 2.5 * CHECK_INTERVAL_MS));
    expect(await state()).toBe('accepted');
    expect(await adjustments('kim')).toEqual([]);
    expect(await heldQty('kim')).toBe(100);

    const cancel = await h.call('cancel_order', kim, { orderId: resting.output.order.shortId });
    expect(cancel.ok).toBe(true);
    await waitFor(async () => (await state()) === 'cancelled', 'resting order cancelled');
    await waitFor(async () => (await adjustments('kim')).length === 1, 'kim adjusted once nothing is in flight');
    expect(await heldQty('kim')).toBe(101);
  });
});

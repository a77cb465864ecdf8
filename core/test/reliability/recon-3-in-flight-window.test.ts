import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/manual-clock.js';
import { adminPause } from '../../src/commands/admin-pause.js';
import type { CoreDeps } from '../../src/deps.js';
import { tradingDayOf } from '../../src/domain/trading-day.js';
import { submitInFlightWindowMs } from '../../src/domain/reconciliation-policy.js';
import { reconcileInFlightOrders } from '../../src/services/reconciler.js';
import { consoleIdentity, startHarness, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

/**
 * RECON-3. A `sending` order the broker does not know is either still on its way (its submit is
 * waiting for an answer) or never arrived. Only an order strictly older than the in-flight window is
 * treated as never arrived and queued to be sent again; a younger one is left alone, since sending
 * it again while the first submit may still land is how an order gets placed twice.
 */
describe.each(testBackends())('RECON-3 in-flight window boundary on %s', (backend) => {
  let h: Harness;
  let clock: ManualClock;
  /** core's deps with the manual clock: the reconciler under test reads time only from it. */
  let deps: CoreDeps;
  let accountId = '';
  let userId = '';

  beforeEach(async () => {
    // The running core keeps the system clock (its bridge connection waits on it). The manual clock
    // runs a minute ahead, so to that core these orders were sent just now and it leaves them alone.
    h = await startHarness(backend);
    clock = new ManualClock(Date.now() + 60_000);
    deps = { ...h.core.deps, clock };
    const ivy = consoleIdentity('ivy');
    await h.call('link', ivy, { code: await h.invite('ivy', 'basic') });
    ({ id: userId, account_id: accountId } = (await h.db.query<{ id: string; account_id: string }>(
      `select u.id, a.id as account_id from users u join broker_accounts a on a.user_id = u.id where u.name = 'ivy'`))[0]!);
    await h.bridge!.gateway.openAccount({ accountRef: accountId, initialCashKrw: 100_000_000 });
    // Queued orders of a paused user wait in place, so the dispatcher cannot resend one under our feet.
    await adminPause(h.core.deps, { name: 'ivy', paused: true });
  });
  afterEach(() => h.dispose());

  /** A `sending` order the broker has never seen, last touched `ageMs` ago on the manual clock. */
  const sendingOrderAged = async (name: string, ageMs: number): Promise<string> => {
    const id = h.core.deps.ids.uuid();
    const at = new Date(clock.now() - ageMs);
    await h.db.query(
      `insert into orders (id, user_id, account_id, client_order_id, idempotency_key, request_hash, symbol, side, order_type,
         qty_shares, price_krw, state, priority, trading_day, created_at, updated_at, sent_at)
       values ($1, $2, $3, $4, $4, 'h', '005930', 'buy', 'limit', 1, 60000, 'sending', 'normal', $5, $6, $6, $6)`,
      [id, userId, accountId, `TD-${name}`, tradingDayOf(Date.now()), at]);
    return id;
  };
  const state = async (id: string) => (await h.db.query<{ state: string }>('select state from orders where id = $1', [id]))[0]!.state;

  it('queues again only the order strictly older than the window; limit − 1 ms and exactly the limit stay sending', async () => {
    const limitMs = submitInFlightWindowMs(deps);
    const younger = await sendingOrderAged('younger', limitMs - 1);
    const exact = await sendingOrderAged('exact', limitMs);
    const older = await sendingOrderAged('older', limitMs + 1);

    await reconcileInFlightOrders(deps, new Set([accountId]));
    expect({ younger: await state(younger), exact: await state(exact), older: await state(older) })
      .toEqual({ younger: 'sending', exact: 'sending', older: 'queued' });

    // One millisecond later the order that sat exactly on the limit is past it; the younger is now on it.
    clock.advance(1);
    await reconcileInFlightOrders(deps, new Set([accountId]));
    expect({ younger: await state(younger), exact: await state(exact) }).toEqual({ younger: 'sending', exact: 'queued' });

    clock.advance(1);
    await reconcileInFlightOrders(deps, new Set([accountId]));
    expect(await state(younger)).toBe('queued');
  });
});

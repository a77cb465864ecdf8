import type { PaperBroker } from '@tradedesk/windows-bridge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleIdentity, startHarness, waitFor, type Harness } from '../support/core-harness.js';

/** How long lee's submit is kept in flight (below core's 3 s request timeout). */
const ANSWER_HELD_MS = 1_500;
/** Longer than a timeout, a switch away, a switch back and a look at the broker together. */
const EVENTS_HELD_MS = 25_000;

/**
 * RECON-11. On a single-session broker (one login, like Kiwoom OpenAPI+) a premium order for another
 * account wants the session while a submit of the account holding it is in flight. The rotation
 * waits for that submit's answer; and a submit whose answer never comes is looked up and resolved
 * while another account holds the session, so no order is left unknown.
 */
// What this exercises lives in the dispatcher and the bridge, not the database: the embedded one
// suffices (CI time); database concurrency is covered on both in core/test/integration.
describe.each(['pglite'] as const)('RECON-11 session rotation while a submit is in flight on %s', (backend) => {
  let h: Harness;
  const lee = consoleIdentity('lee'); // basic: normal priority
  const kim = consoleIdentity('kim'); // premium: VIP, preempts
  const paper = () => h.bridge!.gateway as unknown as PaperBroker;
  const stateOf = async (id: string) => (await h.db.query<{ state: string }>('select state from orders where id = $1', [id]))[0]!.state;
  const accountOf = async (name: string) => (await h.db.query<{ id: string }>(
    'select a.id from broker_accounts a join users u on u.id = a.user_id where u.name = $1', [name]))[0]!.id;
  const ANSWERED = ['order accepted by broker', 'place_order answer came after the order moved on; its state is kept'];
  /** Log lines, in order: submits answered (`answered`) and session switches. */
  const timeline = () => h.logs.lines.map((line) => JSON.parse(line) as { msg: string; orderId?: string; accountId?: string; evictAccountId?: string })
    .map((l) => (ANSWERED.includes(l.msg) ? { ...l, msg: 'answered' } : l))
    .filter((l) => l.msg === 'answered' || l.msg === 'broker session switched');
  const buy = async (who: typeof lee, key: string) => {
    const placed = await h.call('place_order', who, { symbol: '005930', side: 'buy', qtyShares: 1 }, key);
    if (!placed.ok) throw new Error(placed.error.code);
    return placed.output.order;
  };

  beforeEach(async () => {
    h = await startHarness(backend, {
      bridgeEnv: { PAPER_SESSION_MODE: 'single', PAPER_SESSION_SLOTS: '1', PAPER_SWITCH_COST_MS: '200' },
    });
    await h.call('link', lee, { code: await h.invite('lee', 'basic') });
    await h.call('link', kim, { code: await h.invite('kim', 'premium') });
    // The quote is then streamed and cached: admission does not ask the broker while faults are on.
    await h.call('price', lee, { query: '005930' });
  });
  afterEach(() => h.dispose());

  it('the VIP switch away from an account waits until that account\'s submit is answered', { timeout: 60_000 }, async () => {
    const leeOrder = await buy(lee, 'lee-1');
    await waitFor(async () => (await stateOf(leeOrder.id)) === 'filled', 'lee served first');
    const leeAccount = await accountOf('lee');
    // The bridge answers lee's next submit only when the test says so, and notes what it does, in order.
    const seen: string[] = [];
    let answerLee = () => {};
    const leeAnswerHeld = new Promise<void>((resolve) => { answerLee = resolve; });
    const gateway = paper();
    const placeOrder = gateway.placeOrder.bind(gateway);
    const closeSession = gateway.closeSession.bind(gateway);
    gateway.placeOrder = async (input) => {
      const answer = await placeOrder(input);
      if (input.accountRef === leeAccount) await leeAnswerHeld;
      seen.push(`answered ${input.accountRef}`);
      return answer;
    };
    gateway.closeSession = async (input) => {
      seen.push(`closed ${input.accountRef}`);
      return closeSession(input);
    };

    const inFlight = await buy(lee, 'lee-2');
    await waitFor(async () => (await stateOf(inFlight.id)) !== 'queued', 'lee\'s submit in flight');
    const vip = await buy(kim, 'kim-1');
    await new Promise((resolve) => setTimeout(resolve, ANSWER_HELD_MS)); // the scheduler has had every chance to switch
    expect(seen).toEqual([]);
    answerLee();

    await waitFor(async () => ['accepted', 'filled'].includes(await stateOf(vip.id)), 'kim served after the switch', 20_000);
    expect(seen.slice(0, 2)).toEqual([`answered ${leeAccount}`, `closed ${leeAccount}`]);
    expect(['accepted', 'filled']).toContain(await stateOf(inFlight.id));
    const unknownNotes = await h.db.query(`select id from notifications where kind = 'order_update' and payload->'order'->>'state' = 'unknown'`);
    expect(unknownNotes).toEqual([]);
  });

  it('a submit whose answer is lost is looked up and resolved while a VIP order of another account competes for the session', async () => {
    const first = await buy(lee, 'lee-1');
    await waitFor(async () => (await stateOf(first.id)) === 'filled', 'lee in session');
    // The order is placed, but its answer and its events are held far past core's request timeout.
    paper().setFaults({ delayMs: { min: EVENTS_HELD_MS, max: EVENTS_HELD_MS } });
    const placedAtMs = Date.now();
    const lost = await buy(lee, 'lee-lost');
    await waitFor(async () => (await stateOf(lost.id)) === 'unknown', 'outcome unknown');
    paper().setFaults({});
    const vip = await buy(kim, 'kim-1');

    await waitFor(async () => (await stateOf(vip.id)) === 'filled', 'kim served');
    await waitFor(async () => (await stateOf(lost.id)) === 'filled', 'lee\'s order resolved', 30_000);
    // Found by looking it up at the broker, not by the held events; nothing is left unknown or sending.
    expect(Date.now() - placedAtMs).toBeLessThan(EVENTS_HELD_MS);
    expect(await h.db.query(`select id from orders where state in ('unknown', 'sending')`)).toEqual([]);
    const kimAccount = await accountOf('kim');
    expect(timeline().some((l) => l.msg === 'broker session switched' && l.accountId === kimAccount)).toBe(true);
  }, 60_000);
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrderRequestSchema, type OrderIntent } from '@tradedesk/contracts';
import { consoleIdentity, startHarness, UNLIMITED_COMMANDS, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

/**
 * IDEM-9: the clientOrderId core mints for every admitted intent. Neither KIS nor Kiwoom takes a
 * client order id (shared/brokers: KIS answers its own 10-digit ODNO, Kiwoom its `ord_no`), so the id
 * travels only core -> bridge, and the binding limit is the bridge protocol's (1–32 characters); we
 * also hold it to upper-case ASCII letters and digits, which any broker field that might carry it
 * later (order memo, FIX ClOrdID) accepts. Fixed seed; FC_SEED=<n> replays another.
 */
const SEED = Number(process.env['FC_SEED'] ?? 20261122);
const SYMBOLS = ['005930', '000660', '035420'] as const;
const CLIENT_ORDER_ID = /^[A-Z0-9]{1,32}$/;

/** Valid intents: market or on-tick limit prices (tick 100 at 70 000 KRW), both sides. */
const intentArb: fc.Arbitrary<OrderIntent> = fc.record({
  symbol: fc.constantFrom(...SYMBOLS),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  qtyShares: fc.integer({ min: 1, max: 10 }),
  priceKrw: fc.option(fc.integer({ min: 600, max: 800 }).map((n) => n * 100), { nil: undefined }),
}).map(({ priceKrw, ...rest }) => (priceKrw === undefined ? rest : { ...rest, priceKrw }));

describe.each(testBackends())('IDEM-9 client order ids on %s', (backend) => {
  let h: Harness;
  const alice = consoleIdentity('alice');
  /** Every clientOrderId minted in this file, across runs and core restarts, with the key that minted it. */
  const minted = new Map<string, string>();
  let runNo = 0;

  /** Core's quote cache is per instance: a restarted core needs today's quotes again (the bridge is down). */
  const putQuotes = () => {
    for (const symbol of SYMBOLS) {
      h.core.deps.quotes.put({ symbol, lastKrw: 70_000, prevCloseKrw: 70_000, openKrw: 70_000, highKrw: 70_000, lowKrw: 70_000, volumeShares: 0, upperLimitKrw: 91_000, lowerLimitKrw: 49_000, at: Date.now() });
    }
  };

  beforeAll(async () => {
    // Bridge down: nothing is sent, so ids are only minted, never consumed by the broker.
    h = await startHarness(backend, {
      bridgeDown: true,
      env: {
        TIER_LIMITS_JSON: JSON.stringify({ ...JSON.parse(UNLIMITED_COMMANDS), premium: { commandsPerMinute: 1_000_000, tradesPerDay: 100_000, openPositionsMax: 1_000 } }),
        ORDER_QUEUE_MAX: '100000',
      },
    });
    await h.call('link', alice, { code: await h.invite('alice', 'premium') });
    putQuotes();
  });
  afterAll(() => h.dispose());

  const clientOrderIdOf = async (orderId: string) =>
    (await h.db.query<{ client_order_id: string }>('select client_order_id from orders where id = $1', [orderId]))[0]!.client_order_id;

  it('IDEM-9: ids are unique across generations and core restarts, within the bridge limit, and stable on replay', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(intentArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }), async (lives) => {
        runNo += 1;
        const admitted: Array<{ key: string; intent: OrderIntent; orderId: string; clientOrderId: string }> = [];
        // Each inner array is one life of core on the same database: the ids of a new life must not repeat the old ones.
        for (const [life, intents] of lives.entries()) {
          if (life > 0) {
            await h.restartCore();
            putQuotes();
          }
          for (const [i, intent] of intents.entries()) {
            const key = `idem9-${runNo}-${life}-${i}`;
            const result = await h.call('place_order', alice, intent, key);
            if (!result.ok) throw new Error(`admission refused ${JSON.stringify(intent)}: ${result.error.code}`);
            const clientOrderId = await clientOrderIdOf(result.output.order.id);
            expect(clientOrderId).toMatch(CLIENT_ORDER_ID);
            expect(placeOrderRequestSchema.shape.clientOrderId.safeParse(clientOrderId).success).toBe(true);
            const earlier = minted.get(clientOrderId);
            if (earlier !== undefined) throw new Error(`clientOrderId ${clientOrderId} minted for ${earlier} and again for ${key}`);
            minted.set(clientOrderId, key);
            admitted.push({ key, intent, orderId: result.output.order.id, clientOrderId });
          }
        }
        // Replay every intent of this run after one more restart: same order, same id, nothing new minted.
        await h.restartCore();
        putQuotes();
        const before = (await h.db.query<{ n: number }>('select count(*)::int as n from orders'))[0]!.n;
        for (const a of admitted) {
          const again = await h.call('place_order', alice, a.intent, a.key);
          expect(again.ok && again.output.order.id).toBe(a.orderId);
          expect(await clientOrderIdOf(a.orderId)).toBe(a.clientOrderId);
        }
        expect((await h.db.query<{ n: number }>('select count(*)::int as n from orders'))[0]!.n).toBe(before);
      }),
      { seed: SEED, numRuns: 12, endOnFailure: true },
    );
    expect(minted.size).toBeGreaterThan(20);
  }, 120_000);
});

import type { StrategySpec } from '@tradedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleIdentity, startHarness, UNLIMITED_COMMANDS, waitFor, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

const band = (symbol: string): StrategySpec => ({ kind: 'price_band', symbol, size: { qtyShares: 1 }, params: { buyAtOrBelowKrw: 1_000, sellAtOrAboveKrw: 2_000_000 } });

describe.each(testBackends())('strategies at the bridge\'s real-time cap on %s', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    // The paper bridge streams one symbol at a time: the second strategy's symbol does not fit.
    h = await startHarness(backend, { env: { TIER_LIMITS_JSON: UNLIMITED_COMMANDS }, bridgeEnv: { PAPER_QUOTE_SUBSCRIPTIONS_MAX: '1' } });
  });
  afterAll(() => h.dispose());

  it('keeps a strategy whose symbol cannot be streamed, switched off, and says so; it goes on when a place frees', async () => {
    const me = consoleIdentity('capped');
    await h.call('link', me, { code: await h.invite('capped', 'premium') });
    const first = await h.call('strategy', me, { action: 'add', spec: band('005930') }, 'cap-1');
    expect(first).toMatchObject({ ok: true, output: { streaming: true, changed: { enabled: true } } });
    await waitFor(() => h.core.deps.subscriptions.streamed().has('005930'), '005930 streamed');

    const second = await h.call('strategy', me, { action: 'add', spec: band('000660') }, 'cap-2');
    expect(second).toMatchObject({ ok: true, output: { streaming: false, changed: { enabled: false } } });
    const secondId = second.ok ? second.output.changed!.id : '';

    await h.call('strategy', me, { action: 'remove', id: first.ok ? first.output.changed!.id : '' });
    await waitFor(() => !h.core.deps.subscriptions.streamed().has('005930'), '005930 released');
    expect(await h.call('strategy', me, { action: 'enable', id: secondId })).toMatchObject({ ok: true, output: { streaming: true, changed: { enabled: true } } });
  });
});

import type { ChatIdentity } from '@tradedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/manual-clock.js';
import { consoleIdentity, startHarness, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

const START_MS = Date.parse('2026-11-23T01:00:00Z');

describe.each(testBackends())('BOT-13 per-user command rate limit by tier on %s', (backend) => {
  let h: Harness;
  // Time stands still unless a test moves it: every call below falls in one minute.
  const clock = new ManualClock(START_MS);

  const linkedUser = async (name: string, tier: 'free' | 'basic' | 'premium') => {
    const identity = consoleIdentity(name);
    const linked = await h.call('link', identity, { code: await h.invite(name, tier) });
    if (!linked.ok) throw new Error(linked.error.code);
    return identity;
  };
  /** Calls `me` until the first refusal (at most `max` times); returns how many were answered. */
  const answeredBeforeRefusal = async (identity: ChatIdentity, max: number) => {
    for (let i = 0; i < max; i++) {
      const answer = await h.call('me', identity, {});
      if (!answer.ok) return i;
    }
    return max;
  };

  beforeAll(async () => {
    h = await startHarness(backend, { clock, bridgeDown: true, env: { ACTIVE_USERS_MAX: '100' } });
  });
  afterAll(() => h.dispose());

  it('a free user is refused sooner than a premium user (20 vs 60 commands a minute by default)', async () => {
    const free = await linkedUser('fay', 'free');
    const premium = await linkedUser('pia', 'premium');
    expect(await answeredBeforeRefusal(free, 100)).toBe(20);
    expect(await answeredBeforeRefusal(premium, 100)).toBe(60);
  });

  it('refuses with COMMAND_RATE_LIMITED and the tier\'s limit and wait, runs nothing, and audits the refusal', async () => {
    const bea = await linkedUser('bea', 'basic');
    await answeredBeforeRefusal(bea, 40);
    clock.advance(15_000);
    const refused = await h.call('lang', bea, { locale: 'en' });
    expect(refused).toEqual({ ok: false, status: 429, error: { code: 'COMMAND_RATE_LIMITED', params: { limitPerMinute: 40, retryAfterSec: 45 } } });
    const user = await h.db.query<{ id: string; locale: string | null }>(`select id, locale from users where name = 'bea'`);
    expect(user[0]!.locale).toBeNull();
    const audit = await h.db.query<{ command: string; outcome: string }>(
      'select command, outcome from audit_log where user_id = $1 order by id desc limit 1', [user[0]!.id]);
    expect(audit).toEqual([{ command: 'lang', outcome: 'COMMAND_RATE_LIMITED' }]);
  });

  it('lets symbol look-ups made while someone types (autocomplete) through without spending their budget or the audit log', async () => {
    const tia = await linkedUser('tia', 'free');
    for (let i = 0; i < 30; i++) expect(await h.call('symbols', tia, { query: '삼성', limit: 5 })).toMatchObject({ ok: true });
    expect(await answeredBeforeRefusal(tia, 21)).toBe(20);
    const audited = await h.db.query<{ command: string }>(
      `select distinct command from audit_log where actor = $1`, [`console:${tia.platformUserId}`]);
    expect(audited.map((r) => r.command).sort()).toEqual(['link', 'me']);
  });

  it('leaves other users unaffected, and lets the user back in a minute after their commands', async () => {
    const busy = await linkedUser('busy', 'free');
    const other = await linkedUser('other', 'free');
    expect(await answeredBeforeRefusal(busy, 21)).toBe(20);
    expect(await h.call('me', other, {})).toMatchObject({ ok: true });
    clock.advance(59_999);
    expect(await h.call('me', busy, {})).toMatchObject({ ok: false, error: { code: 'COMMAND_RATE_LIMITED', params: { retryAfterSec: 1 } } });
    clock.advance(1);
    expect(await h.call('me', busy, {})).toMatchObject({ ok: true });
  });

  it('does not limit chat accounts that are not linked (they are refused as NOT_LINKED instead)', async () => {
    const stranger = consoleIdentity('nobody');
    for (let i = 0; i < 25; i++) await h.call('me', stranger, {});
    expect(await h.call('me', stranger, {})).toMatchObject({ ok: false, error: { code: 'NOT_LINKED' } });
  });
});

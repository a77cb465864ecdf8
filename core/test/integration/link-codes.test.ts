import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/manual-clock.js';
import { consoleIdentity, startHarness, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

const START_MS = Date.parse('2026-11-23T00:00:00Z');

describe.each(testBackends())('link codes on %s', (backend) => {
  let h: Harness;
  const clock = new ManualClock(START_MS);
  const links = async () => (await h.db.query<{ n: number }>('select count(*)::int as n from chat_links'))[0]!.n;

  beforeAll(async () => {
    h = await startHarness(backend, { clock, bridgeDown: true, env: { LINK_CODE_TTL_MINUTES: '60', LINK_FAILURES_MAX: '3', LINK_FAILURE_WINDOW_MINUTES: '15' } });
  });
  afterAll(() => h.dispose());

  it('links a chat account with a valid code, and the same code never works twice', async () => {
    const code = await h.invite('once', 'free');
    expect(await h.call('link', consoleIdentity('once-a'), { code })).toMatchObject({ ok: true, output: { userName: 'once' } });
    const second = await h.call('link', consoleIdentity('once-b'), { code });
    expect(second).toMatchObject({ ok: false, error: { code: 'LINK_CODE_INVALID' } });
  });

  it('accepts the code however it is typed (case, dashes, spaces)', async () => {
    const code = await h.invite('typed', 'free');
    const sloppy = ` ${code.toLowerCase().replaceAll('-', ' ')} `;
    expect(await h.call('link', consoleIdentity('typed-a'), { code: sloppy })).toMatchObject({ ok: true });
  });

  it('refuses a code 1 ms after it expires, and accepts it 1 ms before', async () => {
    const early = await h.invite('early', 'free');
    const late = await h.invite('late', 'free');
    clock.advance(60 * 60_000 - 1);
    expect(await h.call('link', consoleIdentity('early-a'), { code: early })).toMatchObject({ ok: true });
    clock.advance(2);
    expect(await h.call('link', consoleIdentity('late-a'), { code: late })).toMatchObject({ ok: false, error: { code: 'LINK_CODE_INVALID' } });
  });

  it('changes nothing on a wrong code', async () => {
    const before = await links();
    const wrong = await h.call('link', consoleIdentity('guesser'), { code: 'AAAA-BBBB-CC' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'LINK_CODE_INVALID' } });
    expect(await links()).toBe(before);
  });

  it('refuses a chat account for a while after repeated wrong codes, even with a right one, then lets it in', async () => {
    const who = consoleIdentity('bruteforcer');
    for (let i = 0; i < 3; i++) await h.call('link', who, { code: `WRONG-${i}` });
    const code = await h.invite('victim', 'free');
    const refused = await h.call('link', who, { code });
    expect(refused).toMatchObject({ ok: false, status: 429, error: { code: 'LINK_RATE_LIMITED' } });
    expect(refused.ok === false && Number(refused.error.params['retryAfterSec'])).toBeGreaterThan(0);
    // Another chat account is not affected.
    expect(await h.call('link', consoleIdentity('bystander'), { code: 'WRONG-X' })).toMatchObject({ error: { code: 'LINK_CODE_INVALID' } });
    clock.advance(15 * 60_000 + 1);
    expect(await h.call('link', who, { code })).toMatchObject({ ok: true, output: { userName: 'victim' } });
  });

  it('refuses to move a linked chat account to another user', async () => {
    const first = await h.invite('owner1', 'free');
    const second = await h.invite('owner2', 'free');
    const who = consoleIdentity('shared-phone');
    expect(await h.call('link', who, { code: first })).toMatchObject({ ok: true });
    expect(await h.call('link', who, { code: second })).toMatchObject({ ok: false, error: { code: 'ALREADY_LINKED' } });
    // The refused code was not used up: its owner can still link another chat account with it.
    expect(await h.call('link', consoleIdentity('owner2-phone'), { code: second })).toMatchObject({ ok: true });
  });

  it('answers account commands only for linked chat accounts, and only in a private chat', async () => {
    expect(await h.call('me', consoleIdentity('stranger'), {})).toMatchObject({ ok: false, status: 403, error: { code: 'NOT_LINKED' } });
    const code = await h.invite('private', 'basic');
    const dm = consoleIdentity('private-a');
    await h.call('link', dm, { code });
    expect(await h.call('me', { ...dm, isPrivateChat: false }, {})).toMatchObject({ ok: false, error: { code: 'PRIVATE_CHAT_REQUIRED' } });
    expect(await h.call('me', dm, {})).toMatchObject({ ok: true, output: { tier: 'basic', tradesUsedToday: 0, tradesLeftToday: 50 } });
  });
});

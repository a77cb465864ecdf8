import { CoreClient } from '@tradedesk/bot';
import { tierLimitsSchema } from '@tradedesk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBoxError } from '../../src/crypto/secret-box.js';
import { decryptBrokerCredentials } from '../../src/services/broker-credentials.js';
import { consoleIdentity, startHarness, TEST_CORE_TOKEN, TEST_MASTER_KEY, type Harness } from '../support/core-harness.js';
import { testBackends } from '../support/test-db.js';

const APP_KEY = 'PSappkey0123456789';
const APP_SECRET = 'appsecret-abcdefghijklmnopqrstuvwxyz';
const ACCOUNT_NUMBER = '50123456-01';

describe.each(testBackends())('account commands on %s', (backend) => {
  let h: Harness;

  /** A freshly invited and linked user, so no test depends on another's state. */
  const linkedUser = async (name: string, tier: 'free' | 'basic' | 'premium' = 'premium') => {
    const identity = consoleIdentity(name);
    const linked = await h.call('link', identity, { code: await h.invite(name, tier) });
    if (!linked.ok) throw new Error(linked.error.code);
    const userId = (await h.db.query<{ id: string }>('select id from users where name = $1', [name]))[0]!.id;
    return { identity, userId };
  };
  const connectedAccounts = (userId: string) => h.db.query<Record<string, unknown> & { id: string; credentials_enc: string }>(
    `select * from broker_accounts where user_id = $1 and broker <> 'paper' order by created_at`, [userId]);

  beforeAll(async () => {
    h = await startHarness(backend, { env: { ACTIVE_USERS_MAX: '100' } });
  });
  afterAll(() => h.dispose());

  it('unlink removes only this chat account\'s link; the user and their other chat accounts stay', async () => {
    const { identity, userId } = await linkedUser('ulla');
    const phone = consoleIdentity('ulla-phone');
    await h.db.query(`insert into chat_links (user_id, platform, platform_user_id, dm_chat_id) values ($1, 'console', $2, $2)`, [userId, phone.platformUserId]);

    expect(await h.call('unlink', identity, {})).toEqual({ ok: true, output: { userName: 'ulla' } });
    expect(await h.call('me', identity, {})).toMatchObject({ ok: false, error: { code: 'NOT_LINKED' } });
    expect(await h.call('me', phone, {})).toMatchObject({ ok: true, output: { userName: 'ulla' } });
    expect(await h.db.query('select name from users where id = $1', [userId])).toEqual([{ name: 'ulla' }]);
  });

  it("lang's choice reaches the bot with every answer, errors included, so replies follow it", async () => {
    const { identity } = await linkedUser('lars');
    const bot = new CoreClient({ baseUrl: h.baseUrl, token: TEST_CORE_TOKEN });
    await bot.command('me', { identity, input: {} });
    expect(bot.savedLocaleOf(identity)).toBeUndefined();
    await bot.command('lang', { identity, input: { locale: 'en' } });
    expect(bot.savedLocaleOf(identity)).toBe('en');
    const other = new CoreClient({ baseUrl: h.baseUrl, token: TEST_CORE_TOKEN });
    await expect(other.command('balance', { identity: { ...identity, isPrivateChat: false }, input: {} })).rejects.toMatchObject({ code: 'PRIVATE_CHAT_REQUIRED' });
    expect(other.savedLocaleOf(identity)).toBe('en');
  });

  it('lang sets the locale that me and notifications then use', async () => {
    const { identity } = await linkedUser('lena');
    expect(await h.call('lang', identity, { locale: 'en' })).toEqual({ ok: true, output: { locale: 'en' } });
    expect(await h.call('me', identity, {})).toMatchObject({ ok: true, output: { locale: 'en' } });
    expect(await h.call('lang', identity, { locale: 'ko' })).toEqual({ ok: true, output: { locale: 'ko' } });
    expect(await h.call('me', identity, {})).toMatchObject({ ok: true, output: { locale: 'ko' } });
    expect(await h.call('lang', identity, { locale: 'fr' } as never)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('me shows the contract\'s tier limits only (the command rate stays inside core)', async () => {
    const { identity } = await linkedUser('mina', 'basic');
    const me = await h.call('me', identity, {});
    expect(me.ok && Object.keys(me.output.limits).sort()).toEqual(Object.keys(tierLimitsSchema.shape).sort());
  });

  it('queue on a bridge with unlimited sessions: nothing queued, today\'s trades, and inSession null', async () => {
    const { identity } = await linkedUser('quincy', 'free');
    expect(await h.call('queue', identity, {})).toEqual({
      ok: true, output: { accountKind: 'paper', queued: [], tradesUsedToday: 0, tradesLeftToday: 10, inSession: null },
    });
  });

  it('connect stores the credentials encrypted and bound to the row, masks the account number, and keeps paper the default', async () => {
    const { identity, userId } = await linkedUser('cora');
    const answer = await h.call('connect', identity, { broker: 'kis', environment: 'mock', appKey: APP_KEY, appSecret: APP_SECRET, accountNumber: ACCOUNT_NUMBER });
    expect(answer).toEqual({ ok: true, output: { broker: 'kis', accountKind: 'broker_mock', accountNumberMasked: '****-**01' } });
    expect(JSON.stringify(answer)).not.toMatch(/PSappkey|appsecret|50123456/);

    const [row, ...more] = await connectedAccounts(userId);
    expect(more).toEqual([]);
    expect(row).toMatchObject({ broker: 'kis', environment: 'mock', account_number_masked: '****-**01', is_default: false });
    const stored = JSON.stringify(row);
    for (const secret of [APP_KEY, APP_SECRET, ACCOUNT_NUMBER, '5012345601', '50123456']) expect(stored).not.toContain(secret);
    expect(decryptBrokerCredentials(TEST_MASTER_KEY, { accountId: row!.id, userId }, row!.credentials_enc))
      .toEqual({ appKey: APP_KEY, appSecret: APP_SECRET, accountNumber: ACCOUNT_NUMBER });
    // Copied to another row (here: the user's paper account), the ciphertext does not decrypt.
    const paper = (await h.db.query<{ id: string }>(`select id from broker_accounts where user_id = $1 and broker = 'paper'`, [userId]))[0]!;
    expect(() => decryptBrokerCredentials(TEST_MASTER_KEY, { accountId: paper.id, userId }, row!.credentials_enc)).toThrow(SecretBoxError);
    // Trading stays on paper: the bridge has no KIS gateway yet.
    expect(await h.call('me', identity, {})).toMatchObject({ ok: true, output: { accountKind: 'paper' } });
  });

  it('connect again for the same broker and environment replaces the credentials in the same row; another environment adds one', async () => {
    const { identity, userId } = await linkedUser('remy');
    const first = { broker: 'kiwoom', environment: 'real', appKey: 'first-key-000', appSecret: 'first-secret-000', accountNumber: '1111111101' } as const;
    await h.call('connect', identity, first);
    const [before] = await connectedAccounts(userId);
    const second = await h.call('connect', identity, { ...first, appKey: 'second-key-111', appSecret: 'second-secret-111', accountNumber: '22222222-02' });
    expect(second).toEqual({ ok: true, output: { broker: 'kiwoom', accountKind: 'live', accountNumberMasked: '****-**02' } });
    const [after, ...more] = await connectedAccounts(userId);
    expect(more).toEqual([]);
    expect(after!.id).toBe(before!.id);
    expect(decryptBrokerCredentials(TEST_MASTER_KEY, { accountId: after!.id, userId }, after!.credentials_enc))
      .toEqual({ appKey: 'second-key-111', appSecret: 'second-secret-111', accountNumber: '22222222-02' });

    await h.call('connect', identity, { ...first, environment: 'mock' });
    expect((await connectedAccounts(userId)).map((a) => a['environment'])).toEqual(['real', 'mock']);
  });

  it('connect refuses bad input without echoing it, and neither the audit nor the logs hold a secret', async () => {
    const { identity, userId } = await linkedUser('audra');
    const bad = await h.call('connect', identity, { broker: 'kis', environment: 'real', appKey: APP_KEY, appSecret: APP_SECRET, accountNumber: '50123456-0199' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', params: { field: 'accountNumber' } } });
    expect(JSON.stringify(bad)).not.toMatch(/PSappkey|appsecret|50123456/);
    await h.call('connect', identity, { broker: 'kis', environment: 'real', appKey: APP_KEY, appSecret: APP_SECRET, accountNumber: ACCOUNT_NUMBER });

    const audit = await h.db.query<{ command: string; outcome: string }>('select * from audit_log where user_id = $1 and command = $2 order by id', [userId, 'connect']);
    expect(audit.map((a) => a.outcome)).toEqual(['VALIDATION_FAILED', 'ok']);
    const everything = JSON.stringify(audit) + h.logs.lines.join('\n');
    for (const secret of [APP_KEY, APP_SECRET, ACCOUNT_NUMBER, '50123456']) expect(everything).not.toContain(secret);
  });

  it('notify answers the defaults, then sets a kind\'s mode and quiet hours, and null clears them', async () => {
    const { identity } = await linkedUser('nora');
    const allOn = { order: 'on', fill: 'on', rejection: 'on', alert: 'on', strategy: 'on', pre_open: 'on', close: 'on' };
    expect(await h.call('notify', identity, {})).toEqual({ ok: true, output: { modes: allOn, quietHours: null } });
    expect(await h.call('notify', identity, { kind: 'fill', mode: 'silent' })).toEqual({ ok: true, output: { modes: { ...allOn, fill: 'silent' }, quietHours: null } });
    expect(await h.call('notify', identity, { kind: 'order', mode: 'off' })).toMatchObject({ ok: true, output: { modes: { fill: 'silent', order: 'off' } } });
    const quiet = await h.call('notify', identity, { quietHours: { startHour: 22, endHour: 7 } });
    expect(quiet).toEqual({ ok: true, output: { modes: { ...allOn, fill: 'silent', order: 'off' }, quietHours: { startHour: 22, endHour: 7 } } });
    expect(await h.call('notify', identity, {})).toEqual(quiet);
    expect(await h.call('notify', identity, { quietHours: null })).toMatchObject({ ok: true, output: { modes: { fill: 'silent' }, quietHours: null } });
  });

  it('notify refuses a kind without a mode and equal quiet-hour bounds, changing nothing', async () => {
    const { identity } = await linkedUser('ned');
    expect(await h.call('notify', identity, { kind: 'fill' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await h.call('notify', identity, { quietHours: { startHour: 5, endHour: 5 } })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await h.call('notify', identity, {})).toMatchObject({ ok: true, output: { modes: { fill: 'on' }, quietHours: null } });
  });

  it('the database refuses a notification mode that is not on, silent or off', async () => {
    const { userId } = await linkedUser('nils');
    await expect(h.db.query(`insert into notification_prefs (user_id, modes) values ($1, '{"fill": "loud"}')`, [userId])).rejects.toThrow();
  });

  it('the new commands answer only linked chat accounts, in a private chat, and every call is audited', async () => {
    const stranger = consoleIdentity('stranger-x');
    for (const name of ['unlink', 'queue', 'report'] as const) {
      expect(await h.call(name, stranger, {})).toMatchObject({ ok: false, error: { code: 'NOT_LINKED' } });
    }
    const { identity, userId } = await linkedUser('gina');
    expect(await h.call('lang', { ...identity, isPrivateChat: false }, { locale: 'en' })).toMatchObject({ ok: false, error: { code: 'PRIVATE_CHAT_REQUIRED' } });
    await h.call('queue', identity, {});
    await h.call('notify', identity, {});
    expect(await h.call('help', { ...identity, isPrivateChat: false }, {})).toEqual({ ok: true, output: {} });
    const audit = await h.db.query<{ command: string; outcome: string }>('select command, outcome from audit_log where user_id = $1 order by id', [userId]);
    // (The link itself is audited before the chat account has a user.)
    expect(audit).toEqual([
      { command: 'lang', outcome: 'PRIVATE_CHAT_REQUIRED' },
      { command: 'queue', outcome: 'ok' }, { command: 'notify', outcome: 'ok' }, { command: 'help', outcome: 'ok' },
    ]);
    // Someone not linked yet is audited by their chat account.
    expect(await h.call('help', stranger, {})).toEqual({ ok: true, output: {} });
    const strangers = await h.db.query<{ command: string }>('select command from audit_log where actor = $1', [`console:${stranger.platformUserId}`]);
    expect(strangers.map((r) => r.command)).toContain('help');
  });
});

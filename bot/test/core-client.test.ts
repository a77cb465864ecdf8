import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreClient, CoreError, CoreProtocolError, CoreUnavailableError } from '../src/core-client.js';
import { FAKE_TOKEN, FakeCore } from './support/fake-core.js';
import { ME_OUTPUT } from './support/fixtures.js';

const identity = { platform: 'console', platformUserId: 'kim', chatId: 'kim', isPrivateChat: true } as const;

describe('CoreClient', () => {
  let core: FakeCore;
  beforeAll(async () => { core = await new FakeCore().start(); });
  afterAll(async () => { await core.stop(); });

  it('should post the command with the bearer token and parse the output with the contract', async () => {
    core.ok('me', ME_OUTPUT);
    const client = new CoreClient({ baseUrl: `${core.url}/`, token: FAKE_TOKEN });
    const me = await client.command('me', { identity, input: {} });
    expect(me.tradesLeftToday).toBe(18);
    expect(core.callsTo('me').at(-1)).toMatchObject({ path: '/v1/commands/me', authorization: `Bearer ${FAKE_TOKEN}`, body: { identity, input: {} } });
  });

  it('should apply input defaults from the contract', async () => {
    core.ok('symbols', { matches: [] });
    await new CoreClient({ baseUrl: core.url, token: FAKE_TOKEN }).command('symbols', { identity, input: { query: 'x' } });
    expect(core.callsTo('symbols').at(-1)?.body.input).toEqual({ query: 'x', limit: 10 });
  });

  it('should throw CoreError with the code and params of an error body', async () => {
    core.fail('place_order', 400, 'PRICE_OUT_OF_LIMIT', { lowerKrw: 1, upperKrw: 2 });
    const client = new CoreClient({ baseUrl: core.url, token: FAKE_TOKEN });
    const err = await client.command('place_order', { identity, input: { symbol: '005930', side: 'buy', qtyShares: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect(err).toMatchObject({ code: 'PRICE_OUT_OF_LIMIT', params: { lowerKrw: 1, upperKrw: 2 }, status: 400 });
  });

  it('should throw CoreError UNAUTHENTICATED for a wrong token', async () => {
    const err = await new CoreClient({ baseUrl: core.url, token: 'wrong-token-000000000' }).command('me', { identity, input: {} }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'CoreError', code: 'UNAUTHENTICATED', status: 401 });
  });

  it('should call the admin API with the actor', async () => {
    core.ok('users', { users: [] });
    const out = await new CoreClient({ baseUrl: core.url, token: FAKE_TOKEN }).admin('users', { system: 'admin-cli' }, {});
    expect(out).toEqual({ users: [] });
    expect(core.callsTo('users').at(-1)).toMatchObject({ path: '/v1/admin/users', body: { actor: { system: 'admin-cli' }, input: {} } });
  });

  it('should throw CoreProtocolError for an answer outside the contract', async () => {
    core.on('orders', () => ({ status: 418, body: { teapot: true } }));
    await expect(new CoreClient({ baseUrl: core.url, token: FAKE_TOKEN }).command('orders', { identity, input: {} }))
      .rejects.toBeInstanceOf(CoreProtocolError);
    core.ok('orders', { orders: 'none' });
    await expect(new CoreClient({ baseUrl: core.url, token: FAKE_TOKEN }).command('orders', { identity, input: {} }))
      .rejects.toBeInstanceOf(CoreProtocolError);
  });

  it('should throw CoreUnavailableError(timeout) when core answers too late', async () => {
    core.on('balance', async () => { await new Promise((r) => setTimeout(r, 300)); return { status: 200, body: {} }; });
    const err = await new CoreClient({ baseUrl: core.url, token: FAKE_TOKEN, timeoutMs: 50 }).command('balance', { identity, input: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreUnavailableError);
    expect(err).toMatchObject({ reason: 'timeout' });
  });

  it('should throw CoreUnavailableError(unreachable) when nothing listens', async () => {
    const gone = await new FakeCore().start();
    await gone.stop();
    const err = await new CoreClient({ baseUrl: gone.url, token: FAKE_TOKEN }).command('me', { identity, input: {} }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'CoreUnavailableError', reason: 'unreachable' });
  });

  it('should not expose the token as a property', () => {
    const client = new CoreClient({ baseUrl: core.url, token: FAKE_TOKEN });
    expect(JSON.stringify(client)).not.toContain(FAKE_TOKEN);
    expect(Object.values(client)).not.toContain(FAKE_TOKEN);
  });
});

import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorText } from '../../../src/i18n/index.js';
import { PlatformSendError } from '../../../src/platforms/platform-adapter.js';
import { TelegramChat, type TelegramChatOptions } from '../../../src/platforms/telegram/telegram-chat.js';
import { FakeCore } from '../../support/fake-core.js';
import { FakeTelegramApi, telegramUser } from '../../support/fake-telegram-api.js';
import { SAMSUNG, quote } from '../../support/fixtures.js';
import { waitFor } from '../../support/wait-for.js';
import { neutralHandlers, spyOnHandlers } from './telegram-test-kit.js';

// Acceptance style: the real adapter polls (or takes webhooks from) a fake Bot API server on
// loopback that enforces Telegram's rules; behind it the real neutral layer talks to a FakeCore.

const KIM = telegramUser(8001, 'ko');
const LEE = telegramUser(8002, 'en');
const SECRETS = ['PSliveKEY0123456789', 'liveSECRETabcdef0123', '50098765-01'];

let fake: FakeTelegramApi;
let core: FakeCore;
const running: TelegramChat[] = [];

beforeEach(async () => {
  fake = await new FakeTelegramApi().start();
  core = await new FakeCore().start();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
  await fake.stop();
  await core.stop();
});

async function startChat(options: Partial<TelegramChatOptions> = {}) {
  const spy = spyOnHandlers(neutralHandlers(core));
  const chat = new TelegramChat({ token: fake.token, apiRoot: fake.url, pollTimeoutSec: 5, ...options });
  running.push(chat);
  await chat.start(spy.handlers);
  return { chat, spy };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const textsIn = (chatId: number) => fake.botMessages(chatId).map((m) => (m.message as { text: string }).text);

describe('telegram over the Bot API: start-up and polling', () => {
  it('should register the command menu for ko, en and the Korean default without operator commands', async () => {
    await startChat();
    expect([...fake.commandMenus.keys()].sort()).toEqual(['', 'en', 'ko']);
    const names = fake.commandMenus.get('')!.map((c) => c.command);
    expect(names).toContain('buy');
    expect(names).not.toContain('admin');
    expect(fake.commandMenus.get('')).toEqual(fake.commandMenus.get('ko'));
    expect(fake.commandMenus.get('en')!.find((c) => c.command === 'buy')?.description).toMatch(/buy/i);
  });

  it('should answer a private message taken by long polling and confirm it with the next offset', async () => {
    core.ok('price', { symbol: SAMSUNG, quote: quote() });
    await startChat();
    fake.userSends(KIM, fake.privateChat(KIM), '/price 005930');
    await waitFor(() => textsIn(KIM.id).length === 1);
    expect(textsIn(KIM.id)[0]).toContain('삼성전자');
    expect(core.callsTo('price')[0]?.body).toMatchObject({ identity: { platform: 'telegram', platformUserId: String(KIM.id), chatId: String(KIM.id), isPrivateChat: true, locale: 'ko' } });
    await waitFor(() => fake.unconfirmedUpdates === 0);
  });

  it('should resolve done when stopped', async () => {
    const { chat } = await startChat();
    let done = false;
    void chat.done.then(() => { done = true; });
    await chat.stop();
    expect(done).toBe(true);
  });
});

describe('telegram over the Bot API: who may do what', () => {
  it('should pass core\'s refusal to an unlinked person (BOT-1)', async () => {
    core.fail('me', 403, 'NOT_LINKED').fail('price', 403, 'NOT_LINKED');
    await startChat();
    fake.userSends(LEE, fake.privateChat(LEE), '/buy 005930 1');
    await waitFor(() => textsIn(LEE.id).length === 1);
    expect(textsIn(LEE.id)[0]).toBe(`❌ ${errorText('en', 'NOT_LINKED')}`);
    expect(core.callsTo('place_order')).toEqual([]);
  });

  it('should ask core as the member, not the group, so an unlinked member of a group is refused (BOT-2)', async () => {
    core.fail('price', 403, 'NOT_LINKED');
    await startChat();
    const group = fake.group(-100_777);
    fake.userSends(KIM, group, `/price@${fake.botInfo.username} 005930`);
    await waitFor(() => textsIn(group.id).length === 1);
    expect(core.callsTo('price')[0]?.body.identity).toEqual({ platform: 'telegram', platformUserId: String(KIM.id), chatId: String(group.id), isPrivateChat: false, locale: 'ko' });
    expect(textsIn(group.id)[0]).toBe(`❌ ${errorText('ko', 'NOT_LINKED')}`);
  });

  it('should not run an account command in a group', async () => {
    await startChat();
    const group = fake.group(-100_778);
    fake.userSends(KIM, group, '/balance');
    await waitFor(() => textsIn(group.id).length === 1);
    expect(core.calls).toEqual([]);
    expect(textsIn(group.id)[0]).toContain(`https://t.me/${fake.botInfo.username}?start=help`);
  });

  it('should delete the credentials message of a /connect dialogue and send no secret anywhere', async () => {
    core.ok('connect', { broker: 'kiwoom', accountKind: 'live', accountNumberMasked: '****-**01' });
    await startChat();
    const chat = fake.privateChat(KIM);
    fake.userSends(KIM, chat, '/connect');
    await waitFor(() => textsIn(KIM.id).length === 1);
    const credentials = fake.userSends(KIM, chat, `kiwoom real ${SECRETS.join(' ')}`);
    await waitFor(() => textsIn(KIM.id).length === 2);
    expect(fake.hasMessage(KIM.id, credentials.message!.message_id)).toBe(false);
    expect(core.callsTo('connect')[0]?.body.input).toEqual({ broker: 'kiwoom', environment: 'real', appKey: SECRETS[0], appSecret: SECRETS[1], accountNumber: SECRETS[2] });
    const outgoing = JSON.stringify(fake.calls);
    for (const secret of SECRETS) expect(outgoing).not.toContain(secret);
  });
});

describe('telegram webhook (BOT-4, BOT-5)', () => {
  const SECRET = 'webhook_Secret-0123456789';

  async function startWebhook() {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/telegram/hook`;
    const started = await startChat({ webhook: { url, secret: SECRET, port } });
    return { ...started, url };
  }

  it('should set the webhook with its secret and handle updates Telegram posts with it', async () => {
    core.ok('price', { symbol: SAMSUNG, quote: quote() });
    const { url } = await startWebhook();
    expect(fake.callsTo('setWebhook')[0]?.payload).toMatchObject({ url, secret_token: SECRET });
    fake.userSends(KIM, fake.privateChat(KIM), '/price 005930');
    await waitFor(() => textsIn(KIM.id).length === 1);
    // The reply can reach the fake API before the webhook's own 200 is recorded.
    await waitFor(() => fake.webhookStatuses.length === 1);
    expect(fake.webhookStatuses).toEqual([200]);
  });

  it('should refuse a wrong, missing or different-length secret with 401 before any handler runs', async () => {
    const { spy, url } = await startWebhook();
    const chat = fake.privateChat(KIM);
    fake.webhook = null; // Post by hand, as an impostor would.
    const update = fake.userSends(KIM, chat, '/help');
    const wrong = SECRET.slice(0, -1) + (SECRET.endsWith('x') ? 'y' : 'x');
    expect(await fake.postToWebhook(update, wrong, url)).toBe(401);
    expect(await fake.postToWebhook(update, undefined, url)).toBe(401);
    expect(await fake.postToWebhook(update, `${SECRET}0`, url)).toBe(401);
    expect(await fake.postToWebhook(update, 'short', url)).toBe(401);
    expect(spy.texts).toEqual([]);
    // The refused deliveries recorded nothing: the genuine one is still handled.
    expect(await fake.postToWebhook(update, SECRET, url)).toBe(200);
    expect(spy.texts.map((m) => m.idempotencyKey)).toEqual([`tg:${update.update_id}`]);
  });

  it('should handle an update Telegram delivers twice only once', async () => {
    core.ok('price', { symbol: SAMSUNG, quote: quote() });
    const { spy, url } = await startWebhook();
    const chat = fake.privateChat(KIM);
    fake.webhook = null;
    const update = fake.userSends(KIM, chat, '/price 005930');
    expect(await fake.postToWebhook(update, SECRET, url)).toBe(200);
    expect(await fake.postToWebhook(update, SECRET, url)).toBe(200);
    expect(spy.texts).toHaveLength(1);
    expect(core.callsTo('price')).toHaveLength(1);
    expect(textsIn(KIM.id)).toHaveLength(1);
  });
});

describe('telegram sending under refusals (BOT-11)', () => {
  it('should wait retry_after after a 429 on a reply, then send it', async () => {
    await startChat();
    fake.failNext('sendMessage', { status: 429, retryAfterSec: 1 });
    fake.userSends(KIM, fake.privateChat(KIM), '/help');
    await waitFor(() => textsIn(KIM.id).length === 1, 5_000);
    const [refused, accepted] = fake.callsTo('sendMessage');
    expect(refused?.status).toBe(429);
    expect(accepted?.status).toBe(200);
    expect(accepted!.atMs - refused!.atMs).toBeGreaterThanOrEqual(1_000);
  });

  it('should back off after a 5xx on a reply, then send it', async () => {
    await startChat();
    fake.failNext('sendMessage', { status: 502 });
    fake.userSends(KIM, fake.privateChat(KIM), '/help');
    await waitFor(() => textsIn(KIM.id).length === 1, 10_000);
    const [failed, accepted] = fake.callsTo('sendMessage');
    expect(failed?.status).toBe(502);
    expect(accepted!.atMs - failed!.atMs).toBeGreaterThanOrEqual(2_900);
  });

  it('should wait a short retry_after for a notification within its bounded retries', async () => {
    const { chat } = await startChat();
    fake.privateChat(KIM);
    fake.failNext('sendMessage', { status: 429, retryAfterSec: 1 });
    await chat.sendNotification({ platform: 'telegram', platformUserId: String(KIM.id), chatId: String(KIM.id) }, { text: 'fill' }, { silent: true });
    expect(fake.callsTo('sendMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(fake.callsTo('sendMessage')[1]?.payload).toMatchObject({ disable_notification: true, parse_mode: 'HTML' });
  });

  it('should hand a long retry_after back to the outbox as retryAfterMs without waiting', async () => {
    const { chat } = await startChat();
    fake.privateChat(KIM);
    fake.failNext('sendMessage', { status: 429, retryAfterSec: 30 });
    const error = await chat.sendNotification({ platform: 'telegram', platformUserId: String(KIM.id), chatId: String(KIM.id) }, { text: 'fill' }, { silent: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformSendError);
    expect((error as PlatformSendError).detail).toEqual({ status: 429, retryAfterMs: 30_000 });
    expect(fake.callsTo('sendMessage')).toHaveLength(1);
  });

  it('should give a 5xx on a notification back to the outbox as retryable, and 400/403 as permanent, each tried once', async () => {
    const { chat } = await startChat();
    fake.privateChat(KIM);
    const blocked = fake.privateChat(LEE);
    fake.block(blocked.id);
    const target = (id: number) => ({ platform: 'telegram' as const, platformUserId: String(id), chatId: String(id) });
    const send = (id: number) => chat.sendNotification(target(id), { text: 'fill' }, { silent: false }).catch((e: unknown) => e as PlatformSendError);

    fake.failNext('sendMessage', { status: 500 });
    expect((await send(KIM.id))?.detail).toEqual({ status: 500 });
    expect((await send(LEE.id))?.detail).toEqual({ status: 403, permanent: true });
    expect((await send(999_999))?.detail).toEqual({ status: 400, permanent: true });
    expect(fake.callsTo('sendMessage').map((c) => c.status)).toEqual([500, 403, 400]);
  });

  it('should send a long notification as several messages within 4096 characters without a 429', async () => {
    const { chat } = await startChat();
    fake.privateChat(KIM);
    const text = Array.from({ length: 400 }, (_, i) => `#${i} <삼성전자> & co`).join('\n');
    await chat.sendNotification({ platform: 'telegram', platformUserId: String(KIM.id), chatId: String(KIM.id) }, { title: 'A&B', text }, { silent: false });
    const texts = textsIn(KIM.id);
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.every((t) => t.length <= 4096)).toBe(true);
    expect(texts.join('\n')).toBe(`A&B\n${text}`);
    expect(fake.floodRefusals).toBe(0);
  });
});

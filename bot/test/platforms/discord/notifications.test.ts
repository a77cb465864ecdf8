import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DISCORD_SEND_LIMITS } from '../../../src/platforms/discord/index.js';
import { PlatformSendError } from '../../../src/platforms/platform-adapter.js';
import { FakeDiscord, dmChannelIdFor } from '../../support/fake-discord/index.js';
import { recordingHandlers, startDiscordChat, type DiscordChatUnderTest } from '../../support/fake-discord/discord-harness.js';

const USER = '666666666666666661';
const TARGET = { platform: 'discord' as const, platformUserId: USER, chatId: USER };
const MESSAGES = /^\/v10\/channels\/\d+\/messages$/;
const FILL = { title: '체결 완료', text: '#1a2b3c4d 매수 삼성전자(005930) 10주', tone: 'success' as const };

describe('discord notifications', () => {
  let discord: FakeDiscord;
  let adapter: DiscordChatUnderTest;
  beforeEach(async () => {
    discord = await new FakeDiscord().start();
    adapter = await startDiscordChat(discord, recordingHandlers(), { guildId: '910000000000000001' });
  });
  afterEach(async () => {
    await adapter.stop();
    await discord.stop();
  });

  it('should DM the person an embed, opening the DM channel once', async () => {
    await adapter.chat.sendNotification(TARGET, FILL, { silent: false });
    await adapter.chat.sendNotification(TARGET, FILL, { silent: false });
    expect(discord.rest.find('POST', /^\/v10\/users\/@me\/channels$/).map((r) => r.body)).toEqual([{ recipient_id: USER }]);
    const sends = discord.rest.find('POST', MESSAGES);
    expect(sends.map((r) => r.path)).toEqual([`/v10/channels/${dmChannelIdFor(USER)}/messages`, `/v10/channels/${dmChannelIdFor(USER)}/messages`]);
    expect(sends[0]?.body).toMatchObject({ embeds: [{ title: '체결 완료', description: FILL.text, color: 0x57f287 }], allowed_mentions: { parse: [] } });
    expect((sends[0]?.body as { flags?: number }).flags ?? 0).toBe(0);
  });

  it('should send a silent notification with SUPPRESS_NOTIFICATIONS', async () => {
    await adapter.chat.sendNotification(TARGET, FILL, { silent: true });
    expect(discord.rest.find('POST', MESSAGES)[0]?.body).toMatchObject({ flags: 4096 });
  });

  it('should split a reply longer than an embed into several messages in order', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i} ${'가'.repeat(20)}`);
    await adapter.chat.sendNotification(TARGET, { text: lines.join('\n') }, { silent: false });
    const descriptions = discord.rest.find('POST', MESSAGES).map((r) => (r.body as { embeds: Array<{ description: string }> }).embeds[0]!.description);
    expect(descriptions.length).toBeGreaterThan(1);
    expect(descriptions.every((d) => d.length <= 4096)).toBe(true);
    expect(descriptions.join('\n')).toBe(lines.join('\n'));
  });

  it('should report a person who cannot be DMed (50007) as a permanent failure', async () => {
    discord.rest.answerNext('POST', MESSAGES, { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } });
    const error = await adapter.chat.sendNotification(TARGET, FILL, { silent: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformSendError);
    expect((error as PlatformSendError).detail).toEqual({ permanent: true, status: 403 });
  });

  it('should report an unknown user (10013) as a permanent failure', async () => {
    discord.rest.answerNext('POST', /^\/v10\/users\/@me\/channels$/, { status: 400, body: { message: 'Unknown User', code: 10013 } });
    const error = await adapter.chat.sendNotification(TARGET, FILL, { silent: false }).catch((e: unknown) => e);
    expect((error as PlatformSendError).detail.permanent).toBe(true);
  });

  it('should wait out a 429 and deliver (BOT-11)', async () => {
    discord.rest.answerNext('POST', MESSAGES, {
      status: 429, body: { message: 'You are being rate limited.', retry_after: 0.3, global: false },
      headers: { 'retry-after': '0.3', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.3', 'x-ratelimit-scope': 'user' },
    });
    await adapter.chat.sendNotification(TARGET, FILL, { silent: false });
    const [limited, delivered] = discord.rest.find('POST', MESSAGES);
    expect(delivered).toBeDefined();
    expect(delivered!.atMs - limited!.atMs).toBeGreaterThanOrEqual(250);
  });

  it('should pass on when to come back for a 429 the library was told not to wait out', async () => {
    await adapter.stop();
    adapter = await startDiscordChat(discord, recordingHandlers(), { guildId: '910000000000000001', rest: { retries: 0, rejectOnRateLimit: () => true } });
    discord.rest.answerNext('POST', MESSAGES, { status: 429, body: { message: 'limited', retry_after: 2, global: false }, headers: { 'retry-after': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '2' } });
    const error = await adapter.chat.sendNotification(TARGET, FILL, { silent: false }).catch((e: unknown) => e);
    expect((error as PlatformSendError).detail).toMatchObject({ status: 429 });
    expect((error as PlatformSendError).detail.retryAfterMs).toBeGreaterThanOrEqual(1_900);
    expect((error as PlatformSendError).detail.permanent).toBeUndefined();
  });

  it('should report a server error as retryable after the library retried', async () => {
    discord.rest.answerNext('POST', MESSAGES, { status: 502, body: { message: 'Bad Gateway', code: 0 } }, 5);
    const error = await adapter.chat.sendNotification(TARGET, FILL, { silent: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformSendError);
    expect((error as PlatformSendError).detail).toEqual({ status: 502 });
    expect(discord.rest.find('POST', MESSAGES)).toHaveLength(2);
  });

  it('should declare Discord\'s limits to the notification outbox', () => {
    expect(adapter.chat.sendLimits).toEqual({ perChatIntervalMs: 1_000, globalPerSecond: 40, maxMessageChars: 4_096 });
    expect(DISCORD_SEND_LIMITS).toBe(adapter.chat.sendLimits);
  });
});

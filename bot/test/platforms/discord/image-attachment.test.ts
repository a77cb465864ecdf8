import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatReply } from '../../../src/commands/reply.js';
import { toDiscordMessages } from '../../../src/platforms/discord/format.js';
import { FakeDiscord, dmChannelIdFor } from '../../support/fake-discord/index.js';
import type { RecordedRestRequest } from '../../support/fake-discord/fake-discord-rest.js';
import { recordingHandlers, startDiscordChat, type DiscordChatUnderTest } from '../../support/fake-discord/discord-harness.js';

const USER = '666666666666666662';
const TARGET = { platform: 'discord' as const, platformUserId: USER, chatId: USER };
const MESSAGES = /^\/v10\/channels\/\d+\/messages$/;
/** A PNG signature and a few bytes that are not valid UTF-8, so a text round trip would corrupt them. */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80, 0x81]);
const CHART: ChatReply = { title: '장 마감 요약 (2026-11-20)', text: '실현 손익 +3,400원', image: { png: PNG, name: 'pnl-2026-11-20.png', alt: 'P&L chart' } };

/** The multipart parts of an upload: payload_json parsed, files as bytes with their names. */
async function partsOf(request: RecordedRestRequest) {
  const form = await new Response(request.rawBytes, { headers: { 'content-type': request.contentType ?? '' } }).formData();
  const files: Array<{ field: string; name: string; bytes: Uint8Array }> = [];
  let payload: Record<string, unknown> = {};
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') payload = JSON.parse(value) as Record<string, unknown>;
    else files.push({ field, name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return { payload, files };
}

describe('discord: a reply image is an attachment shown in the embed', () => {
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

  it('should upload the PNG byte for byte with the DM and point the embed image at attachment://name', async () => {
    await adapter.chat.sendNotification(TARGET, CHART, { silent: false });
    const [send] = discord.rest.find('POST', MESSAGES);
    expect(send?.path).toBe(`/v10/channels/${dmChannelIdFor(USER)}/messages`);
    expect(send?.contentType).toMatch(/^multipart\/form-data/);
    const { payload, files } = await partsOf(send!);
    expect(files).toEqual([{ field: 'files[0]', name: 'pnl-2026-11-20.png', bytes: PNG }]);
    expect(payload).toMatchObject({
      embeds: [{ title: CHART.title, description: CHART.text, image: { url: 'attachment://pnl-2026-11-20.png' } }],
      attachments: [{ id: '0', description: 'P&L chart' }],
    });
  });

  it('should keep sending a reply without an image as plain JSON with no attachment', async () => {
    await adapter.chat.sendNotification(TARGET, { text: 'no picture' }, { silent: false });
    const [send] = discord.rest.find('POST', MESSAGES);
    expect(send?.contentType).toMatch(/json/);
    expect((send?.body as { embeds: Array<{ image?: unknown }> }).embeds[0]!.image).toBeUndefined();
  });

  it('should attach the image once, to the first message, when the text needs several', () => {
    const messages = toDiscordMessages({ ...CHART, text: 'x\n'.repeat(3_000) });
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.map((m) => m.files.length)).toEqual([1, ...messages.slice(1).map(() => 0)]);
    expect(messages[0]!.embeds[0]!.image).toEqual({ url: 'attachment://pnl-2026-11-20.png' });
  });
});

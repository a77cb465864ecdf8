import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatReply } from '../../../src/commands/reply.js';
import { TelegramChat } from '../../../src/platforms/telegram/telegram-chat.js';
import { FakeTelegramApi, telegramUser, type UploadedFile } from '../../support/fake-telegram-api.js';
import { neutralHandlers } from './telegram-test-kit.js';
import { FakeCore } from '../../support/fake-core.js';

const KIM = telegramUser(8101, 'ko');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80]);
const CHART: ChatReply = { title: '삼성전자(005930) · 1일 (1분봉)', text: '캔들 30개 · 상승 빨강 & 하락 파랑', image: { png: PNG, name: 'chart-005930-1d.png', alt: '005930 1d' } };

describe('telegram: a reply image goes out with sendPhoto', () => {
  let fake: FakeTelegramApi;
  let core: FakeCore;
  let chat: TelegramChat;
  beforeEach(async () => {
    fake = await new FakeTelegramApi({ perChatIntervalMs: 0 }).start();
    core = await new FakeCore().start();
    fake.privateChat(KIM);
    chat = new TelegramChat({ token: fake.token, apiRoot: fake.url, intake: 'manual', botInfo: fake.botInfo, sleep: async () => {} });
    await chat.start(neutralHandlers(core));
  });
  afterEach(async () => {
    await chat.stop();
    await fake.stop();
    await core.stop();
  });

  const target = { platform: 'telegram' as const, platformUserId: String(KIM.id), chatId: String(KIM.id) };

  it('should upload the PNG as a photo with the reply as its HTML caption, silent when asked', async () => {
    await chat.sendNotification(target, CHART, { silent: true });
    expect(fake.callsTo('sendMessage')).toEqual([]);
    const [call] = fake.callsTo('sendPhoto');
    expect(call?.status).toBe(200);
    const photo = call!.payload.photo as UploadedFile;
    expect(photo.name).toBe('chart-005930-1d.png');
    expect(photo.bytes).toEqual(PNG);
    expect(call!.payload.caption).toBe('<b>삼성전자(005930) · 1일 (1분봉)</b>\n캔들 30개 · 상승 빨강 &amp; 하락 파랑');
    expect(call!.payload.disable_notification).toBe('true');
  });

  it('should caption with the title only and send the text after when it is over 1,024 characters', async () => {
    const text = Array.from({ length: 40 }, (_, i) => `보유 ${i} ${'가'.repeat(40)}`).join('\n');
    await chat.sendNotification(target, { ...CHART, text }, { silent: false });
    const [photo] = fake.callsTo('sendPhoto');
    expect(photo!.payload.caption).toBe('<b>삼성전자(005930) · 1일 (1분봉)</b>');
    const sent = fake.callsTo('sendMessage').map((c) => String(c.payload.text));
    expect(sent.join('\n')).toBe(text);
  });
});

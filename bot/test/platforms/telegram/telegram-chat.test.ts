import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_SHAPES } from '../../../src/commands/catalog.js';
import { errorText, t } from '../../../src/i18n/index.js';
import type { InboundHandlers } from '../../../src/platforms/platform-adapter.js';
import { CONNECT_PROMPT_TTL_MS } from '../../../src/platforms/telegram/pending-connect.js';
import { TelegramChat } from '../../../src/platforms/telegram/telegram-chat.js';
import { FakeCore } from '../../support/fake-core.js';
import { FAKE_BOT_INFO } from '../../support/fake-telegram-api.js';
import { SAMSUNG, SAMSUNG_PREF, quote } from '../../support/fixtures.js';
import { GROUP, neutralHandlers, pressUpdate, privateChat, recordingApi, spyOnHandlers, textUpdate, user } from './telegram-test-kit.js';

// Unit style (CHAT-PLATFORMS.md B10): updates fed with bot.handleUpdate, API calls answered by a
// recording transformer; behind the adapter the real neutral layer talks to a FakeCore.

const KIM = user(7001, 'ko');
const LEE = user(7002, 'en-US');
const SECRET_KEY = 'PSappKEY0123456789';
const SECRET_SECRET = 'appSECRETabcdefghij0123';
const SECRET_ACCOUNT = '50012345-01';

let core: FakeCore;
beforeEach(async () => { core = await new FakeCore().start(); });
afterEach(async () => { await core.stop(); });

function setup(options: { handlers?: InboundHandlers; nowMs?: { value: number } } = {}) {
  const api = recordingApi();
  const sleeps: number[] = [];
  const clock = options.nowMs ?? { value: 1_763_000_000_000 };
  const spy = spyOnHandlers(options.handlers ?? neutralHandlers(core, () => clock.value));
  const chat = new TelegramChat({
    token: 'unit-token', botInfo: FAKE_BOT_INFO, intake: 'manual', apiTransformers: [api.transformer], now: () => clock.value,
    sleep: (ms) => { sleeps.push(ms); return new Promise((r) => setTimeout(r, ms)); },
  });
  return { api, spy, chat, sleeps, clock, start: () => chat.start(spy.handlers) };
}

const sentTexts = (api: ReturnType<typeof recordingApi>) => api.callsTo('sendMessage').map((c) => String(c.payload.text));

describe('telegram text messages', () => {
  it('should hand every catalog command typed in a private chat to the neutral layer with identity and update key', async () => {
    const s = setup();
    await s.start();
    const lines = COMMAND_SHAPES.map((shape) => shape.name === 'connect' ? `/connect kis mock ${SECRET_KEY} ${SECRET_SECRET} ${SECRET_ACCOUNT}` : `/${shape.name}`);
    for (const [i, line] of lines.entries()) await s.chat.bot.handleUpdate(textUpdate(9000 + i, KIM, privateChat(KIM), line));
    expect(s.spy.texts.map((m) => m.text)).toEqual(lines);
    expect(s.spy.texts.map((m) => m.idempotencyKey)).toEqual(lines.map((_, i) => `tg:${9000 + i}`));
    for (const message of s.spy.texts) {
      expect(message.identity).toEqual({ platform: 'telegram', platformUserId: '7001', chatId: '7001', isPrivateChat: true, locale: 'ko' });
    }
  });

  it('should map the client language to ko, en or none', async () => {
    const s = setup();
    await s.start();
    const fr = user(7003, 'fr');
    await s.chat.bot.handleUpdate(textUpdate(1, LEE, privateChat(LEE), '/help'));
    await s.chat.bot.handleUpdate(textUpdate(2, fr, privateChat(fr), '/help'));
    expect(s.spy.texts[0]?.identity.locale).toBe('en');
    expect(s.spy.texts[1]?.identity).not.toHaveProperty('locale');
  });

  it('should accept /command@ThisBot in a group and ignore commands for other bots and plain chatter', async () => {
    core.ok('price', { symbol: SAMSUNG, quote: quote() });
    const s = setup();
    await s.start();
    await s.chat.bot.handleUpdate(textUpdate(1, KIM, GROUP, `/price@${FAKE_BOT_INFO.username} 005930`));
    await s.chat.bot.handleUpdate(textUpdate(2, KIM, GROUP, '/price@SomeOtherBot 005930'));
    await s.chat.bot.handleUpdate(textUpdate(3, KIM, GROUP, 'price 005930 looks good today'));
    expect(s.spy.texts.map((m) => m.text)).toEqual([`/price@${FAKE_BOT_INFO.username} 005930`]);
    expect(s.spy.texts[0]?.identity).toMatchObject({ platformUserId: '7001', chatId: String(GROUP.id), isPrivateChat: false });
    expect(core.callsTo('price')).toHaveLength(1);
    // In a group the answer replies to the message it answers.
    expect(s.api.callsTo('sendMessage')[0]?.payload).toMatchObject({ chat_id: GROUP.id, parse_mode: 'HTML', reply_parameters: { message_id: expect.any(Number) } });
  });

  it('should not run an account command in a group, answering with a deep link to the private chat', async () => {
    const s = setup();
    await s.start();
    for (const [i, shape] of COMMAND_SHAPES.filter((c) => c.private && c.name !== 'connect').entries()) {
      await s.chat.bot.handleUpdate(textUpdate(100 + i, KIM, GROUP, `/${shape.name}@${FAKE_BOT_INFO.username}`));
    }
    expect(s.spy.texts).toEqual([]);
    expect(core.calls).toEqual([]);
    const texts = sentTexts(s.api);
    expect(texts.length).toBe(COMMAND_SHAPES.filter((c) => c.private && c.name !== 'connect').length);
    expect(texts.every((text) => text.includes(`https://t.me/${FAKE_BOT_INFO.username}?start=help`) && text.includes('개인 대화'))).toBe(true);
  });

  it('should send "typing" for commands that go to core but not for help', async () => {
    core.ok('price', { symbol: SAMSUNG, quote: quote() });
    const s = setup();
    await s.start();
    await s.chat.bot.handleUpdate(textUpdate(1, KIM, privateChat(KIM), '/help'));
    expect(s.api.callsTo('sendChatAction')).toEqual([]);
    await s.chat.bot.handleUpdate(textUpdate(2, KIM, privateChat(KIM), '/price 005930'));
    expect(s.api.callsTo('sendChatAction').map((c) => c.payload)).toEqual([{ chat_id: KIM.id, action: 'typing' }]);
  });

  it('should handle a redelivered update once (BOT-5)', async () => {
    core.ok('price', { symbol: SAMSUNG, quote: quote() });
    const s = setup();
    await s.start();
    const update = textUpdate(4242, KIM, privateChat(KIM), '/price 005930');
    await s.chat.bot.handleUpdate(update);
    await s.chat.bot.handleUpdate(structuredClone(update));
    expect(s.spy.texts).toHaveLength(1);
    expect(core.callsTo('price')).toHaveLength(1);
    expect(s.api.callsTo('sendMessage')).toHaveLength(1);
  });

  it('should answer a throwing handler with a generic text and an error id, never the error itself (BOT-10)', async () => {
    const failing: InboundHandlers = {
      ...neutralHandlers(core),
      handleText: async () => { throw new Error('boom at /secret/path.ts:12 token=abc'); },
    };
    const s = setup({ handlers: failing });
    await s.start();
    await s.chat.bot.handleUpdate(textUpdate(1, KIM, privateChat(KIM), '/me'));
    const [text] = sentTexts(s.api);
    const errorId = /오류 번호 ([0-9a-f]{8})/.exec(text ?? '')?.[1];
    expect(errorId).toMatch(/^[0-9a-f]{8}$/);
    expect(text).toBe(t('ko', 'unexpectedError', { errorId: errorId! }));
    expect(JSON.stringify(s.api.callsTo('sendMessage'))).not.toMatch(/boom|secret\/path|token=abc|\.ts:\d/);
  });

  it('should escape & < > from the neutral layer so Telegram can parse the HTML', async () => {
    const handlers: InboundHandlers = { ...neutralHandlers(core), handleText: async () => ({ title: 'A<B>', text: 'x & y < z > w', fields: [{ name: '<n>', value: '&v' }] }) };
    const s = setup({ handlers });
    await s.start();
    await s.chat.bot.handleUpdate(textUpdate(1, KIM, privateChat(KIM), '/me'));
    expect(sentTexts(s.api)).toEqual(['<b>A&lt;B&gt;</b>\nx &amp; y &lt; z &gt; w\n<b>&lt;n&gt;</b>: &amp;v']);
  });

  it('should split a long reply on line boundaries into messages under 4096 characters, paced one second apart', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${String(i).padStart(3, '0')} ${'가'.repeat(30)}`);
    const handlers: InboundHandlers = { ...neutralHandlers(core), handleText: async () => ({ text: lines.join('\n') }) };
    const s = setup({ handlers });
    await s.start();
    await s.chat.bot.handleUpdate(textUpdate(1, KIM, privateChat(KIM), '/orders'));
    const texts = sentTexts(s.api);
    expect(texts.length).toBeGreaterThan(2);
    expect(texts.every((text) => text.length <= 4096)).toBe(true);
    expect(texts.join('\n')).toBe(lines.join('\n'));
    expect(s.sleeps.filter((ms) => ms === 1000)).toHaveLength(texts.length - 1);
  });
});

describe('telegram /connect', () => {
  const fullLine = `/connect kis mock ${SECRET_KEY} ${SECRET_SECRET} ${SECRET_ACCOUNT}`;
  const connected = { broker: 'kis', accountKind: 'broker_mock', accountNumberMasked: '****-**01' };

  it('should delete the message with the credentials before running connect, and never echo them', async () => {
    core.ok('connect', connected);
    const s = setup();
    await s.start();
    const update = textUpdate(1, KIM, privateChat(KIM), fullLine);
    const callsBefore = s.api.calls.length;
    await s.chat.bot.handleUpdate(update);
    const methods = s.api.calls.slice(callsBefore).map((c) => c.method);
    expect(s.api.callsTo('deleteMessage')[0]?.payload).toEqual({ chat_id: KIM.id, message_id: update.message!.message_id });
    expect(core.callsTo('connect')[0]?.body.input).toEqual({ broker: 'kis', environment: 'mock', appKey: SECRET_KEY, appSecret: SECRET_SECRET, accountNumber: SECRET_ACCOUNT });
    // Deleted before the neutral layer (and core) saw it: the first call of all.
    expect(methods[0]).toBe('deleteMessage');
    const outgoing = JSON.stringify(s.api.calls);
    for (const secret of [SECRET_KEY, SECRET_SECRET, SECRET_ACCOUNT]) expect(outgoing).not.toContain(secret);
    expect(sentTexts(s.api).at(-1)).toContain('****-**01');
  });

  it('should ask for the credentials after /connect alone, then delete the next message and run it as connect', async () => {
    core.ok('connect', connected);
    const s = setup();
    await s.start();
    await s.chat.bot.handleUpdate(textUpdate(1, KIM, privateChat(KIM), '/connect'));
    expect(s.spy.texts).toEqual([]);
    expect(sentTexts(s.api)[0]).toContain('다음 메시지로 증권사 연결 정보를');
    const credentials = textUpdate(2, KIM, privateChat(KIM), `kis mock ${SECRET_KEY} ${SECRET_SECRET} ${SECRET_ACCOUNT}`);
    await s.chat.bot.handleUpdate(credentials);
    expect(s.api.callsTo('deleteMessage').map((c) => c.payload.message_id)).toEqual([credentials.message!.message_id]);
    expect(s.spy.texts.map((m) => [m.text, m.idempotencyKey])).toEqual([[`/connect kis mock ${SECRET_KEY} ${SECRET_SECRET} ${SECRET_ACCOUNT}`, 'tg:2']]);
    expect(core.callsTo('connect')).toHaveLength(1);
    for (const secret of [SECRET_KEY, SECRET_SECRET, SECRET_ACCOUNT]) expect(JSON.stringify(s.api.calls)).not.toContain(secret);
  });

  it('should stop waiting for the credentials after 5 minutes by the injected clock', async () => {
    const nowMs = { value: 1_763_000_000_000 };
    const s = setup({ nowMs });
    await s.start();
    await s.chat.bot.handleUpdate(textUpdate(1, KIM, privateChat(KIM), '/connect'));
    nowMs.value += CONNECT_PROMPT_TTL_MS - 1;
    expect(s.chat.bot).toBeDefined();
    const inTime = textUpdate(2, KIM, privateChat(KIM), `kis mock ${SECRET_KEY} ${SECRET_SECRET} ${SECRET_ACCOUNT}`);
    await s.chat.bot.handleUpdate(inTime);
    expect(s.spy.texts.map((m) => m.text.startsWith('/connect '))).toEqual([true]);

    await s.chat.bot.handleUpdate(textUpdate(3, KIM, privateChat(KIM), '/connect'));
    nowMs.value += CONNECT_PROMPT_TTL_MS;
    const late = textUpdate(4, KIM, privateChat(KIM), 'kis mock late late 1');
    await s.chat.bot.handleUpdate(late);
    expect(s.spy.texts.at(-1)?.text).toBe('kis mock late late 1');
    expect(s.api.callsTo('deleteMessage').map((c) => c.payload.message_id)).toEqual([inTime.message!.message_id]);
  });

  it('should let another command cancel the wait for credentials', async () => {
    const s = setup();
    await s.start();
    await s.chat.bot.handleUpdate(textUpdate(1, KIM, privateChat(KIM), '/connect'));
    await s.chat.bot.handleUpdate(textUpdate(2, KIM, privateChat(KIM), '/help'));
    await s.chat.bot.handleUpdate(textUpdate(3, KIM, privateChat(KIM), 'kis mock a b c'));
    expect(s.spy.texts.map((m) => m.text)).toEqual(['/help', 'kis mock a b c']);
    expect(s.api.callsTo('deleteMessage')).toEqual([]);
  });

  it('should delete /connect in a group without running it, and say so with a link to the private chat', async () => {
    const s = setup();
    await s.start();
    const update = textUpdate(1, KIM, GROUP, `/connect@${FAKE_BOT_INFO.username} kis real ${SECRET_KEY} ${SECRET_SECRET} ${SECRET_ACCOUNT}`);
    await s.chat.bot.handleUpdate(update);
    expect(s.spy.texts).toEqual([]);
    expect(core.calls).toEqual([]);
    expect(s.api.callsTo('deleteMessage')[0]?.payload).toEqual({ chat_id: GROUP.id, message_id: update.message!.message_id });
    const [text] = sentTexts(s.api);
    expect(text).toContain('메시지를 삭제했습니다');
    expect(text).toContain(`https://t.me/${FAKE_BOT_INFO.username}?start=help`);
    for (const secret of [SECRET_KEY, SECRET_SECRET, SECRET_ACCOUNT]) expect(JSON.stringify(s.api.calls)).not.toContain(secret);
  });

  it('should tell the person to delete it themselves when the bot may not delete in the group', async () => {
    const s = setup();
    await s.start();
    s.api.answerNext('deleteMessage', { ok: false, error_code: 400, description: "Bad Request: message can't be deleted" });
    await s.chat.bot.handleUpdate(textUpdate(1, LEE, GROUP, `/connect kis real ${SECRET_KEY} ${SECRET_SECRET} ${SECRET_ACCOUNT}`));
    expect(sentTexts(s.api)[0]).toContain('could not be deleted');
  });
});

describe('telegram buttons', () => {
  async function ambiguousPriceInGroup(s: ReturnType<typeof setup>) {
    core.ok('symbols', { matches: [SAMSUNG, SAMSUNG_PREF] }).ok('price', { symbol: SAMSUNG, quote: quote() });
    await s.start();
    await s.chat.bot.handleUpdate(textUpdate(1, KIM, GROUP, '/price 삼성'));
    const sent = s.api.callsTo('sendMessage')[0]!;
    const keyboard = (sent.payload.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard;
    return { keyboard, messageId: 500 };
  }

  it('should render reply actions as inline buttons whose callback_data is the action id', async () => {
    const s = setup();
    const { keyboard } = await ambiguousPriceInGroup(s);
    expect(keyboard.map((row) => row.map((b) => b.text))).toEqual([['삼성전자 (005930)'], ['삼성전자우 (005935)']]);
    expect(keyboard.flat().every((b) => /^[A-Za-z0-9_-]{8,40}\.\d$/.test(b.callback_data))).toBe(true);
  });

  it('should refuse a button pressed by someone else, in an alert to them alone, leaving the message as it was (BOT-3)', async () => {
    const s = setup();
    const { keyboard, messageId } = await ambiguousPriceInGroup(s);
    await s.chat.bot.handleUpdate(pressUpdate(2, LEE, GROUP, messageId, keyboard[0]![0]!.callback_data));
    expect(s.spy.actions[0]).toMatchObject({ identity: { platformUserId: String(LEE.id), chatId: String(GROUP.id), isPrivateChat: false }, idempotencyKey: 'tg:2' });
    expect(core.callsTo('price')).toEqual([]);
    expect(s.api.callsTo('answerCallbackQuery')[0]?.payload).toEqual({ callback_query_id: 'q2', text: expect.stringContaining("someone else"), show_alert: true });
    expect(s.api.callsTo('editMessageText')).toEqual([]);
  });

  it('should run the owner\'s press as them and replace the message, removing the buttons', async () => {
    const s = setup();
    const { keyboard, messageId } = await ambiguousPriceInGroup(s);
    await s.chat.bot.handleUpdate(pressUpdate(3, KIM, GROUP, messageId, keyboard[0]![0]!.callback_data));
    expect(core.callsTo('price')[0]?.body).toMatchObject({ identity: { platformUserId: String(KIM.id) }, input: { query: '005930' } });
    expect(s.api.callsTo('answerCallbackQuery')[0]?.payload).toEqual({ callback_query_id: 'q3' });
    const edit = s.api.callsTo('editMessageText')[0]?.payload;
    expect(edit).toMatchObject({ chat_id: GROUP.id, message_id: messageId, parse_mode: 'HTML', reply_markup: { inline_keyboard: [] } });
    expect(String(edit?.text)).toContain('005930');
    // The same button again: already handled, and the message is not touched a second time.
    await s.chat.bot.handleUpdate(pressUpdate(4, KIM, GROUP, messageId, keyboard[0]![0]!.callback_data));
    expect(s.api.callsTo('editMessageText')).toHaveLength(1);
    expect(core.callsTo('price')).toHaveLength(1);
  });
});

describe('telegram unlinked users', () => {
  it('should pass core\'s NOT_LINKED refusal to an unlinked person in a private chat (BOT-1)', async () => {
    core.fail('balance', 403, 'NOT_LINKED');
    const s = setup();
    await s.start();
    await s.chat.bot.handleUpdate(textUpdate(1, KIM, privateChat(KIM), '/balance'));
    expect(core.callsTo('balance')[0]?.body.identity).toMatchObject({ platform: 'telegram', platformUserId: String(KIM.id) });
    expect(sentTexts(s.api)).toEqual([`❌ ${errorText('ko', 'NOT_LINKED')}`]);
  });
});

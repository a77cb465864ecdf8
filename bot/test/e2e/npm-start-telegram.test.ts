import type { InlineKeyboardMarkup } from 'grammy/types';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCoreSystem, type CoreSystem } from '../support/core-system.js';
import { FAKE_BOT_TOKEN, FakeTelegramApi, telegramUser } from '../support/fake-telegram-api.js';
import { waitFor } from '../support/wait-for.js';

// `npm start` with TELEGRAM_BOT_TOKEN runs the Telegram bot inside the one process, beside core and
// the paper bridge: a person links, places an order with the confirmation button and gets the fill.
let telegram: FakeTelegramApi;
let system: CoreSystem;
const KIM = telegramUser(7001, 'ko', 'kim');

beforeAll(async () => {
  telegram = await new FakeTelegramApi().start();
  system = await startCoreSystem({ env: { TELEGRAM_BOT_TOKEN: FAKE_BOT_TOKEN, TELEGRAM_API_ROOT: telegram.url, PAPER_TICK_INTERVAL_MS: '200' } });
}, 90_000);

afterAll(async () => {
  await system?.stop();
  await telegram?.stop();
});

const textsTo = (chatId: number) => telegram.botMessages(chatId).map((m) => m.message).map((m) => ('text' in m ? m.text : '') ?? '');

it('links, confirms a buy with its button and delivers the fill, all through the in-process Telegram bot', async () => {
  const chat = telegram.privateChat(KIM);
  telegram.userSends(KIM, chat, `/link ${await system.invite('kim', 'basic')}`);
  await waitFor(() => textsTo(KIM.id).length === 1, 20_000);
  expect(textsTo(KIM.id)[0]).toContain('kim');

  telegram.userSends(KIM, chat, '/buy 005930 1');
  await waitFor(() => textsTo(KIM.id).length === 2, 20_000);
  const draft = telegram.botMessages(KIM.id)[1]!;
  const buttons = (draft.replyMarkup as InlineKeyboardMarkup).inline_keyboard.flat();
  expect(buttons.length).toBe(2);
  const confirm = buttons[0]!;
  expect('callback_data' in confirm).toBe(true);

  telegram.userPresses(KIM, draft.message, (confirm as { callback_data: string }).callback_data);
  // The draft turns into the accepted order, then the fill arrives as a notification.
  await waitFor(() => textsTo(KIM.id).some((text) => /체결/.test(text)), 30_000);
  // Replies and notifications share one per-chat pace: Telegram never had to refuse a message.
  expect(telegram.callsTo('sendMessage').map((call) => call.status)).toEqual(telegram.callsTo('sendMessage').map(() => 200));
}, 90_000);

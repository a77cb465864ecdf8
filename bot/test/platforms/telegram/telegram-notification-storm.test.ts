import { EVENT_STREAM_IN_FLIGHT_MAX, type Notification } from '@tradedesk/contracts';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../../src/bot.js';
import { TelegramChat } from '../../../src/platforms/telegram/telegram-chat.js';
import { FAKE_TOKEN, FakeCore } from '../../support/fake-core.js';
import { FakeTelegramApi, telegramUser } from '../../support/fake-telegram-api.js';

// The storm: 1000 price alerts for 10 people within a second go through core's event stream,
// the bot's notification outbox and this adapter to a Bot API that enforces Telegram's flood limits
// (1 message per second per chat, 30 per second overall). Nothing may be refused for flooding, and
// every notification must be confirmed to core within a minute, coalesced into few messages.

const USERS = Array.from({ length: 10 }, (_, i) => telegramUser(9100 + i, i % 2 === 0 ? 'ko' : 'en'));
const NOTIFICATIONS = 1000;

let fake: FakeTelegramApi;
let core: FakeCore;
let bot: RunningBot | null = null;

beforeEach(async () => {
  fake = await new FakeTelegramApi().start();
  core = await new FakeCore().start();
});
afterEach(async () => {
  await bot?.stop();
  bot = null;
  await fake.stop();
  await core.stop();
});

function alert(i: number): Notification {
  const person = USERS[i % USERS.length]!;
  return {
    id: `storm-${i}`,
    target: { platform: 'telegram', platformUserId: String(person.id), chatId: String(person.id) },
    locale: person.language_code === 'ko' ? 'ko' : 'en',
    accountKind: null,
    createdAt: 1_763_000_000_000 + i,
    silent: false,
    payload: { kind: 'alert_triggered', alertId: `a-${i}`, symbol: '005930', name: '삼성전자', direction: i % 3 === 0 ? 'below' : 'above', thresholdKrw: 70_000, priceKrw: 70_000 + i },
  };
}

/** Sends like core's notification hub: as fast as it can, but never more than its in-flight window unconfirmed. */
async function pushLikeCore(count: number): Promise<number> {
  const startedMs = Date.now();
  let sent = 0;
  while (sent < count) {
    while (sent < count && sent - core.delivered.length < EVENT_STREAM_IN_FLIGHT_MAX) core.notify(alert(sent++));
    if (sent < count) await core.waitForDelivered(core.delivered.length + 1);
  }
  return Date.now() - startedMs;
}

it('should deliver a storm of 1000 alerts for 10 people without a single 429, all confirmed within 60 s', async () => {
  for (const person of USERS) fake.privateChat(person);
  const telegram = new TelegramChat({ token: fake.token, apiRoot: fake.url, pollTimeoutSec: 5 });
  bot = await startBot({ coreUrl: core.url, coreToken: FAKE_TOKEN, locale: 'ko', adapters: [telegram], eventStreamWaitMs: 5_000 });
  const startedMs = Date.now();

  await pushLikeCore(NOTIFICATIONS);
  await Promise.race([
    core.waitForDelivered(NOTIFICATIONS),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${core.delivered.length} confirmed after 60 s`)), 60_000)),
  ]);
  const elapsedMs = Date.now() - startedMs;

  expect(new Set(core.delivered)).toEqual(new Set(Array.from({ length: NOTIFICATIONS }, (_, i) => `storm-${i}`)));
  expect(elapsedMs).toBeLessThan(60_000);
  const sends = fake.callsTo('sendMessage');
  expect(sends.filter((c) => c.status === 429)).toEqual([]);
  expect(fake.floodRefusals).toBe(0);
  // Coalesced: far fewer messages than notifications, and every alert's price is in some message.
  expect(sends.length).toBeLessThan(NOTIFICATIONS / 5);
  const shown = USERS.flatMap((person) => fake.botMessages(person.id).map((m) => (m.message as { text: string }).text)).join('\n');
  for (let i = 0; i < NOTIFICATIONS; i += 1) expect(shown).toContain((70_000 + i).toLocaleString('ko-KR'));
}, 90_000);

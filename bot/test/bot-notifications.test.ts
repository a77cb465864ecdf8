import type { Platform } from '@tradedesk/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../src/bot.js';
import type { ChatReply } from '../src/commands/reply.js';
import type { ChatPlatformAdapter, InboundHandlers, NotificationDelivery, NotificationTarget } from '../src/platforms/platform-adapter.js';
import { FAKE_TOKEN, FakeCore } from './support/fake-core.js';
import { fill, notification } from './support/fixtures.js';
import { waitFor } from './support/wait-for.js';

/** A chat platform whose sends either fail, hang, or are recorded. */
class FakePlatform implements ChatPlatformAdapter {
  readonly sendLimits = { perChatIntervalMs: 0, globalPerSecond: 100, maxMessageChars: 4_096 };
  readonly subscription;
  readonly sent: Array<{ reply: ChatReply; delivery: NotificationDelivery }> = [];
  handlers: InboundHandlers | null = null;
  attempts = 0;
  done = new Promise<void>(() => undefined);
  constructor(readonly platform: Platform, readonly behaviour: 'ok' | 'throw' | 'hang') {
    this.subscription = { platforms: [platform] };
  }
  async start(handlers: InboundHandlers) { this.handlers = handlers; }
  async stop() {}
  async sendNotification(_target: NotificationTarget, reply: ChatReply, delivery: NotificationDelivery) {
    this.attempts += 1;
    if (this.behaviour === 'throw') throw new Error('discord is down');
    if (this.behaviour === 'hang') return new Promise<void>(() => undefined);
    this.sent.push({ reply, delivery });
  }
}

const to = (platform: Platform, id: string, silent = false) => notification(
  { kind: 'order_filled', fill: fill() }, { id, silent, target: { platform, platformUserId: '7', chatId: '7' } },
);

describe('notifications across platforms', () => {
  let core: FakeCore;
  let bot: RunningBot | undefined;
  beforeEach(async () => { core = await new FakeCore().start(); });
  afterEach(async () => { await bot?.stop(); bot = undefined; await core.stop(); });

  it.each(['throw', 'hang'] as const)('BOT-12: should deliver Telegram notifications while Discord sends %s', async (behaviour) => {
    const discord = new FakePlatform('discord', behaviour);
    const telegram = new FakePlatform('telegram', 'ok');
    bot = await startBot({ coreUrl: core.url, coreToken: FAKE_TOKEN, locale: 'ko', adapters: [discord, telegram], outbox: { backoff: { initialMs: 20, maxMs: 40 } } });
    expect(core.subscribes).toEqual(expect.arrayContaining([{ type: 'subscribe', platforms: ['discord'] }, { type: 'subscribe', platforms: ['telegram'] }]));
    for (let i = 0; i < 5; i++) core.notify(to('discord', `d-${i}`));
    await waitFor(() => discord.attempts > 0);
    core.notify(to('telegram', 't-1', true));
    await waitFor(() => core.delivered.includes('t-1'));
    expect(telegram.sent).toHaveLength(1);
    expect(telegram.sent[0]!.delivery).toEqual({ silent: true });
    expect(core.delivered.filter((id) => id.startsWith('d-'))).toEqual([]);
  });

  it('should answer suggestions from core\'s symbols, and an empty list when core fails', async () => {
    const telegram = new FakePlatform('telegram', 'ok');
    bot = await startBot({ coreUrl: core.url, coreToken: FAKE_TOKEN, locale: 'ko', adapters: [telegram] });
    core.ok('symbols', { matches: [{ code: '005930', nameKo: '삼성전자', nameEn: 'Samsung Electronics', market: 'KOSPI' }] });
    const kim = { platform: 'telegram' as const, platformUserId: '42', chatId: '42', isPrivateChat: true, locale: 'en' as const };
    expect(await telegram.handlers!.suggestSymbols(kim, ' 삼성 ', 99)).toEqual([{ code: '005930', nameKo: '삼성전자', nameEn: 'Samsung Electronics', market: 'KOSPI' }]);
    // Asked as the person typing, so core counts it against their command budget.
    expect(core.callsTo('symbols')[0]?.body).toMatchObject({ identity: kim, input: { query: '삼성', limit: 25 } });
    expect(await telegram.handlers!.suggestSymbols(kim, '   ', 5)).toEqual([]);
    core.fail('symbols', 500, 'INTERNAL', { errorId: 'x' });
    expect(await telegram.handlers!.suggestSymbols(kim, '삼성', 5)).toEqual([]);
    core.ok('symbols', { matches: 'garbage' });
    expect(await telegram.handlers!.suggestSymbols(kim, '삼성', 5)).toEqual([]);
  });
});

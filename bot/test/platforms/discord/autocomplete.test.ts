import type { SymbolInfo } from '@tradedesk/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_APPLICATION_ID, FakeDiscord, autocomplete } from '../../support/fake-discord/index.js';
import { interactionRoutes, recordingHandlers, startDiscordChat, waitForRequests, type DiscordChatUnderTest } from '../../support/fake-discord/discord-harness.js';
import { SAMSUNG, SK_HYNIX } from '../../support/fixtures.js';

const MANY: SymbolInfo[] = Array.from({ length: 30 }, (_, i) => ({ code: `0000${String(i).padStart(2, '0')}`, nameKo: `종목${i}`, nameEn: '', market: 'KOSPI' }));

describe('discord symbol autocomplete', () => {
  let discord: FakeDiscord;
  let adapter: DiscordChatUnderTest | undefined;
  beforeEach(async () => { discord = await new FakeDiscord().start(); });
  afterEach(async () => {
    await adapter?.stop();
    await discord.stop();
  });

  async function ask(locale: string, command: string, options: Parameters<typeof autocomplete>[3]) {
    const interaction = autocomplete(FAKE_APPLICATION_ID, { userId: '555555555555555551', where: 'guild', locale }, command, options);
    discord.gateway.dispatch('INTERACTION_CREATE', interaction.payload);
    const [callback] = await waitForRequests(discord, 'POST', interactionRoutes(interaction).callback);
    return callback?.body as { type: number; data: { choices: Array<{ name: string; value: string }> } };
  }

  it('should suggest symbols as "name code" with the code as value', async () => {
    const handlers = recordingHandlers({ symbols: () => [SAMSUNG, SK_HYNIX] });
    adapter = await startDiscordChat(discord, handlers, { guildId: '910000000000000001' });
    const answer = await ask('ko', 'buy', [{ type: 3, name: 'symbol', value: ' 삼성 ', focused: true }]);
    expect(answer).toEqual({ type: 8, data: { choices: [{ name: '삼성전자 005930', value: '005930' }, { name: 'SK하이닉스 000660', value: '000660' }] } });
    expect(handlers.queries).toEqual(['삼성']);
  });

  it('should use English names for English speakers, and the Korean one when there is none', async () => {
    adapter = await startDiscordChat(discord, recordingHandlers({ symbols: () => [SAMSUNG, { ...SK_HYNIX, nameEn: '' }] }), { guildId: '910000000000000001' });
    const answer = await ask('en-GB', 'alert', [{ type: 1, name: 'add', options: [{ type: 3, name: 'symbol', value: 'sam', focused: true }] }]);
    expect(answer.data.choices.map((c) => c.name)).toEqual(['Samsung Electronics 005930', 'SK하이닉스 000660']);
  });

  it('should answer at most 25 choices', async () => {
    adapter = await startDiscordChat(discord, recordingHandlers({ symbols: () => MANY }), { guildId: '910000000000000001' });
    const answer = await ask('ko', 'price', [{ type: 3, name: 'symbol', value: '종목', focused: true }]);
    expect(answer.data.choices).toHaveLength(25);
  });

  it('should answer no choices when suggestions miss the budget, instead of missing the 3-second deadline', async () => {
    const handlers = recordingHandlers({ symbols: () => new Promise<SymbolInfo[]>(() => {}) });
    // The budget passes at once: an injected sleep stands in for the clock.
    adapter = await startDiscordChat(discord, handlers, { guildId: '910000000000000001', autocompleteBudgetMs: 2_500, sleep: async () => {} });
    const answer = await ask('ko', 'price', [{ type: 3, name: 'symbol', value: '삼', focused: true }]);
    expect(answer).toEqual({ type: 8, data: { choices: [] } });
    expect(handlers.queries).toEqual(['삼']);
  });

  it('should not look up symbols for an option that is not a symbol', async () => {
    const handlers = recordingHandlers({ symbols: () => [SAMSUNG] });
    adapter = await startDiscordChat(discord, handlers, { guildId: '910000000000000001' });
    const answer = await ask('ko', 'cancel', [{ type: 3, name: 'order', value: '1a', focused: true }]);
    expect(answer).toEqual({ type: 8, data: { choices: [] } });
    expect(handlers.queries).toEqual([]);
  });
});

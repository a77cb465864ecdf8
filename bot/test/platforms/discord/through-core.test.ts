import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../../src/bot.js';
import { DiscordChat } from '../../../src/platforms/discord/index.js';
import { FAKE_TOKEN, FakeCore } from '../../support/fake-core.js';
import { FAKE_APPLICATION_ID, FakeDiscord, slashCommand } from '../../support/fake-discord/index.js';
import { discordOptions, interactionRoutes, waitForRequests } from '../../support/fake-discord/discord-harness.js';
import { FAKE_APPLICATION_ID as APP, buttonPress } from '../../support/fake-discord/index.js';
import { ME_OUTPUT, SAMSUNG, order, quote } from '../../support/fixtures.js';

/** The adapter under the real neutral layer, against a core that speaks the contract. */
describe('discord through the neutral layer and core', () => {
  let core: FakeCore;
  let discord: FakeDiscord;
  let bot: RunningBot;
  beforeEach(async () => {
    [core, discord] = await Promise.all([new FakeCore().start(), new FakeDiscord().start()]);
    bot = await startBot({ coreUrl: core.url, coreToken: FAKE_TOKEN, locale: 'ko', adapters: [new DiscordChat(discordOptions(discord, { guildId: '910000000000000001' }))] });
  });
  afterEach(async () => {
    await bot.stop();
    await Promise.all([core.stop(), discord.stop()]);
  });

  it('should refuse a member who is not linked, even in a server where others are (BOT-1, BOT-2)', async () => {
    core.fail('me', 403, 'NOT_LINKED');
    const interaction = slashCommand(FAKE_APPLICATION_ID, { userId: '777777777777777771', where: 'guild', locale: 'en-US' }, 'me');
    discord.gateway.dispatch('INTERACTION_CREATE', interaction.payload);
    const [edit] = await waitForRequests(discord, 'PATCH', interactionRoutes(interaction).original);
    expect(core.callsTo('me')[0]?.body.identity).toEqual({ platform: 'discord', platformUserId: '777777777777777771', chatId: '777777777777777771', isPrivateChat: true, locale: 'en' });
    const embed = (edit?.body as { embeds: Array<{ description: string; color: number }> }).embeds[0];
    expect(embed?.color).toBe(0xed4245);
    expect(embed?.description).toMatch(/link/i);
  });

  it('should answer a linked member from core', async () => {
    core.ok('me', ME_OUTPUT);
    const interaction = slashCommand(FAKE_APPLICATION_ID, { userId: '777777777777777772', where: 'dm' }, 'me');
    discord.gateway.dispatch('INTERACTION_CREATE', interaction.payload);
    const [edit] = await waitForRequests(discord, 'PATCH', interactionRoutes(interaction).original);
    expect(JSON.stringify(edit?.body)).toContain('kim');
  });

  it("should refuse a stranger's press on a draft and place the owner's confirmed order once (BOT-3)", async () => {
    core.ok('me', ME_OUTPUT).ok('price', { symbol: SAMSUNG, quote: quote() });
    core.ok('place_order', { order: order(), queuePosition: 0, estimatedWaitMs: 0 });
    const owner = '777777777777777774';
    const draft = slashCommand(APP, { userId: owner, where: 'guild' }, 'buy', [
      { type: 3, name: 'symbol', value: '005930' }, { type: 4, name: 'qty', value: 10 }, { type: 4, name: 'price', value: 71_000 },
    ]);
    discord.gateway.dispatch('INTERACTION_CREATE', draft.payload);
    const [edit] = await waitForRequests(discord, 'PATCH', interactionRoutes(draft).original);
    const buttons = (edit?.body as { components: Array<{ components: Array<{ custom_id: string; style: number }> }> }).components.flatMap((r) => r.components);
    const confirm = buttons.find((b) => b.style === 4);
    expect(confirm).toBeDefined();

    const stranger = buttonPress(APP, { userId: '777777777777777775', where: 'guild' }, confirm!.custom_id, { ephemeral: false, ownerUserId: owner });
    discord.gateway.dispatch('INTERACTION_CREATE', stranger.payload);
    await waitForRequests(discord, 'PATCH', interactionRoutes(stranger).original);
    expect(discord.rest.find('POST', interactionRoutes(stranger).callback).map((r) => r.body)).toEqual([{ type: 5, data: { flags: 64 } }]);
    expect(core.callsTo('place_order')).toEqual([]);

    const press = buttonPress(APP, { userId: owner, where: 'guild' }, confirm!.custom_id, { ephemeral: true, ownerUserId: owner });
    discord.gateway.dispatch('INTERACTION_CREATE', press.payload);
    const [placed] = await waitForRequests(discord, 'PATCH', interactionRoutes(press).original);
    expect(core.callsTo('place_order')).toHaveLength(1);
    expect(placed?.body).toMatchObject({ components: [] });

    // Pressed again (a double click): refused to the presser alone, the placed message stays.
    const again = buttonPress(APP, { userId: owner, where: 'guild' }, confirm!.custom_id, { ephemeral: true, ownerUserId: owner });
    discord.gateway.dispatch('INTERACTION_CREATE', again.payload);
    const [notice] = await waitForRequests(discord, 'POST', interactionRoutes(again).followUp);
    expect(notice?.body).toMatchObject({ flags: 64 });
    expect(discord.rest.find('PATCH', interactionRoutes(again).original)).toEqual([]);
    expect(core.callsTo('place_order')).toHaveLength(1);
  });

  it('should defer within 3 s when core takes 5 s, then edit in the answer (BOT-7)', async () => {
    core.on('me', async () => {
      await new Promise((r) => setTimeout(r, 5_000));
      return { status: 200, body: ME_OUTPUT };
    });
    const sentAtMs = Date.now();
    const interaction = slashCommand(FAKE_APPLICATION_ID, { userId: '777777777777777773', where: 'guild' }, 'me');
    discord.gateway.dispatch('INTERACTION_CREATE', interaction.payload);
    const routes = interactionRoutes(interaction);
    const [defer] = await waitForRequests(discord, 'POST', routes.callback);
    expect(defer!.atMs - sentAtMs).toBeLessThan(3_000);
    expect(defer?.body).toEqual({ type: 5, data: { flags: 64 } });
    const [edit] = await waitForRequests(discord, 'PATCH', routes.original, 1, 10_000);
    expect(edit!.atMs - sentAtMs).toBeGreaterThanOrEqual(5_000);
    expect(JSON.stringify(edit?.body)).toContain('kim');
  }, 20_000);
});

describe('discord adapter lifecycle', () => {
  it('should disconnect from the gateway and resolve done on stop', async () => {
    const discord = await new FakeDiscord().start();
    const chat = new DiscordChat(discordOptions(discord, { guildId: '910000000000000001' }));
    const handlers = { handleText: async () => null, handleCommand: async () => ({ text: '' }), handleAction: async () => ({ text: '' }), suggestSymbols: async () => [] };
    await chat.start(handlers);
    expect(discord.gateway.connected).toBe(1);
    let done = false;
    void chat.done.then(() => { done = true; });
    await chat.stop();
    await chat.stop();
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(true);
    expect(discord.gateway.connected).toBe(0);
    await discord.stop();
  });
});

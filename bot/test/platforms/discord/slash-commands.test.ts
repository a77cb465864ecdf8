import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAKE_APPLICATION_ID, FAKE_DISCORD_TOKEN, FakeDiscord, slashCommand, type InteractionSender,
} from '../../support/fake-discord/index.js';
import {
  interactionRoutes, recordingHandlers, startDiscordChat, waitForRequests, type DiscordChatUnderTest, type RecordingHandlers,
} from '../../support/fake-discord/discord-harness.js';

const EPHEMERAL = 64;

describe('discord slash commands', () => {
  let discord: FakeDiscord;
  let adapter: DiscordChatUnderTest;
  let handlers: RecordingHandlers;

  beforeAll(async () => {
    discord = await new FakeDiscord().start();
    handlers = recordingHandlers({
      command: (c) => ({
        title: `${c.name} title`, text: 'body <@123> @everyone', tone: 'success',
        fields: [{ name: 'qty', value: '10' }],
        actions: c.name === 'buy' ? [
          { id: 'a:ok', label: 'Confirm', style: 'confirm' }, { id: 'a:no', label: 'Cancel', style: 'cancel' },
          { id: 'a:buy', label: '매수', style: 'buy' }, { id: 'a:sell', label: '매도', style: 'sell' },
          { id: 'a:c1', label: 'one', style: 'choice' }, { id: 'a:c2', label: 'two', style: 'choice' },
        ] : undefined,
      }),
    });
    adapter = await startDiscordChat(discord, handlers, { guildId: '910000000000000001' });
  });
  afterAll(async () => {
    await adapter.stop();
    await discord.stop();
  });

  async function run(sender: InteractionSender, name: string, options: Parameters<typeof slashCommand>[3] = []) {
    const interaction = slashCommand(FAKE_APPLICATION_ID, sender, name, options);
    discord.gateway.dispatch('INTERACTION_CREATE', interaction.payload);
    const routes = interactionRoutes(interaction);
    const [edit] = await waitForRequests(discord, 'PATCH', routes.original);
    const [callback] = discord.rest.find('POST', routes.callback);
    const command = handlers.commands.find((c) => c.idempotencyKey === `dc:${interaction.id}`);
    return { interaction, callback: callback!, edit: edit!, command: command! };
  }

  it('should identify with the Guilds intent only and the bot token', () => {
    expect(discord.gateway.identifies).toEqual([{ token: FAKE_DISCORD_TOKEN, intents: 1 }]);
    expect(discord.gateway.connectionQueries[0]?.get('encoding')).toBe('json');
  });

  it('should defer a private command ephemerally in a server and mark the identity private', async () => {
    const { callback, command } = await run({ userId: '111111111111111111', where: 'guild', locale: 'ko' }, 'balance');
    expect(callback.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(command.identity).toEqual({ platform: 'discord', platformUserId: '111111111111111111', chatId: '111111111111111111', isPrivateChat: true, locale: 'ko' });
  });

  it('should answer price and help in the open in a server, with a shared-chat identity', async () => {
    for (const name of ['price', 'help']) {
      const { callback, command } = await run({ userId: '111111111111111112', where: 'guild', locale: 'en-US' }, name,
        name === 'price' ? [{ type: 3, name: 'symbol', value: '005930' }] : []);
      expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
      expect(command.identity.isPrivateChat).toBe(false);
      expect(command.identity.locale).toBe('en');
    }
  });

  it('should not need ephemeral replies in the bot DM, which is private', async () => {
    const { callback, command } = await run({ userId: '111111111111111113', where: 'dm', locale: 'en-GB' }, 'orders');
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(command.identity).toMatchObject({ isPrivateChat: true, locale: 'en', chatId: '111111111111111113' });
  });

  it('should leave the locale unset for a language we do not speak', async () => {
    const { command } = await run({ userId: '111111111111111114', where: 'dm', locale: 'ja' }, 'me');
    expect(command.identity.locale).toBeUndefined();
  });

  it('should key the command by the interaction id', async () => {
    const { interaction, command } = await run({ userId: '111111111111111115', where: 'guild' }, 'positions');
    expect(command.idempotencyKey).toBe(`dc:${interaction.id}`);
  });

  it('should edit the deferred reply with an embed, button rows in Korean colours, and no mentions', async () => {
    const { edit } = await run({ userId: '111111111111111116', where: 'guild' }, 'buy', [
      { type: 3, name: 'symbol', value: '005930' }, { type: 4, name: 'qty', value: 10 },
    ]);
    const body = edit.body as { embeds: unknown[]; components: Array<{ components: Array<{ custom_id: string; style: number }> }>; allowed_mentions: unknown };
    expect(body.embeds).toEqual([{ title: 'buy title', description: 'body <@123> @everyone', color: 0x57f287, fields: [{ name: 'qty', value: '10' }] }]);
    expect(body.components.map((row) => row.components.map((b) => [b.custom_id, b.style]))).toEqual([
      [['a:ok', 3], ['a:no', 2], ['a:buy', 4], ['a:sell', 1], ['a:c1', 2]],
      [['a:c2', 2]],
    ]);
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('should handle an interaction delivered twice only once', async () => {
    const interaction = slashCommand(FAKE_APPLICATION_ID, { userId: '111111111111111117', where: 'guild' }, 'me');
    discord.gateway.dispatch('INTERACTION_CREATE', interaction.payload);
    discord.gateway.dispatch('INTERACTION_CREATE', interaction.payload);
    const routes = interactionRoutes(interaction);
    await waitForRequests(discord, 'PATCH', routes.original);
    // A later interaction is handled, so the repeat had its chance to run before it.
    await run({ userId: '111111111111111117', where: 'guild' }, 'me');
    expect(discord.rest.find('POST', routes.callback)).toHaveLength(1);
    expect(handlers.commands.filter((c) => c.idempotencyKey === `dc:${interaction.id}`)).toHaveLength(1);
  });

  it('should defer before the answer is ready', async () => {
    const { callback, edit } = await run({ userId: '111111111111111118', where: 'guild' }, 'orders');
    expect(discord.rest.requests.indexOf(callback)).toBeLessThan(discord.rest.requests.indexOf(edit));
  });
});

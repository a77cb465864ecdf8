import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_APPLICATION_ID, FakeDiscord, buttonPress } from '../../support/fake-discord/index.js';
import { interactionRoutes, recordingHandlers, startDiscordChat, waitForRequests, type DiscordChatUnderTest, type RecordingHandlers } from '../../support/fake-discord/discord-harness.js';

const OWNER = '333333333333333331';
const STRANGER = '333333333333333332';

describe('discord buttons', () => {
  let discord: FakeDiscord;
  let adapter: DiscordChatUnderTest;
  let handlers: RecordingHandlers;
  beforeAll(async () => {
    discord = await new FakeDiscord().start();
    handlers = recordingHandlers({
      action: (p) => p.actionId === 'draft:more'
        ? { text: 'pick one', actions: [{ id: 'draft:x', label: 'X', style: 'choice' }] }
        : p.identity.platformUserId === OWNER ? { title: 'placed', text: 'order placed', tone: 'success' } : { text: 'not yours', tone: 'error' },
    });
    adapter = await startDiscordChat(discord, handlers, { guildId: '910000000000000001' });
  });
  afterAll(async () => {
    await adapter.stop();
    await discord.stop();
  });

  it('should acknowledge the owner press silently, hand in the action, and replace the message without buttons', async () => {
    const press = buttonPress(FAKE_APPLICATION_ID, { userId: OWNER, where: 'guild', locale: 'ko' }, 'draft:ok', { ephemeral: true, ownerUserId: OWNER });
    discord.gateway.dispatch('INTERACTION_CREATE', press.payload);
    const routes = interactionRoutes(press);
    const [edit] = await waitForRequests(discord, 'PATCH', routes.original);
    expect(discord.rest.find('POST', routes.callback).map((r) => r.body)).toEqual([{ type: 6 }]);
    expect(handlers.actions.find((a) => a.idempotencyKey === `dc:${press.id}`)).toEqual({
      identity: { platform: 'discord', platformUserId: OWNER, chatId: OWNER, isPrivateChat: true, locale: 'ko' },
      idempotencyKey: `dc:${press.id}`,
      actionId: 'draft:ok',
    });
    expect(edit?.body).toMatchObject({ embeds: [{ title: 'placed', description: 'order placed' }], components: [], allowed_mentions: { parse: [] } });
  });

  it('should keep buttons when the answer brings new ones', async () => {
    const press = buttonPress(FAKE_APPLICATION_ID, { userId: OWNER, where: 'dm' }, 'draft:more', { ephemeral: false, ownerUserId: OWNER });
    discord.gateway.dispatch('INTERACTION_CREATE', press.payload);
    const [edit] = await waitForRequests(discord, 'PATCH', interactionRoutes(press).original);
    expect(edit?.body).toMatchObject({ components: [{ type: 1, components: [{ type: 2, custom_id: 'draft:x', style: 2, label: 'X' }] }] });
  });

  it("should answer another person's press to them alone, with their identity, leaving the owner's message alone (BOT-3)", async () => {
    const press = buttonPress(FAKE_APPLICATION_ID, { userId: STRANGER, where: 'guild' }, 'draft:ok', { ephemeral: false, ownerUserId: OWNER });
    discord.gateway.dispatch('INTERACTION_CREATE', press.payload);
    const routes = interactionRoutes(press);
    const [edit] = await waitForRequests(discord, 'PATCH', routes.original);
    // A deferred *reply* (type 5): @original is then the stranger's own ephemeral message, not the owner's.
    expect(discord.rest.find('POST', routes.callback).map((r) => r.body)).toEqual([{ type: 5, data: { flags: 64 } }]);
    expect(handlers.actions.find((a) => a.idempotencyKey === `dc:${press.id}`)?.identity.platformUserId).toBe(STRANGER);
    expect(edit?.body).toMatchObject({ embeds: [{ description: 'not yours' }] });
  });
});

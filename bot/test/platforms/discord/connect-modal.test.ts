import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBotLogger } from '../../../src/logger.js';
import { FAKE_APPLICATION_ID, FakeDiscord, modalSubmit, slashCommand } from '../../support/fake-discord/index.js';
import { interactionRoutes, recordingHandlers, startDiscordChat, waitForRequests, type DiscordChatUnderTest, type RecordingHandlers } from '../../support/fake-discord/discord-harness.js';

const APP_KEY = 'PSabcdefghijklmnopqrstuvwxyz012345';
const APP_SECRET = 'SECRETzyxwvutsrqponmlkjihgfedcba9876543210';
const ACCOUNT = '50123456-01';

describe('discord connect form', () => {
  let discord: FakeDiscord;
  let adapter: DiscordChatUnderTest;
  let handlers: RecordingHandlers;
  let logs = '';
  beforeEach(async () => {
    discord = await new FakeDiscord().start();
    // The neutral layer's answer must not echo secrets; this one mentions only the broker.
    handlers = recordingHandlers({ command: (c) => ({ title: 'connected', text: `broker ${c.args[0]}`, tone: 'success' }) });
    logs = '';
    const destination = new Writable({ write(chunk, _enc, done) { logs += String(chunk); done(); } });
    adapter = await startDiscordChat(discord, handlers, { guildId: '910000000000000001', logger: createBotLogger({ level: 'trace', destination }) });
  });
  afterEach(async () => {
    await adapter.stop();
    await discord.stop();
  });

  it('should answer /connect with the form as the first response, in the person\'s language', async () => {
    const command = slashCommand(FAKE_APPLICATION_ID, { userId: '444444444444444441', where: 'guild', locale: 'en-US' }, 'connect');
    discord.gateway.dispatch('INTERACTION_CREATE', command.payload);
    const [callback] = await waitForRequests(discord, 'POST', interactionRoutes(command).callback);
    const body = callback?.body as { type: number; data: { custom_id: string; title: string; components: Array<{ type: number; label: string; component: { type: number; custom_id: string; options?: Array<{ value: string }>; value?: string } }> } };
    expect(body.type).toBe(9);
    expect(body.data.custom_id).toBe('modal:connect');
    expect(body.data.title).toBe('Connect a brokerage account');
    expect(body.data.components.map((c) => [c.type, c.component.type, c.component.custom_id])).toEqual([
      [18, 3, 'broker'], [18, 3, 'environment'], [18, 4, 'app_key'], [18, 4, 'app_secret'], [18, 4, 'account'],
    ]);
    expect(body.data.components[0]?.component.options?.map((o) => o.value)).toEqual(['kis', 'kiwoom']);
    expect(body.data.components.every((c) => c.component.value === undefined)).toBe(true);
    expect(handlers.commands).toEqual([]);
  });

  it('should hand the submitted form to the neutral layer as connect, answer privately, and never send or log a secret', async () => {
    const submit = modalSubmit(FAKE_APPLICATION_ID, { userId: '444444444444444442', where: 'guild' }, 'modal:connect', [
      { customId: 'broker', selected: ['kis'] }, { customId: 'environment', selected: ['mock'] },
      { customId: 'app_key', text: APP_KEY }, { customId: 'app_secret', text: ` ${APP_SECRET} ` }, { customId: 'account', text: ACCOUNT },
    ]);
    discord.gateway.dispatch('INTERACTION_CREATE', submit.payload);
    const routes = interactionRoutes(submit);
    const [edit] = await waitForRequests(discord, 'PATCH', routes.original);
    expect(discord.rest.find('POST', routes.callback).map((r) => r.body)).toEqual([{ type: 5, data: { flags: 64 } }]);
    expect(handlers.commands).toEqual([{
      identity: { platform: 'discord', platformUserId: '444444444444444442', chatId: '444444444444444442', isPrivateChat: true, locale: 'ko' },
      idempotencyKey: `dc:${submit.id}`,
      name: 'connect',
      args: ['kis', 'mock', APP_KEY, APP_SECRET, ACCOUNT],
    }]);
    expect(edit?.body).toMatchObject({ embeds: [{ title: 'connected', description: 'broker kis' }] });
    for (const request of discord.rest.requests) {
      for (const secret of [APP_KEY, APP_SECRET, ACCOUNT]) expect(request.rawBody).not.toContain(secret);
    }
    for (const secret of [APP_KEY, APP_SECRET, ACCOUNT]) expect(logs).not.toContain(secret);
  });
});

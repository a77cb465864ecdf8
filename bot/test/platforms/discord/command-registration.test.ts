import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_SHAPES } from '../../../src/commands/catalog.js';
import { DESCRIPTION_CHARS_MAX } from '../../../src/i18n/index.js';
import { commandsJson } from '../../../src/platforms/discord/command-registration.js';
import { FAKE_APPLICATION_ID, FAKE_DISCORD_TOKEN, FakeDiscord } from '../../support/fake-discord/index.js';
import { recordingHandlers, startDiscordChat } from '../../support/fake-discord/discord-harness.js';

interface JsonOption { type: number; name: string; required?: boolean; autocomplete?: boolean; min_value?: number; choices?: Array<{ name: string; value: string }>; options?: JsonOption[]; description: string; description_localizations: Record<string, string> }
interface JsonCommand { name: string; description: string; description_localizations: Record<string, string>; name_localizations: Record<string, string>; options: JsonOption[]; default_member_permissions: string | null; contexts?: number[] }

const GUILD_ID = '910000000000000001';

describe('discord command registration', () => {
  let discord: FakeDiscord;
  beforeEach(async () => { discord = await new FakeDiscord().start(); });
  afterEach(async () => { await discord.stop(); });

  it('should bulk-overwrite the guild commands before connecting to the gateway, when a guild is set', async () => {
    const adapter = await startDiscordChat(discord, recordingHandlers(), { guildId: GUILD_ID });
    await adapter.stop();
    const [put, ...others] = discord.rest.find('PUT', /commands$/);
    expect(others).toEqual([]);
    expect(put?.path).toBe(`/v10/applications/${FAKE_APPLICATION_ID}/guilds/${GUILD_ID}/commands`);
    expect(put?.authorization).toBe(`Bot ${FAKE_DISCORD_TOKEN}`);
    expect(discord.rest.requests.indexOf(put!)).toBeLessThan(discord.rest.requests.findIndex((r) => r.path === '/v10/gateway/bot'));
    const body = put?.body as JsonCommand[];
    expect(body.map((c) => c.name)).toEqual(COMMAND_SHAPES.map((s) => s.name));
    // Guild commands cannot carry the DM contexts.
    expect(body.every((c) => c.contexts === undefined)).toBe(true);
  });

  it('should register global commands usable in servers and DMs when no guild is set', async () => {
    const adapter = await startDiscordChat(discord, recordingHandlers());
    await adapter.stop();
    const [put] = discord.rest.find('PUT', /commands$/);
    expect(put?.path).toBe(`/v10/applications/${FAKE_APPLICATION_ID}/commands`);
    expect((put?.body as JsonCommand[]).every((c) => JSON.stringify(c.contexts) === '[0,1,2]')).toBe(true);
  });

  it('should not connect to the gateway when registration is refused', async () => {
    discord.rest.answerNext('PUT', /commands$/, { status: 403, body: { message: 'Missing Access', code: 50001 } });
    await expect(startDiscordChat(discord, recordingHandlers(), { guildId: GUILD_ID })).rejects.toThrow(/Missing Access/);
    expect(discord.gateway.identifies).toEqual([]);
  });
});

describe('discord command JSON', () => {
  const body = commandsJson({ applicationId: FAKE_APPLICATION_ID, guildId: undefined }) as unknown as JsonCommand[];
  const byName = new Map(body.map((c) => [c.name, c]));

  it('should hide operator commands from non-admins and leave the others to everyone (BOT-8)', () => {
    expect(byName.get('admin')?.default_member_permissions).toBe('0');
    const operatorOnly = COMMAND_SHAPES.filter((s) => s.operatorOnly).map((s) => s.name);
    expect(body.filter((c) => c.default_member_permissions === '0').map((c) => c.name)).toEqual(operatorOnly);
    expect(byName.get('buy')?.default_member_permissions).toBeNull();
  });

  it('should describe every command and option in Korean by default with ko/en-US/en-GB localizations within 100 characters', () => {
    const described = [...body, ...body.flatMap((c) => c.options), ...body.flatMap((c) => c.options.flatMap((o) => o.options ?? []))];
    for (const item of described) {
      expect(Object.keys(item.description_localizations).sort()).toEqual(['en-GB', 'en-US', 'ko']);
      expect(item.description).toBe(item.description_localizations.ko);
      for (const text of [item.description, ...Object.values(item.description_localizations)]) {
        expect(text.length).toBeGreaterThan(0);
        expect(text.length).toBeLessThanOrEqual(DESCRIPTION_CHARS_MAX);
      }
    }
    expect(byName.get('help')?.name_localizations).toEqual({ ko: 'help', 'en-US': 'help', 'en-GB': 'help' });
    expect(byName.get('buy')?.description).toMatch(/[가-힣]/);
    expect(byName.get('buy')?.description_localizations['en-US']).toMatch(/buy/i);
  });

  it('should type the options: symbol with autocomplete, integer at least 1, choices listed', () => {
    expect(byName.get('buy')?.options).toMatchObject([
      { type: 3, name: 'symbol', required: true, autocomplete: true },
      { type: 4, name: 'qty', required: true, min_value: 1 },
      { type: 4, name: 'price', required: false, min_value: 1 },
    ]);
    expect(byName.get('lang')?.options).toMatchObject([{ type: 3, name: 'language', choices: [{ name: 'ko', value: 'ko' }, { name: 'en', value: 'en' }] }]);
    expect(byName.get('cancel')?.options).toMatchObject([{ type: 3, name: 'order', required: true }]);
    expect(byName.get('cancel')?.options[0]?.autocomplete).toBeUndefined();
  });

  it('should register subcommands as SUB_COMMAND options with their own options', () => {
    const alert = byName.get('alert');
    expect(alert?.options.map((o) => [o.type, o.name])).toEqual([[1, 'add'], [1, 'list'], [1, 'remove']]);
    expect(alert?.options[0]?.options).toMatchObject([
      { type: 3, name: 'symbol', autocomplete: true }, { type: 3, name: 'direction', choices: [{ value: 'above' }, { value: 'below' }] },
      { type: 3, name: 'level', required: true }, { type: 3, name: 'repeat', required: false },
    ]);
  });

  it('should register a command with secrets without options, so secrets are only typed in the form', () => {
    expect(byName.get('connect')?.options).toEqual([]);
  });
});

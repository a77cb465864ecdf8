import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_SHAPES } from '../../../src/commands/catalog.js';
import { FAKE_APPLICATION_ID, FakeDiscord, slashCommand, type ApiOption } from '../../support/fake-discord/index.js';
import { interactionRoutes, recordingHandlers, startDiscordChat, waitForRequests, type DiscordChatUnderTest, type RecordingHandlers } from '../../support/fake-discord/discord-harness.js';

const STRING = 3;
const INTEGER = 4;
const SUB = 1;
const s = (name: string, value: string): ApiOption => ({ type: STRING, name, value });
const n = (name: string, value: number): ApiOption => ({ type: INTEGER, name, value });
const sub = (name: string, options: ApiOption[] = []): ApiOption => ({ type: SUB, name, options });

/**
 * Options as Discord sends them (in the order the person filled them, not the declared order) and
 * the tokens the neutral layer must get.
 */
const CASES: Array<[command: string, options: ApiOption[], tokens: string[]]> = [
  ['help', [], []],
  ['link', [s('code', 'ABCD-1234')], ['ABCD-1234']],
  ['unlink', [], []],
  ['me', [], []],
  ['lang', [s('language', 'en')], ['en']],
  ['price', [s('symbol', '005930')], ['005930']],
  ['buy', [n('qty', 10), s('symbol', '005930'), n('price', 71_000)], ['005930', '10', '71000']],
  ['buy', [s('symbol', '삼성전자'), n('qty', 3)], ['삼성전자', '3']],
  ['sell', [s('symbol', '000660'), n('qty', 1), n('price', 200_000)], ['000660', '1', '200000']],
  ['orders', [], []],
  ['cancel', [s('order', '1a2b3c4d')], ['1a2b3c4d']],
  ['positions', [], []],
  ['balance', [], []],
  ['queue', [], []],
  ['alert', [sub('add', [s('direction', 'above'), s('symbol', '005930'), s('level', '80000')])], ['add', '005930', 'above', '80000']],
  ['alert', [sub('add', [s('repeat', '10m'), s('direction', 'below'), s('symbol', '005930'), s('level', '-5%')])], ['add', '005930', 'below', '-5%', '10m']],
  ['alert', [sub('list')], ['list']],
  ['alert', [sub('remove', [s('id', 'al-1')])], ['remove', 'al-1']],
  ['strategy', [sub('list')], ['list']],
  ['strategy', [sub('add', [s('size', '5'), s('symbol', '005930'), s('type', 'rsi')])], ['add', 'rsi', '005930', '5']],
  ['strategy', [sub('add', [s('params', '5 20'), s('size', '500000원'), s('symbol', '005930'), s('type', 'ma_cross')])], ['add', 'ma_cross', '005930', '500000원', '5 20']],
  ['strategy', [sub('enable', [s('id', 'st-1')])], ['enable', 'st-1']],
  ['strategy', [sub('disable', [s('id', 'st-1')])], ['disable', 'st-1']],
  ['strategy', [sub('remove', [s('id', 'st-1')])], ['remove', 'st-1']],
  ['report', [], []],
  ['chart', [s('range', '5d'), s('symbol', '005930')], ['005930', '5d']],
  ['chart', [s('symbol', '005930')], ['005930']],
  ['notify', [], []],
  ['notify', [s('kind', 'fill')], ['fill']],
  ['notify', [s('mode', 'silent'), s('kind', 'quiet')], ['quiet', 'silent']],
  // A missing optional option ends the tokens, so a later one cannot slide into its place.
  ['notify', [s('mode', 'silent')], []],
  ['admin', [sub('halt')], ['halt']],
  ['admin', [sub('resume')], ['resume']],
  ['admin', [sub('users')], ['users']],
  ['admin', [sub('tier', [s('tier', 'premium'), s('user', 'kim')])], ['tier', 'kim', 'premium']],
  ['admin', [sub('invite', [s('user', 'lee'), s('tier', 'basic')])], ['invite', 'lee', 'basic']],
];

describe('discord slash options to tokens', () => {
  let discord: FakeDiscord;
  let adapter: DiscordChatUnderTest;
  let handlers: RecordingHandlers;
  beforeAll(async () => {
    discord = await new FakeDiscord().start();
    handlers = recordingHandlers();
    adapter = await startDiscordChat(discord, handlers, { guildId: '910000000000000001' });
  });
  afterAll(async () => {
    await adapter.stop();
    await discord.stop();
  });

  it('should cover every command shape except the one asked in a form', () => {
    const covered = new Set(CASES.map(([name]) => name));
    expect(COMMAND_SHAPES.filter((shape) => !covered.has(shape.name)).map((shape) => shape.name)).toEqual(['connect']);
  });

  it.each(CASES)('should turn /%s %j into the tokens %j', async (name, options, tokens) => {
    const interaction = slashCommand(FAKE_APPLICATION_ID, { userId: '222222222222222222', where: 'guild' }, name, options);
    discord.gateway.dispatch('INTERACTION_CREATE', interaction.payload);
    await waitForRequests(discord, 'PATCH', interactionRoutes(interaction).original);
    const command = handlers.commands.find((c) => c.idempotencyKey === `dc:${interaction.id}`);
    expect(command).toMatchObject({ name, args: tokens });
  });
});

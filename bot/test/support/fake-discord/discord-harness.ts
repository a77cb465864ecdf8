import type { SymbolInfo } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import type { ChatCommand } from '../../../src/commands/context.js';
import type { ChatReply } from '../../../src/commands/reply.js';
import { DiscordChat, type DiscordChatOptions } from '../../../src/platforms/discord/index.js';
import type { ChatActionPress, InboundHandlers } from '../../../src/platforms/platform-adapter.js';
import { waitFor } from '../wait-for.js';
import { FAKE_APPLICATION_ID, FAKE_DISCORD_TOKEN, type FakeDiscord } from './index.js';

/** Handlers that record what the adapter handed in and answer from the test's functions. */
export interface RecordingHandlers extends InboundHandlers {
  commands: ChatCommand[];
  actions: ChatActionPress[];
  queries: string[];
}

export function recordingHandlers(answers: {
  command?: (c: ChatCommand) => ChatReply | Promise<ChatReply>;
  action?: (p: ChatActionPress) => ChatReply | Promise<ChatReply>;
  symbols?: (query: string) => SymbolInfo[] | Promise<SymbolInfo[]>;
} = {}): RecordingHandlers {
  const commands: ChatCommand[] = [];
  const actions: ChatActionPress[] = [];
  const queries: string[] = [];
  return {
    commands, actions, queries,
    handleText: async () => null,
    handleCommand: async (c) => { commands.push(c); return (await answers.command?.(c)) ?? { text: `ok ${c.name}` }; },
    handleAction: async (p) => { actions.push(p); return (await answers.action?.(p)) ?? { text: `done ${p.actionId}` }; },
    suggestSymbols: async (_identity, query) => { queries.push(query); return (await answers.symbols?.(query)) ?? []; },
  };
}

export interface DiscordChatUnderTest {
  chat: DiscordChat;
  stop(): Promise<void>;
}

/** The adapter's options pointing at the fake Discord; `guildId` absent means global commands. */
export function discordOptions(discord: FakeDiscord, overrides: Partial<DiscordChatOptions> & { guildId?: string | undefined; logger?: Logger } = {}): DiscordChatOptions {
  const { guildId, ...rest } = overrides;
  return {
    config: { token: FAKE_DISCORD_TOKEN, applicationId: FAKE_APPLICATION_ID, guildId, apiRoot: discord.rest.apiRoot },
    // Fail fast in tests rather than after @discordjs/rest's 15 s default.
    rest: { timeout: 5_000, retries: 1 },
    ...rest,
  };
}

/** Starts a DiscordChat against the fake Discord with the given handlers. */
export async function startDiscordChat(discord: FakeDiscord, handlers: InboundHandlers, overrides: Parameters<typeof discordOptions>[1] = {}): Promise<DiscordChatUnderTest> {
  const chat = new DiscordChat(discordOptions(discord, overrides));
  await chat.start(handlers);
  return { chat, stop: () => chat.stop() };
}

/** Waits until the fake REST API got a request matching, and returns the matches. */
export async function waitForRequests(discord: FakeDiscord, method: string, path: RegExp, count = 1, timeoutMs = 3_000) {
  await waitFor(() => discord.rest.find(method, path).length >= count, timeoutMs);
  return discord.rest.find(method, path);
}

/** The routes of one interaction, by its id and token. */
export function interactionRoutes(interaction: { id: string; token: string }) {
  const token = interaction.token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    callback: new RegExp(`^/v10/interactions/${interaction.id}/${token}/callback$`),
    original: new RegExp(`^/v10/webhooks/${FAKE_APPLICATION_ID}/${token}/messages/@original$`),
    followUp: new RegExp(`^/v10/webhooks/${FAKE_APPLICATION_ID}/${token}$`),
  };
}

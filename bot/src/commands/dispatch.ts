import type { ChatIdentity, Locale } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import type { CoreClient } from '../core-client.js';
import { t } from '../i18n/index.js';
import { balanceCommand } from './balance.js';
import { cancelCommand } from './cancel.js';
import type { ChatCommand, CommandContext } from './context.js';
import type { CommandDefinition } from './define.js';
import { helpCommand } from './help.js';
import { linkCommand } from './link.js';
import { meCommand } from './me.js';
import { ordersCommand } from './orders.js';
import { parseChatLine } from './parse.js';
import { buyCommand, sellCommand } from './place-order.js';
import { positionsCommand } from './positions.js';
import { priceCommand } from './price.js';
import { errorReply, type ChatReply } from './reply.js';
import { replyForError } from './render.js';

/** Every chat command, in the order /help lists them. */
export const COMMANDS: readonly CommandDefinition[] = [
  helpCommand, linkCommand, meCommand, priceCommand, buyCommand, sellCommand,
  ordersCommand, cancelCommand, positionsCommand, balanceCommand,
];

const BY_NAME = new Map<string, CommandDefinition>(
  COMMANDS.flatMap((c) => [c.name, ...c.aliases].map((n) => [n, c] as const)),
);

/** The command a name or alias refers to. */
export function findCommand(name: string): CommandDefinition | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** What the neutral layer needs from its host: core, a logger, and the locale when the chat gives none. */
export interface CommandDeps {
  core: CoreClient;
  logger: Logger;
  defaultLocale: Locale;
}

/**
 * Runs one command and answers it. Never throws: argument problems, core's errors, core being
 * down and bugs all become a localized reply (a bug with an error id that is logged).
 */
export async function dispatchCommand(deps: CommandDeps, command: ChatCommand): Promise<ChatReply> {
  const locale = command.identity.locale ?? deps.defaultLocale;
  const definition = findCommand(command.name);
  if (!definition) return errorReply(t(locale, 'unknownCommand', { name: command.name }));
  const ctx: CommandContext = {
    core: deps.core, identity: command.identity, locale, idempotencyKey: command.idempotencyKey, logger: deps.logger,
  };
  try {
    return await definition.run(ctx, command.args);
  } catch (err) {
    return replyForError(locale, err, { write: definition.write, logger: deps.logger });
  }
}

/** A text message from a chat: what text-based adapters (console, Telegram) hand in. */
export interface ChatTextMessage {
  identity: ChatIdentity;
  idempotencyKey: string;
  text: string;
}

/** Parses and runs a text message; null for an empty line (nothing to answer). */
export async function handleChatText(deps: CommandDeps, message: ChatTextMessage): Promise<ChatReply | null> {
  const parsed = parseChatLine(message.text);
  if (!parsed) return null;
  return dispatchCommand(deps, { identity: message.identity, idempotencyKey: message.idempotencyKey, ...parsed });
}

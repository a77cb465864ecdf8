import type { ChatIdentity, Locale } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import type { CoreClient } from '../core-client.js';
import { t } from '../i18n/index.js';
import type { ActionStore } from './action-store.js';
import { adminCommand } from './admin.js';
import { alertCommand } from './alert.js';
import { balanceCommand } from './balance.js';
import { chartCommand } from './chart.js';
import { cancelCommand } from './cancel.js';
import { connectCommand } from './connect.js';
import type { ChatCommand, CommandContext } from './context.js';
import type { CommandDefinition } from './define.js';
import { helpCommand } from './help.js';
import { langCommand } from './lang.js';
import { linkCommand } from './link.js';
import { meCommand } from './me.js';
import { notifyCommand } from './notify.js';
import { ordersCommand } from './orders.js';
import { parseChatLine } from './parse.js';
import { buyCommand, sellCommand } from './place-order.js';
import { positionsCommand } from './positions.js';
import { priceCommand } from './price.js';
import { queueCommand } from './queue.js';
import { replyForError } from './render.js';
import { errorReply, type ChatReply } from './reply.js';
import { reportCommand } from './report.js';
import { strategyCommand } from './strategy.js';
import { unlinkCommand } from './unlink.js';

/** Every chat command (the order /help uses is COMMAND_NAMES'). */
export const COMMANDS: readonly CommandDefinition[] = [
  helpCommand, linkCommand, unlinkCommand, meCommand, langCommand, connectCommand, priceCommand, buyCommand, sellCommand,
  ordersCommand, cancelCommand, positionsCommand, balanceCommand, queueCommand, alertCommand, strategyCommand,
  reportCommand, chartCommand, notifyCommand, adminCommand,
];

const BY_NAME = new Map<string, CommandDefinition>(
  COMMANDS.flatMap((c) => [c.name, ...c.aliases].map((n) => [n, c] as const)),
);

/** The command a name or alias refers to. */
export function findCommand(name: string): CommandDefinition | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** What the neutral layer needs from its host: core, a logger, the locale when the chat gives none, and the button store. */
export interface CommandDeps {
  core: CoreClient;
  logger: Logger;
  defaultLocale: Locale;
  actions: ActionStore;
}

/** The context a handler runs in, for one person's message or button press. */
export function commandContext(deps: CommandDeps, identity: ChatIdentity, idempotencyKey: string): CommandContext {
  return {
    core: deps.core, identity, idempotencyKey, logger: deps.logger, actions: deps.actions,
    // Read when a reply is rendered, after core answered: core reports the language the user chose
    // with `lang`, which wins over the chat client's language and the default.
    get locale() { return deps.core.savedLocaleOf(identity) ?? identity.locale ?? deps.defaultLocale; },
  };
}

/**
 * Runs one command and answers it. Never throws: argument problems, core's errors, core being
 * down and bugs all become a localized reply (a bug with an error id that is logged). Arguments are
 * never logged (they may hold link codes or broker credentials).
 */
export async function dispatchCommand(deps: CommandDeps, command: ChatCommand): Promise<ChatReply> {
  const ctx = commandContext(deps, command.identity, command.idempotencyKey);
  const definition = findCommand(command.name);
  if (!definition) return errorReply(t(ctx.locale, 'unknownCommand', { name: command.name }));
  try {
    return await definition.run(ctx, command.args);
  } catch (err) {
    return replyForError(ctx.locale, err, { write: definition.writes(command.args), logger: deps.logger });
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

import { commandShape } from '../../commands/catalog.js';
import { findCommand } from '../../commands/dispatch.js';
import { COMMAND_NAMES, type CommandName } from '../../commands/names.js';

/** What to do with one text message, decided before the neutral layer sees it. */
export type TextRoute =
  /** Group chatter, or a command addressed to another bot. */
  | { kind: 'ignore' }
  /** `connect` outside a private chat: delete the message (it may hold keys) and say so. */
  | { kind: 'connect-outside-private' }
  /** An account command in a group: not run; point to the private chat. */
  | { kind: 'private-only'; command: CommandName }
  /** `/connect` alone in a private chat: ask for the credentials in the next message. */
  | { kind: 'ask-credentials' }
  /**
   * Hand `text` to the neutral layer. `secret`: delete the person's message first. `command` is
   * undefined for a name the catalog does not know (the neutral layer answers it).
   */
  | { kind: 'run'; text: string; command: CommandName | undefined; secret: boolean };

export interface TextContext {
  isPrivateChat: boolean;
  /** The bot's username, to tell `/buy@ThisBot` from `/buy@OtherBot` in groups. */
  botUsername: string;
  /** The person owes the credentials for a `/connect` they typed alone. */
  awaitingCredentials: boolean;
}

const FIRST_TOKEN = /^\s*(\/)?([^\s@]+)(?:@(\S+))?/;

/** The catalog name for a typed name or alias (`start` is help). */
export function canonicalCommand(typed: string): CommandName | undefined {
  const name = typed.toLowerCase();
  if ((COMMAND_NAMES as readonly string[]).includes(name)) return name as CommandName;
  const alias = findCommand(name)?.name;
  return alias;
}

/**
 * Routes a text message. In a private chat every message is a command (the slash is optional, as in
 * the console); in a group only `/commands` for this bot are. Account commands (catalog `private`)
 * run only in a private chat (CHAT-PLATFORMS.md C3); `/connect` holds secrets, so outside a private
 * chat it is deleted. While credentials are awaited, a message without a slash is taken as them.
 */
export function routeText(text: string, context: TextContext): TextRoute {
  const match = FIRST_TOKEN.exec(text);
  if (!match) return { kind: 'ignore' };
  const [, slash, typedName = '', addressee] = match;
  const otherBot = addressee !== undefined && addressee.toLowerCase() !== context.botUsername.toLowerCase();
  const command = canonicalCommand(typedName);
  const startsWithCommand = slash !== undefined && !otherBot;

  if (context.isPrivateChat && context.awaitingCredentials && slash === undefined) {
    return { kind: 'run', text: `/connect ${text.trim()}`, command: 'connect', secret: true };
  }
  if (!context.isPrivateChat) {
    if (!startsWithCommand) return { kind: 'ignore' };
    if (command === 'connect') return { kind: 'connect-outside-private' };
    if (command && commandShape(command).private) return { kind: 'private-only', command };
    return { kind: 'run', text, command, secret: false };
  }
  if (command === 'connect' && text.trim().split(/\s+/).length === 1) return { kind: 'ask-credentials' };
  return { kind: 'run', text, command, secret: command !== undefined && commandShape(command).secret };
}

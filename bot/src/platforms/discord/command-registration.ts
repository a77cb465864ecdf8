import type { Locale } from '@tradedesk/contracts';
import {
  ApplicationCommandOptionType, ApplicationCommandType, InteractionContextType, Routes,
  type APIApplicationCommandBasicOption, type APIApplicationCommandOption, type REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { COMMAND_SHAPES, type CommandOption, type CommandShape } from '../../commands/catalog.js';
import { DESCRIPTION_CHARS_MAX, describeCommand, describeOption, describeSubcommand } from '../../i18n/index.js';
import type { LocalizedText } from './texts.js';

/** Where the commands are registered: one server (instant, for development) or everywhere. */
export interface RegistrationScope {
  applicationId: string;
  guildId: string | undefined;
}

function clip(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= DESCRIPTION_CHARS_MAX ? trimmed : `${trimmed.slice(0, DESCRIPTION_CHARS_MAX - 1)}…`;
}

/** Korean is the default description; English speakers get theirs from the localizations. */
function described(text: LocalizedText) {
  const en = clip(text.en);
  return { description: clip(text.ko), description_localizations: { ko: clip(text.ko), 'en-US': en, 'en-GB': en } };
}

/** The same English name for every locale (CHAT-PLATFORMS.md C7: one name per command). */
function named(name: string) {
  return { name, name_localizations: { ko: name, 'en-US': name, 'en-GB': name } };
}

/** A description in both languages from the shared dictionary; the name itself if it has none (Discord refuses empty ones). */
function bothLocales(describe: (locale: Locale) => string, name: string): LocalizedText {
  return { ko: describe('ko') || name, en: describe('en') || name };
}

function optionJson(option: CommandOption): APIApplicationCommandBasicOption {
  const base = { ...named(option.name), ...described(bothLocales((l) => describeOption(l, option.name), option.name)), required: option.required };
  switch (option.kind) {
    case 'symbol':
      return { ...base, type: ApplicationCommandOptionType.String, autocomplete: true };
    case 'integer':
      return { ...base, type: ApplicationCommandOptionType.Integer, min_value: 1 };
    case 'choice':
      return { ...base, type: ApplicationCommandOptionType.String, choices: (option.choices ?? []).map((c) => ({ name: c, value: c })) };
    case 'string':
      return { ...base, type: ApplicationCommandOptionType.String };
  }
}

function optionsJson(shape: CommandShape): APIApplicationCommandOption[] {
  // Secrets are asked in a modal, so they never travel as (logged, visible) slash-command options.
  if (shape.secret) return [];
  if (shape.subcommands) {
    return shape.subcommands.map((sub) => ({
      ...named(sub.name),
      ...described(bothLocales((l) => describeSubcommand(l, shape.name, sub.name), sub.name)),
      type: ApplicationCommandOptionType.Subcommand,
      options: sub.options.map(optionJson),
    }));
  }
  return shape.options.map(optionJson);
}

/**
 * One shape as a chat-input command. Operator commands get `default_member_permissions: "0"`
 * (hidden from everyone but server admins, RELIABILITY BOT-8); core still refuses non-operators.
 */
export function commandJson(shape: CommandShape, scope: RegistrationScope): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    type: ApplicationCommandType.ChatInput,
    ...named(shape.name),
    ...described(bothLocales((l) => describeCommand(l, shape.name), shape.name)),
    options: optionsJson(shape),
    default_member_permissions: shape.operatorOnly ? '0' : null,
    // Guild commands cannot run in DMs, and Discord refuses `contexts` that say otherwise.
    ...(scope.guildId ? {} : { contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel] }),
  };
}

/** The whole command list, the body of the bulk overwrite. */
export function commandsJson(scope: RegistrationScope, shapes: readonly CommandShape[] = COMMAND_SHAPES): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return shapes.map((shape) => commandJson(shape, scope));
}

/**
 * Replaces the application's commands with ours (bulk overwrite: idempotent; commands not in the
 * list are deleted; only new ones count against the 200-creates-a-day quota).
 */
export async function registerCommands(rest: REST, scope: RegistrationScope): Promise<void> {
  const route = scope.guildId
    ? Routes.applicationGuildCommands(scope.applicationId, scope.guildId)
    : Routes.applicationCommands(scope.applicationId);
  await rest.put(route, { body: commandsJson(scope) });
}

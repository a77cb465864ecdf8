import type { Locale } from '@tradedesk/contracts';
import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { COMMAND_SHAPES } from '../../commands/catalog.js';
import type { CommandName } from '../../commands/names.js';
import { describeCommand } from '../../i18n/index.js';

const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
const DESCRIPTION_CHARS_MAX = 256;

/** A command's one-line description in a locale. */
export function describeForMenu(locale: Locale, name: CommandName): string {
  const description = describeCommand(locale, name).trim();
  return description.length > DESCRIPTION_CHARS_MAX ? `${description.slice(0, DESCRIPTION_CHARS_MAX - 1)}…` : description;
}

/**
 * The command menu in a locale: every catalog command but the operators' (core refuses them to
 * others anyway; the menu is cosmetic, B5). Names are checked against Telegram's `a-z0-9_` rule.
 */
export function commandMenu(locale: Locale): BotCommand[] {
  return COMMAND_SHAPES.filter((shape) => !shape.operatorOnly).map((shape) => {
    if (!COMMAND_NAME.test(shape.name)) throw new Error(`command name not allowed by Telegram: ${shape.name}`);
    return { command: shape.name, description: describeForMenu(locale, shape.name) };
  });
}

/**
 * Registers the menu for Korean and English clients, and Korean as the fallback for every other
 * language (the product's default locale).
 */
export async function registerCommandMenu(api: Api): Promise<void> {
  await api.setMyCommands(commandMenu('ko'), { language_code: 'ko' });
  await api.setMyCommands(commandMenu('en'), { language_code: 'en' });
  await api.setMyCommands(commandMenu('ko'));
}

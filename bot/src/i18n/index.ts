import { localeSchema, orderStateSchema, type ErrorCode, type ErrorParams, type Locale } from '@tradedesk/contracts';
import type { CommandName } from '../commands/names.js';
import type { Dictionary, ErrorParamReader, Messages } from './dictionary.js';
import { en } from './en.js';
import { formatKrw, formatNumber } from './format.js';
import { ko } from './ko.js';

export type { ArgProblem, ArgProblemParams, Dictionary, ErrorParamReader, Label, Messages } from './dictionary.js';
export { ARG_PROBLEMS, LABELS } from './dictionary.js';
export { formatKrw, formatKstDateTime, formatNumber, formatPct, formatQty, formatSignedKrw } from './format.js';

const DICTIONARIES: Record<Locale, Dictionary> = { ko, en };

/** The texts of one locale. */
export function dict(locale: Locale): Dictionary {
  return DICTIONARIES[locale];
}

/**
 * One localized sentence. The params are typed per key.
 * @example t('ko', 'unknownCommand', { name: 'foo' })
 */
export function t<K extends keyof Messages>(locale: Locale, key: K, ...params: Parameters<Messages[K]>): string {
  const message = DICTIONARIES[locale].messages[key] as (...args: Parameters<Messages[K]>) => string;
  return message(...params);
}

/**
 * The locale to use: the first valid one of the candidates (e.g. `--lang`, then DEFAULT_LOCALE),
 * else Korean.
 */
export function resolveLocale(...candidates: Array<string | null | undefined>): Locale {
  for (const candidate of candidates) {
    const parsed = localeSchema.safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  return 'ko';
}

function paramReader(locale: Locale, params: ErrorParams): ErrorParamReader {
  const value = (key: string) => params[key];
  return {
    has: (key) => value(key) !== undefined && value(key) !== null,
    krw: (key) => {
      const v = value(key);
      return typeof v === 'number' ? formatKrw(locale, v) : '?';
    },
    num: (key) => {
      const v = value(key);
      return typeof v === 'number' ? formatNumber(v) : '?';
    },
    str: (key) => {
      const v = value(key);
      return v === undefined || v === null ? '?' : String(v);
    },
    state: (key) => {
      const parsed = orderStateSchema.safeParse(value(key));
      return parsed.success ? DICTIONARIES[locale].orderState[parsed.data] : String(value(key) ?? '?');
    },
  };
}

/** The user-facing text for an error code from core, filled in from its params. */
export function errorText(locale: Locale, code: ErrorCode, params: ErrorParams = {}): string {
  return DICTIONARIES[locale].errors[code](paramReader(locale, params));
}

/** Discord's limit on command, subcommand and option descriptions; every description here fits it. */
export const DESCRIPTION_CHARS_MAX = 100;

/** A command's one-line description, for platform menus (Discord slash commands, Telegram setMyCommands). */
export function describeCommand(locale: Locale, name: CommandName): string {
  return DICTIONARIES[locale].commands[name].description;
}

/** A subcommand's description (`/alert add`); empty when the catalog and the dictionary disagree (a test prevents that). */
export function describeSubcommand(locale: Locale, command: CommandName, sub: string): string {
  return DICTIONARIES[locale].subcommands[command]?.[sub] ?? '';
}

/** An option's description by its catalog name (`symbol`, `qty`, ...); empty for an unknown name (a test prevents that). */
export function describeOption(locale: Locale, optionName: string): string {
  return Object.hasOwn(DICTIONARIES[locale].options, optionName) ? DICTIONARIES[locale].options[optionName]! : '';
}

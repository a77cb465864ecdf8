import type { CommandName } from './names.js';

/**
 * What each command looks like from outside, for the platforms that register commands up front
 * (Discord slash commands with typed options, Telegram's command menu). The neutral layer still
 * parses and validates every token itself: a platform's option types are a convenience for the
 * person typing, never a check we rely on.
 */
export type OptionKind = 'symbol' | 'integer' | 'string' | 'choice';

export interface CommandOption {
  /** Lower-case ASCII, also the key for its localized description (`dict(locale).options[name]`). */
  name: string;
  kind: OptionKind;
  required: boolean;
  /** For `choice`: the allowed tokens, shown as they are. */
  choices?: readonly string[];
}

export interface Subcommand {
  name: string;
  options: readonly CommandOption[];
}

export interface CommandShape {
  name: CommandName;
  /**
   * Options in token order. A platform turns the person's input back into tokens in this order:
   * subcommand name first (if any), then each option's value; a missing optional one ends the list.
   */
  options: readonly CommandOption[];
  /** When set, the first token is one of these and `options` is empty. */
  subcommands?: readonly Subcommand[];
  /** Shows or changes account data: Discord answers ephemerally in servers, Telegram only in a private chat. */
  private: boolean;
  /** Operators only: Discord registers it with `default_member_permissions: "0"`; core refuses anyone else anyway. */
  operatorOnly: boolean;
  /** Its arguments hold secrets: Discord asks in a modal, Telegram deletes the message that held them. */
  secret: boolean;
}

const symbol = (required = true): CommandOption => ({ name: 'symbol', kind: 'symbol', required });
const qty: CommandOption = { name: 'qty', kind: 'integer', required: true };
const price = (required: boolean): CommandOption => ({ name: 'price', kind: 'integer', required });
const order: CommandOption = { name: 'order', kind: 'string', required: true };

function shape(name: CommandName, options: readonly CommandOption[], flags: Partial<Pick<CommandShape, 'private' | 'operatorOnly' | 'secret' | 'subcommands'>> = {}): CommandShape {
  return { name, options, private: flags.private ?? false, operatorOnly: flags.operatorOnly ?? false, secret: flags.secret ?? false, ...(flags.subcommands ? { subcommands: flags.subcommands } : {}) };
}

/** Every command's shape, in the order `/help` and the platforms' menus list them. */
export const COMMAND_SHAPES: readonly CommandShape[] = [
  shape('help', []),
  shape('link', [{ name: 'code', kind: 'string', required: true }], { private: true }),
  shape('unlink', [], { private: true }),
  shape('me', [], { private: true }),
  shape('lang', [{ name: 'language', kind: 'choice', required: true, choices: ['ko', 'en'] }], { private: true }),
  shape('connect', [
    { name: 'broker', kind: 'choice', required: true, choices: ['kis', 'kiwoom'] },
    { name: 'environment', kind: 'choice', required: true, choices: ['real', 'mock'] },
    { name: 'app_key', kind: 'string', required: true },
    { name: 'app_secret', kind: 'string', required: true },
    { name: 'account', kind: 'string', required: true },
  ], { private: true, secret: true }),
  shape('price', [symbol()]),
  shape('buy', [symbol(), qty, price(false)], { private: true }),
  shape('sell', [symbol(), qty, price(false)], { private: true }),
  shape('orders', [], { private: true }),
  shape('cancel', [order], { private: true }),
  shape('positions', [], { private: true }),
  shape('balance', [], { private: true }),
  shape('queue', [], { private: true }),
  shape('alert', [], {
    private: true,
    subcommands: [
      // `level` is a price or a percent (`+3%`); `repeat` a cooldown (`10m`); typed text may also say `repeat 10m`.
      { name: 'add', options: [symbol(), { name: 'direction', kind: 'choice', required: true, choices: ['above', 'below'] }, { name: 'level', kind: 'string', required: true }, { name: 'repeat', kind: 'string', required: false }] },
      { name: 'list', options: [] },
      { name: 'remove', options: [{ name: 'id', kind: 'string', required: true }] },
    ],
  }),
  shape('strategy', [], {
    private: true,
    subcommands: [
      { name: 'list', options: [] },
      {
        name: 'add',
        options: [
          { name: 'type', kind: 'choice', required: true, choices: ['band', 'ma_cross', 'rsi', 'trailing_stop', 'dca'] }, symbol(),
          // Shares or a KRW amount (`500000원`), so a string; the settings differ per type (see the strategy command).
          { name: 'size', kind: 'string', required: true }, { name: 'params', kind: 'string', required: false },
        ],
      },
      { name: 'enable', options: [{ name: 'id', kind: 'string', required: true }] },
      { name: 'disable', options: [{ name: 'id', kind: 'string', required: true }] },
      { name: 'remove', options: [{ name: 'id', kind: 'string', required: true }] },
    ],
  }),
  shape('report', [], { private: true }),
  shape('chart', [symbol(), { name: 'range', kind: 'choice', required: false, choices: ['1d', '5d', '1m'] }]),
  shape('notify', [
    { name: 'kind', kind: 'choice', required: false, choices: ['order', 'fill', 'rejection', 'alert', 'strategy', 'pre_open', 'close', 'quiet'] },
    { name: 'mode', kind: 'string', required: false },
  ], { private: true }),
  shape('admin', [], {
    private: true,
    operatorOnly: true,
    subcommands: [
      { name: 'halt', options: [] },
      { name: 'resume', options: [] },
      { name: 'users', options: [] },
      { name: 'tier', options: [{ name: 'user', kind: 'string', required: true }, { name: 'tier', kind: 'choice', required: true, choices: ['free', 'basic', 'premium'] }] },
      { name: 'invite', options: [{ name: 'user', kind: 'string', required: true }, { name: 'tier', kind: 'choice', required: true, choices: ['free', 'basic', 'premium'] }] },
    ],
  }),
];

const BY_NAME = new Map(COMMAND_SHAPES.map((s) => [s.name, s] as const));

/** The shape of a command by its canonical name. */
export function commandShape(name: CommandName): CommandShape {
  const found = BY_NAME.get(name);
  if (!found) throw new Error(`no shape for command ${name}`);
  return found;
}

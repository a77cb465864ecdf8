import type { CommandShape } from '../../commands/catalog.js';

/** The part of discord.js's option resolver we read (its `ChatInputCommandInteraction.options`). */
export interface SlashOptions {
  getSubcommand(required: false): string | null;
  get(name: string): { value?: string | number | boolean | null } | null;
}

/**
 * A slash command's options turned back into the tokens the neutral layer parses, in the shape's
 * order: the subcommand name first, then each option's value; a missing optional option ends the list.
 * Values are passed as typed (the neutral layer validates every token again).
 * @example commandTokens(shape('buy'), options) // ['005930', '10', '71000']
 */
export function commandTokens(shape: CommandShape | undefined, options: SlashOptions): string[] {
  if (!shape) return [];
  const tokens: string[] = [];
  let declared = shape.options;
  if (shape.subcommands) {
    const name = options.getSubcommand(false);
    if (name === null) return [];
    tokens.push(name);
    declared = shape.subcommands.find((s) => s.name === name)?.options ?? [];
  }
  for (const option of declared) {
    const value = options.get(option.name)?.value;
    if (value === undefined || value === null) break;
    tokens.push(String(value).trim());
  }
  return tokens;
}

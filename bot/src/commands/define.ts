import type { z } from 'zod';
import { dict, t } from '../i18n/index.js';
import { firstArgProblem } from './args.js';
import type { CommandContext } from './context.js';
import type { CommandName } from './names.js';
import { errorReply, type ChatReply } from './reply.js';

/** How a command (or one subcommand) reads its arguments and what it does with them. */
export interface ArgsSpec<A> {
  /** Positional argument names in token order: the option names of the command's shape in catalog.ts. */
  params: readonly string[];
  /** How many of `params` must be present. */
  required: number;
  /** Join every token from the last param on (a link code typed with spaces). */
  joinRest?: boolean;
  /** Ignore tokens beyond `params` instead of answering with the usage. */
  ignoreExtra?: boolean;
  schema: z.ZodType<A>;
  /** Whether it changes something (a timeout then leaves the outcome unknown). */
  write?: boolean;
  handle(ctx: CommandContext, args: A): Promise<ChatReply>;
}

export interface CommandSpec<A> extends ArgsSpec<A> {
  name: CommandName;
  aliases?: readonly string[];
}

/** A registered command: its names and a runner that validates tokens before calling the handler. */
export interface CommandDefinition {
  name: CommandName;
  aliases: readonly string[];
  /** The positional params (empty for a command with subcommands). */
  params: readonly string[];
  /** Each subcommand's positional params, when the command has subcommands. */
  subcommands?: Readonly<Record<string, readonly string[]>>;
  /** Whether these tokens ask for a change (for the "outcome unknown" answer after a timeout). */
  writes(tokens: readonly string[]): boolean;
  /** Returns the usage or an argument problem without calling core when the tokens are not valid. */
  run(ctx: CommandContext, tokens: readonly string[]): Promise<ChatReply>;
}

/** The command's usage as an error answer. */
export function usageReply(ctx: CommandContext, name: CommandName): ChatReply {
  return errorReply(t(ctx.locale, 'usage', { usage: dict(ctx.locale).commands[name].usage }));
}

function tokensToObject(spec: ArgsSpec<unknown>, tokens: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  spec.params.forEach((param, i) => {
    const isLast = i === spec.params.length - 1;
    const value = isLast && spec.joinRest ? tokens.slice(i).join(' ') : tokens[i];
    if (value !== undefined && value !== '') values[param] = value;
  });
  return values;
}

async function runArgs<A>(ctx: CommandContext, name: CommandName, spec: ArgsSpec<A>, tokens: readonly string[]): Promise<ChatReply> {
  const tooMany = !spec.joinRest && !spec.ignoreExtra && tokens.length > spec.params.length;
  if (tokens.length < spec.required || tooMany) return usageReply(ctx, name);
  const parsed = spec.schema.safeParse(tokensToObject(spec as ArgsSpec<unknown>, tokens));
  if (!parsed.success) {
    const found = firstArgProblem(parsed.error);
    if (!found) return usageReply(ctx, name);
    return errorReply(dict(ctx.locale).argProblems[found.key]({ value: found.value, max: found.max }));
  }
  return spec.handle(ctx, parsed.data);
}

/** Builds a {@link CommandDefinition} from a spec; arity and argument schemas are checked here, once. */
export function defineCommand<A>(spec: CommandSpec<A>): CommandDefinition {
  return {
    name: spec.name,
    aliases: spec.aliases ?? [],
    params: spec.params,
    writes: () => spec.write ?? false,
    run: (ctx, tokens) => runArgs(ctx, spec.name, spec, tokens),
  };
}

/** Keeps a subcommand's argument type while listing it among others of different types. */
export function subcommand<A>(spec: ArgsSpec<A>): ArgsSpec<unknown> {
  return spec as ArgsSpec<unknown>;
}

/**
 * A command whose first token names a subcommand (`/alert add ...`, `/admin halt`): the rest of the
 * tokens are read by that subcommand's spec. A missing or unknown subcommand answers with the usage.
 */
export function defineCommandGroup(spec: { name: CommandName; subcommands: Readonly<Record<string, ArgsSpec<unknown>>> }): CommandDefinition {
  const find = (token: string | undefined) => (token !== undefined && Object.hasOwn(spec.subcommands, token.toLowerCase())
    ? spec.subcommands[token.toLowerCase()]
    : undefined);
  return {
    name: spec.name,
    aliases: [],
    params: [],
    subcommands: Object.fromEntries(Object.entries(spec.subcommands).map(([name, sub]) => [name, sub.params])),
    writes: (tokens) => find(tokens[0])?.write ?? false,
    async run(ctx, tokens) {
      const sub = find(tokens[0]);
      if (!sub) return usageReply(ctx, spec.name);
      return runArgs(ctx, spec.name, sub, tokens.slice(1));
    },
  };
}

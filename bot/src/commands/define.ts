import type { z } from 'zod';
import { dict, t } from '../i18n/index.js';
import { firstArgProblem } from './args.js';
import type { CommandContext } from './context.js';
import type { CommandName } from './names.js';
import { errorReply, type ChatReply } from './reply.js';

/** How one command reads its arguments and what it does with them. */
export interface CommandSpec<A> {
  name: CommandName;
  aliases?: readonly string[];
  /** Positional argument names, in order; the schema sees them as an object with these keys. */
  params: readonly string[];
  /** How many of `params` must be present. */
  required: number;
  /** Join every token from the last param on (a link code typed with spaces). */
  joinRest?: boolean;
  /** Ignore tokens beyond `params` instead of answering with the usage. */
  ignoreExtra?: boolean;
  schema: z.ZodType<A>;
  /** Whether the command changes something (a timeout then leaves the outcome unknown). */
  write?: boolean;
  handle(ctx: CommandContext, args: A): Promise<ChatReply>;
}

/** A registered command: its names and a runner that validates tokens before calling the handler. */
export interface CommandDefinition {
  name: CommandName;
  aliases: readonly string[];
  write: boolean;
  /** Returns the usage or an argument problem without calling core when the tokens are not valid. */
  run(ctx: CommandContext, tokens: readonly string[]): Promise<ChatReply>;
}

function usageReply(ctx: CommandContext, name: CommandName): ChatReply {
  return errorReply(t(ctx.locale, 'usage', { usage: dict(ctx.locale).commands[name].usage }));
}

function tokensToObject(spec: CommandSpec<unknown>, tokens: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  spec.params.forEach((param, i) => {
    const isLast = i === spec.params.length - 1;
    const value = isLast && spec.joinRest ? tokens.slice(i).join(' ') : tokens[i];
    if (value !== undefined && value !== '') values[param] = value;
  });
  return values;
}

/** Builds a {@link CommandDefinition} from a spec; arity and argument schemas are checked here, once. */
export function defineCommand<A>(spec: CommandSpec<A>): CommandDefinition {
  return {
    name: spec.name,
    aliases: spec.aliases ?? [],
    write: spec.write ?? false,
    async run(ctx, tokens) {
      const tooMany = !spec.joinRest && !spec.ignoreExtra && tokens.length > spec.params.length;
      if (tokens.length < spec.required || tooMany) return usageReply(ctx, spec.name);
      const parsed = spec.schema.safeParse(tokensToObject(spec as CommandSpec<unknown>, tokens));
      if (!parsed.success) {
        const found = firstArgProblem(parsed.error);
        if (!found) return usageReply(ctx, spec.name);
        return errorReply(dict(ctx.locale).argProblems[found.key]({ value: found.value, max: found.max }));
      }
      return spec.handle(ctx, parsed.data);
    },
  };
}

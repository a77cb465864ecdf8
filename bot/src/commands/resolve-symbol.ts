import type { SymbolInfo } from '@tradedesk/contracts';
import { errorText, t } from '../i18n/index.js';
import type { SymbolArg } from './args.js';
import type { CommandContext } from './context.js';
import { errorReply, type ChatReply } from './reply.js';

/** How many candidates an ambiguous name lists. */
export const SYMBOL_CANDIDATES_MAX = 10;
/** How many of them also get a button. */
export const SYMBOL_CHOICES_MAX = 5;
const CHOICE_NAME_CHARS_MAX = 60;

export type SymbolResolution = { ok: true; code: string } | { ok: false; reply: ChatReply };

/** Goes on with the command that asked, now with a code (what a candidate's button does). */
export type ContinueWithCode = (ctx: CommandContext, code: string) => Promise<ChatReply>;

function displayName(ctx: CommandContext, m: SymbolInfo): string {
  return ctx.locale === 'en' && m.nameEn ? m.nameEn : m.nameKo;
}

/**
 * A code is used as typed. A name is looked up with core's `symbols`: one match, or one match whose
 * name is exactly what was typed (so `삼성전자` is not ambiguous with `삼성전자우`), is used; several
 * are listed with their codes (up to {@link SYMBOL_CANDIDATES_MAX}), and with `continueWith` the
 * first {@link SYMBOL_CHOICES_MAX} also get buttons that go on with that code; none is SYMBOL_UNKNOWN.
 */
export async function resolveSymbol(ctx: CommandContext, arg: SymbolArg, continueWith?: ContinueWithCode): Promise<SymbolResolution> {
  if ('code' in arg) return { ok: true, code: arg.code };
  const { matches } = await ctx.core.command('symbols', {
    identity: ctx.identity,
    input: { query: arg.query, limit: SYMBOL_CANDIDATES_MAX + 1 },
  });
  if (matches.length === 0) {
    return { ok: false, reply: errorReply(errorText(ctx.locale, 'SYMBOL_UNKNOWN', { query: arg.query })) };
  }
  const wanted = arg.query.toLowerCase();
  const exact = matches.filter((m) => m.nameKo.toLowerCase() === wanted || m.nameEn.toLowerCase() === wanted);
  if (matches.length === 1) return { ok: true, code: matches[0]!.code };
  if (exact.length === 1) return { ok: true, code: exact[0]!.code };
  const shown = matches.slice(0, SYMBOL_CANDIDATES_MAX);
  const lines = shown.map((m) => `${m.code} ${displayName(ctx, m)} (${m.market})`);
  const intro = t(ctx.locale, 'symbolAmbiguous', { query: arg.query, shown: shown.length, more: matches.length > shown.length });
  const reply = errorReply([intro, ...lines].join('\n'));
  if (!continueWith) return { ok: false, reply };
  const actions = ctx.actions.register(ctx.identity, shown.slice(0, SYMBOL_CHOICES_MAX).map((m) => ({
    label: `${displayName(ctx, m).slice(0, CHOICE_NAME_CHARS_MAX)} (${m.code})`,
    style: 'choice' as const,
    run: (pressCtx: CommandContext) => continueWith(pressCtx, m.code),
  })));
  return { ok: false, reply: { ...reply, tone: 'info', actions } };
}

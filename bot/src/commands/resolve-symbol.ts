import { errorText, t } from '../i18n/index.js';
import type { SymbolArg } from './args.js';
import type { CommandContext } from './context.js';
import { errorReply, type ChatReply } from './reply.js';

/** How many candidates an ambiguous name lists. */
export const SYMBOL_CANDIDATES_MAX = 10;

export type SymbolResolution = { ok: true; code: string } | { ok: false; reply: ChatReply };

/**
 * A code is used as typed. A name is looked up with core's `symbols`: one match, or one match whose
 * name is exactly what was typed (so `삼성전자` is not ambiguous with `삼성전자우`), is used; several
 * are listed with their codes (up to {@link SYMBOL_CANDIDATES_MAX}); none is SYMBOL_UNKNOWN.
 */
export async function resolveSymbol(ctx: CommandContext, arg: SymbolArg): Promise<SymbolResolution> {
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
  const lines = shown.map((m) => `${m.code} ${ctx.locale === 'en' && m.nameEn ? m.nameEn : m.nameKo} (${m.market})`);
  const intro = t(ctx.locale, 'symbolAmbiguous', { query: arg.query, shown: shown.length, more: matches.length > shown.length });
  return { ok: false, reply: errorReply([intro, ...lines].join('\n')) };
}

import type { ChatIdentity, SymbolInfo } from '@tradedesk/contracts';
import type { Clock } from './clock.js';
import type { CommandDeps } from './dispatch.js';

/** Autocomplete must answer quickly (Discord gives 3 s for the whole round trip). */
export const SUGGEST_TIMEOUT_MS = 2_000;
const SUGGESTIONS_MAX = 25;

/**
 * Symbols matching partial input, for autocomplete: at most `limit` (1-25), nothing for blank input.
 * Never throws and never waits longer than {@link SUGGEST_TIMEOUT_MS}: any failure or a slow core is
 * an empty list, since a suggestion is a convenience and the command itself checks the symbol.
 */
export async function suggestSymbols(
  deps: Pick<CommandDeps, 'core' | 'logger'>, clock: Pick<Clock, 'sleep'>, identity: ChatIdentity, query: string, limit: number,
): Promise<SymbolInfo[]> {
  const text = query.trim().slice(0, 64);
  const bounded = Math.min(SUGGESTIONS_MAX, Math.max(1, Math.floor(Number.isFinite(limit) ? limit : 1)));
  if (text.length === 0) return [];
  const abort = new AbortController();
  const lookup = deps.core.command('symbols', { identity, input: { query: text, limit: bounded } })
    .then((out) => out.matches.slice(0, bounded))
    .catch((err: unknown) => {
      deps.logger.debug({ err: { name: err instanceof Error ? err.name : typeof err } }, 'symbol suggestions failed');
      return [];
    });
  const timeout = clock.sleep(SUGGEST_TIMEOUT_MS, abort.signal).then(() => [] as SymbolInfo[]);
  try {
    return await Promise.race([lookup, timeout]);
  } finally {
    abort.abort();
  }
}

import type { SymbolInfo } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';
import { AppError } from '../errors.js';

/** A code or a name, resolved to exactly one listed symbol; several matches name the candidates. */
export function resolveSymbol(deps: Pick<CoreDeps, 'symbols'>, query: string): SymbolInfo {
  const matches = deps.symbols.search(query, 10);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new AppError('SYMBOL_UNKNOWN', { query });
  throw new AppError('SYMBOL_AMBIGUOUS', {
    query,
    candidates: matches.map((m) => `${m.nameKo} (${m.code})`).join(', '),
  });
}

import type { CoreCommandInput, CoreCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';

/** Name lookup for the bots (Korean, English, partial); an exact name returns only itself. */
export function searchSymbols(deps: CoreDeps, input: CoreCommandInput<'symbols'>): CoreCommandOutput<'symbols'> {
  return { matches: deps.symbols.search(input.query, input.limit ?? 10) };
}

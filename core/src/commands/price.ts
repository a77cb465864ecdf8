import type { CoreCommandInput, CoreCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';
import { getQuote } from '../market/get-quote.js';
import { resolveSymbol } from './resolve-symbol.js';

/** Today's quote for a code or a name. */
export async function price(deps: CoreDeps, input: CoreCommandInput<'price'>): Promise<CoreCommandOutput<'price'>> {
  const symbol = resolveSymbol(deps, input.query);
  return { symbol, quote: await getQuote(deps, symbol.code) };
}

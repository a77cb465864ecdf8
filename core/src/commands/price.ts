import type { CoreCommandInput, CoreCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';
import { getQuote } from '../market/get-quote.js';
import { resolveSymbol } from './resolve-symbol.js';

/** How long a look-up keeps its symbol streamed, so repeated look-ups come from the shared feed. */
export const PRICE_WATCH_MS = 5 * 60_000;

/**
 * Today's quote for a code or a name. A symbol the bridge streams is answered from the shared
 * feed's cache; otherwise the bridge is asked. Either way the symbol is watched for PRICE_WATCH_MS
 * (owner `price:<code>`, a transient demand that alerts and strategies displace at the cap).
 */
export async function price(deps: Pick<CoreDeps, 'symbols' | 'subscriptions' | 'quotes' | 'clock' | 'broker'>, input: CoreCommandInput<'price'>): Promise<CoreCommandOutput<'price'>> {
  const symbol = resolveSymbol(deps, input.query);
  const code = symbol.code;
  // Not awaited: the answer does not wait for the subscription's round trip to the bridge.
  void deps.subscriptions.acquire(`price:${code}`, code, { transient: true, holdMs: PRICE_WATCH_MS });
  const live = deps.subscriptions.streamed().has(code) ? deps.quotes.getSameDay(code, deps.clock.now()) : null;
  return { symbol, quote: live ?? await getQuote(deps, code) };
}

import type { CoreDeps } from '../deps.js';
import { getQuote } from '../market/get-quote.js';

/** Today's last price of a symbol, or null when none can be had; each symbol asked once per lookup. */
export type PriceLookup = (symbol: string) => Promise<number | null>;

/** A lookup memoised for one run, so a summary for many users asks the bridge once per symbol. */
export function memoPriceLookup(deps: Pick<CoreDeps, 'broker' | 'quotes' | 'clock'>): PriceLookup {
  const asked = new Map<string, Promise<number | null>>();
  return (symbol) => {
    let price = asked.get(symbol);
    if (!price) {
      price = getQuote(deps, symbol).then((q) => q.lastKrw, () => null);
      asked.set(symbol, price);
    }
    return price;
  };
}

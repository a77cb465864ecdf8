import type { Quote } from '@tradedesk/contracts';
import { BridgeRequestError, isBrokerUnavailable } from '../bridge/bridge-errors.js';
import type { CoreDeps } from '../deps.js';
import { AppError } from '../errors.js';

/**
 * Today's quote for a symbol: asked of the bridge when it is connected, else (or when the bridge
 * gives no usable answer) the same-day cached one, so orders can still be queued while the broker
 * link is down or misbehaving.
 */
export async function getQuote(deps: Pick<CoreDeps, 'broker' | 'quotes' | 'clock'>, symbol: string): Promise<Quote> {
  if (deps.broker.isReady) {
    try {
      const quote = await deps.broker.request('get_quote', { symbol });
      deps.quotes.put(quote);
      return quote;
    } catch (error) {
      if (error instanceof BridgeRequestError && error.error.code === 'NOT_FOUND') {
        throw new AppError('QUOTE_UNAVAILABLE', { symbol });
      }
      if (!isBrokerUnavailable(error)) throw error;
    }
  }
  const cached = deps.quotes.getSameDay(symbol, deps.clock.now());
  if (cached) return cached;
  throw new AppError('BROKER_UNAVAILABLE');
}

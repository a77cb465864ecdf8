import type { Quote } from '@tradedesk/contracts';

/** One finished 1-minute bar (KST minute), built from quotes by the bar builder. Prices in KRW, volume in shares. */
export interface MinuteBar {
  symbol: string;
  /** Start of the minute, epoch ms. */
  startMs: number;
  openKrw: number;
  highKrw: number;
  lowKrw: number;
  closeKrw: number;
  volumeShares: number;
}

type Listener<T> = (value: T) => void;

/**
 * The one real-time feed everyone shares, inside core: every quote the bridge pushes, and every
 * 1-minute bar built from them, fanned out to in-process consumers (quote cache, bar builder, alert
 * and strategy evaluation). Synchronous and allocation-free per event, so the cost per tick is the
 * consumers' own; a consumer that throws is isolated and reported, never stops the others.
 */
export class MarketFeed {
  readonly #quoteListeners = new Set<Listener<Quote>>();
  readonly #barListeners = new Set<Listener<MinuteBar>>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = () => {}) {
    this.#onListenerError = onListenerError;
  }

  /** Called for every quote, in arrival order; returns the unsubscribe function. */
  onQuote(listener: Listener<Quote>): () => void {
    this.#quoteListeners.add(listener);
    return () => this.#quoteListeners.delete(listener);
  }

  /** Called for every finished 1-minute bar; returns the unsubscribe function. */
  onBar(listener: Listener<MinuteBar>): () => void {
    this.#barListeners.add(listener);
    return () => this.#barListeners.delete(listener);
  }

  publishQuote(quote: Quote): void {
    for (const listener of this.#quoteListeners) this.#call(listener, quote);
  }

  publishBar(bar: MinuteBar): void {
    for (const listener of this.#barListeners) this.#call(listener, bar);
  }

  #call<T>(listener: Listener<T>, value: T): void {
    try {
      listener(value);
    } catch (error) {
      this.#onListenerError(error);
    }
  }
}

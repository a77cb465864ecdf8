import type { Quote, StrategyReason, StrategySpec } from '@tradedesk/contracts';
import type { MinuteBar } from '../market/market-feed.js';
import type { DecisionInput, StrategyOrder } from './decision.js';
import { decide, driverOf } from './strategy-kinds.js';

/** A strategy as the engine runs it: its spec, its kind's state, and how many actions it has decided. */
export interface LiveStrategy {
  readonly id: string;
  readonly userId: string;
  readonly accountId: string;
  readonly spec: StrategySpec;
  /** Actions decided so far; the next action's number, which names its order (idempotency key). */
  seq: number;
  state: unknown;
}

/** One action decided: `seq` is its number; `stateAfter` and `seq + 1` are what to persist with it. */
export interface EngineAction {
  strategy: LiveStrategy;
  seq: number;
  order: StrategyOrder;
  reason: StrategyReason;
  priceKrw: number;
  atMs: number;
  stateAfter: unknown;
}

export interface EngineHooks {
  /** Shares the account holds of the symbol now (a cache; sells are capped by it). */
  heldShares(accountId: string, symbol: string): number;
  /** A decision moved the state without an order: persist it (coalescing is the caller's business). */
  onStateChanged(strategy: LiveStrategy): void;
  /** A decision asks for an order. */
  onAction(action: EngineAction): void;
}

/**
 * Evaluates strategies on the shared feed, synchronously and in memory, indexed by symbol and by
 * driver, so a tick costs only the strategies of its symbol that run on quotes. No I/O: the runner
 * (strategy-runner.ts) persists and places orders; a benchmark can run this alone with its own hooks.
 */
export class StrategyEngine {
  readonly #byId = new Map<string, LiveStrategy>();
  readonly #onQuotes = new Map<string, LiveStrategy[]>();
  readonly #onBars = new Map<string, LiveStrategy[]>();

  constructor(private readonly hooks: EngineHooks) {}

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): LiveStrategy | undefined {
    return this.#byId.get(id);
  }

  ids(): string[] {
    return [...this.#byId.keys()];
  }

  add(strategy: LiveStrategy): void {
    this.remove(strategy.id);
    this.#byId.set(strategy.id, strategy);
    const index = driverOf(strategy.spec.kind) === 'quote' ? this.#onQuotes : this.#onBars;
    const list = index.get(strategy.spec.symbol);
    if (list) list.push(strategy);
    else index.set(strategy.spec.symbol, [strategy]);
  }

  remove(id: string): LiveStrategy | undefined {
    const strategy = this.#byId.get(id);
    if (!strategy) return undefined;
    this.#byId.delete(id);
    for (const index of [this.#onQuotes, this.#onBars]) {
      const list = index.get(strategy.spec.symbol);
      if (!list) continue;
      const rest = list.filter((s) => s.id !== id);
      if (rest.length > 0) index.set(strategy.spec.symbol, rest);
      else index.delete(strategy.spec.symbol);
    }
    return strategy;
  }

  onQuote(quote: Quote): void {
    const list = this.#onQuotes.get(quote.symbol);
    if (!list) return;
    for (const strategy of list) this.#step(strategy, quote.lastKrw, quote.at);
  }

  onBar(bar: MinuteBar): void {
    const list = this.#onBars.get(bar.symbol);
    if (!list) return;
    for (const strategy of list) this.#step(strategy, bar.closeKrw, bar.startMs);
  }

  /** Feeds history (e.g. the bars before a restart) into the state only: nothing in the past acts. */
  warmUp(id: string, bars: readonly MinuteBar[]): void {
    const strategy = this.#byId.get(id);
    if (!strategy || driverOf(strategy.spec.kind) !== 'bar') return;
    for (const bar of bars) {
      const input: DecisionInput = { priceKrw: bar.closeKrw, atMs: bar.startMs, heldShares: 0 };
      strategy.state = decide(strategy.spec, strategy.state, input).state;
    }
    this.hooks.onStateChanged(strategy);
  }

  #step(strategy: LiveStrategy, priceKrw: number, atMs: number): void {
    const input: DecisionInput = { priceKrw, atMs, heldShares: this.hooks.heldShares(strategy.accountId, strategy.spec.symbol) };
    const decision = decide(strategy.spec, strategy.state, input);
    if (decision.order && decision.reason) {
      const seq = strategy.seq;
      strategy.seq = seq + 1;
      strategy.state = decision.state;
      this.hooks.onAction({ strategy, seq, order: decision.order, reason: decision.reason, priceKrw, atMs, stateAfter: decision.state });
      return;
    }
    if (decision.state === strategy.state) return;
    strategy.state = decision.state;
    this.hooks.onStateChanged(strategy);
  }
}

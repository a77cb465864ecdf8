import type { Logger } from 'pino';
import { BridgeRequestError } from '../bridge/bridge-errors.js';
import type { BrokerGateway } from '../ports/broker-gateway.js';
import type { Clock } from '../ports/clock.js';
import type { AcquireOptions, QuoteSubscriptions } from '../ports/market-data.js';
import { ExpiringHolds } from './expiring-holds.js';

/** Why a held demand was dropped after the fact (the bridge came (back) with a smaller cap, or does not list the symbol). */
export type DropReason = 'cap' | 'unknown_symbol';
export type DropListener = (symbol: string, owners: readonly string[], reason: DropReason) => void;

export interface BridgeQuoteSubscriptionsOptions {
  broker: BrokerGateway;
  clock: Clock;
  log: Logger;
  /** Owner+symbol pairs held at most (10,000 alerts + strategies + look-ups fit); beyond it acquire is refused. */
  demandsMax?: number;
  /** After a failed subscribe while connected, try again this much later. */
  retryDelayMs?: number;
}

/** The bridge protocol's bound on one subscribe/unsubscribe request. */
const SYMBOLS_PER_REQUEST_MAX = 200;
const DEMANDS_MAX_DEFAULT = 100_000;
const RETRY_DELAY_MS_DEFAULT = 5_000;

/** One symbol's owners; `transient` true for owners that may be dropped to make room. */
type Owners = Map<string, boolean>;

/**
 * Quote subscriptions at the bridge, reference-counted per symbol across owners (`alert:<id>`,
 * `strategy:<id>`, `price:<symbol>`), within the bridge's `quoteSubscriptionsMax`.
 *
 * What is wanted (`#wanted`) is kept apart from what the bridge streams on this connection
 * (`#atBridge`); one serial pass at a time brings the bridge to the wanted set (unsubscribes first,
 * to free places, then subscribes in batches). A reconnect starts the bridge side from nothing, so
 * `onBridgeReady` subscribes everything again. Before the first connection the cap is unknown:
 * demands are held, and those beyond the cap are dropped at `ready` and reported to `onDropped`
 * listeners so their owners can tell the user.
 */
export class BridgeQuoteSubscriptions implements QuoteSubscriptions {
  readonly #broker: BrokerGateway;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #demandsMax: number;
  readonly #retryDelayMs: number;
  /** Insertion order is priority when a smaller cap forces drops: the oldest demands stay. */
  readonly #wanted = new Map<string, Owners>();
  readonly #atBridge = new Set<string>();
  readonly #dropListeners = new Set<DropListener>();
  #demandCount = 0;
  /** Changes on every connect and disconnect, so an answer from an earlier connection is not applied. */
  #generation = 0;
  #dirty = false;
  #running: Promise<void> | null = null;
  #retryPending = false;
  readonly #stopping = new AbortController();
  readonly #holds: ExpiringHolds;

  constructor(options: BridgeQuoteSubscriptionsOptions) {
    this.#broker = options.broker;
    this.#clock = options.clock;
    this.#holds = new ExpiringHolds(options.clock, (owner, symbol) => this.release(owner, symbol));
    this.#log = options.log;
    this.#demandsMax = options.demandsMax ?? DEMANDS_MAX_DEFAULT;
    this.#retryDelayMs = options.retryDelayMs ?? RETRY_DELAY_MS_DEFAULT;
  }

  /** The bridge's declared cap, or null before it has said hello. */
  get capacity(): number | null {
    return this.#broker.capabilities?.quoteSubscriptionsMax ?? null;
  }

  /** Symbols somebody wants (streamed or waiting for the bridge). */
  wanted(): ReadonlySet<string> {
    return new Set(this.#wanted.keys());
  }

  streamed(): ReadonlySet<string> {
    return this.#atBridge;
  }

  /** Told when held demands are dropped after the fact; returns the unsubscribe function. */
  onDropped(listener: DropListener): () => void {
    this.#dropListeners.add(listener);
    return () => this.#dropListeners.delete(listener);
  }

  async acquire(owner: string, symbol: string, options: AcquireOptions = {}): Promise<boolean> {
    const transient = options.transient === true;
    const owners = this.#wanted.get(symbol);
    if (owners?.has(owner)) {
      // A lasting demand stays lasting; a transient one may become lasting.
      if (!transient) owners.set(owner, false);
    } else {
      if (this.#demandCount >= this.#demandsMax) {
        this.#log.warn({ symbol, demandsMax: this.#demandsMax }, 'quote subscription demands at their bound; refused');
        return false;
      }
      if (!owners && !this.#makeRoom(transient)) return false;
      const held = owners ?? new Map<string, boolean>();
      held.set(owner, transient);
      this.#wanted.set(symbol, held);
      this.#demandCount += 1;
    }
    if (options.holdMs !== undefined) this.#holds.renew(owner, symbol, options.holdMs);
    await this.#sync();
    // Dropped during the pass: the bridge does not list the symbol.
    return this.#wanted.get(symbol)?.has(owner) === true;
  }

  release(owner: string, symbol: string): void {
    const owners = this.#wanted.get(symbol);
    this.#holds.forget(owner, symbol);
    if (!owners?.delete(owner)) return;
    this.#demandCount -= 1;
    if (owners.size > 0) return;
    this.#wanted.delete(symbol);
    if (this.#atBridge.has(symbol)) void this.#sync();
  }

  /** The bridge (re)connected and replayed: it streams nothing for us yet, so subscribe everything again. */
  onBridgeReady(): void {
    this.#generation += 1;
    this.#atBridge.clear();
    this.#dropBeyondCap();
    void this.#sync();
  }

  onBridgeDisconnected(): void {
    this.#generation += 1;
    this.#atBridge.clear();
  }

  /** Stops retries; what the bridge streams is left to the connection's end. */
  stop(): void {
    this.#stopping.abort(new Error('stopping'));
    this.#holds.stop();
  }

  /** Whether a new symbol fits: below the cap, or by dropping the oldest symbol only transient owners hold. */
  #makeRoom(transient: boolean): boolean {
    const cap = this.capacity;
    if (cap === null || this.#wanted.size < cap) return true;
    if (transient) return false;
    for (const [symbol, owners] of this.#wanted) {
      if ([...owners.values()].every((isTransient) => isTransient)) {
        this.#drop(symbol, null);
        return true;
      }
    }
    return false;
  }

  /** A smaller cap than the demands held: the newest symbols go, and their owners are told. */
  #dropBeyondCap(): void {
    const cap = this.capacity;
    if (cap === null || this.#wanted.size <= cap) return;
    const excess = [...this.#wanted.keys()].slice(cap);
    this.#log.error({ wanted: this.#wanted.size, cap, dropped: excess.length }, 'more quote subscriptions wanted than the bridge allows; the newest were dropped and their owners told');
    for (const symbol of excess) this.#drop(symbol, 'cap');
  }

  #drop(symbol: string, reason: DropReason | null): void {
    const owners = this.#wanted.get(symbol);
    if (!owners) return;
    this.#wanted.delete(symbol);
    this.#demandCount -= owners.size;
    for (const owner of owners.keys()) this.#holds.forget(owner, symbol);
    if (reason === null) return;
    const names = [...owners.keys()];
    for (const listener of this.#dropListeners) {
      try {
        listener(symbol, names, reason);
      } catch (error) {
        this.#log.error({ err: error, symbol }, 'quote subscription drop listener failed');
      }
    }
  }

  /** Runs passes until nothing changed during the last one; every caller waits for the pass that includes its change. */
  #sync(): Promise<void> {
    this.#dirty = true;
    this.#running ??= this.#drain().finally(() => { this.#running = null; });
    return this.#running;
  }

  async #drain(): Promise<void> {
    while (this.#dirty) {
      this.#dirty = false;
      await this.#pass();
    }
  }

  async #pass(): Promise<void> {
    if (!this.#broker.isReady) return;
    const generation = this.#generation;
    const remove = [...this.#atBridge].filter((s) => !this.#wanted.has(s));
    for (const chunk of chunks(remove)) {
      // Freed whatever the answer: an old bridge without unsubscribe_quotes frees them at the next reconnect.
      for (const s of chunk) this.#atBridge.delete(s);
      try {
        await this.#broker.request('unsubscribe_quotes', { symbols: chunk });
      } catch (error) {
        this.#log.warn({ err: String(error), count: chunk.length }, 'unsubscribe_quotes failed; the bridge frees them at the next reconnect');
      }
    }
    const room = Math.max(0, (this.capacity ?? 0) - this.#atBridge.size);
    const add = [...this.#wanted.keys()].filter((s) => !this.#atBridge.has(s)).slice(0, room);
    for (const chunk of chunks(add)) {
      let subscribed: string[];
      try {
        ({ subscribed } = await this.#broker.request('subscribe_quotes', { symbols: chunk }));
      } catch (error) {
        this.#onSubscribeFailed(error, chunk.length);
        return;
      }
      if (generation !== this.#generation) return; // reconnected meanwhile: onBridgeReady starts over
      const listed = new Set(subscribed);
      for (const s of chunk) {
        if (listed.has(s)) this.#atBridge.add(s);
        else if (this.#wanted.has(s)) this.#drop(s, 'unknown_symbol');
      }
    }
  }

  #onSubscribeFailed(error: unknown, count: number): void {
    const capped = error instanceof BridgeRequestError && error.error.reason === 'TOO_MANY_SUBSCRIPTIONS';
    if (capped) this.#log.error({ count }, 'bridge refused quote subscriptions below its declared cap; check the bridge');
    else this.#log.warn({ err: String(error), count }, 'subscribe_quotes failed; retrying');
    if (this.#retryPending || this.#stopping.signal.aborted) return;
    this.#retryPending = true;
    this.#clock.sleep(this.#retryDelayMs, this.#stopping.signal).then(
      () => { this.#retryPending = false; void this.#sync(); },
      () => { this.#retryPending = false; },
    );
  }
}

function chunks(symbols: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < symbols.length; i += SYMBOLS_PER_REQUEST_MAX) out.push(symbols.slice(i, i + SYMBOLS_PER_REQUEST_MAX));
  return out;
}

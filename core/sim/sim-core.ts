import PQueue from 'p-queue';
import { pino } from 'pino';
import type { SequencedBridgeFrame } from '@tradedesk/contracts';
import type { BridgeCursor } from '../src/bridge/bridge-connection.js';
import type { CoreConfig } from '../src/config.js';
import type { SqlClient } from '../src/db/sql-client.js';
import { CoreSignals, type CoreDeps } from '../src/deps.js';
import { childLoggers } from '../src/logger.js';
import { BarBuilder } from '../src/market/bar-builder.js';
import { MarketFeed } from '../src/market/market-feed.js';
import { BridgeQuoteSubscriptions } from '../src/market/quote-subscriptions.js';
import { QuoteCache } from '../src/market/quote-cache.js';
import type { SymbolMaster } from '../src/market/symbol-master.js';
import type { IdSource } from '../src/ports/id-source.js';
import { applyFill, applyOrderEvent } from '../src/services/execution-applier.js';
import { OrderDispatcher } from '../src/services/order-dispatcher.js';
import { catchUpWithBroker } from '../src/services/catch-up.js';
import { saveBridgeCursor, sqlBridgeCursorStore } from '../src/store/bridge-cursor-store.js';
import { FencedDatabase } from './fenced-database.js';
import { SIM_BRIDGE_EPOCH, SIM_BRIDGE_ID, type EventReceiver, type SimBridge } from './sim-bridge.js';
import type { SimClock } from './sim-clock.js';

const silent = pino({ level: process.env['SIM_LOG_LEVEL'] ?? 'silent' });

/**
 * One life of core in the simulation: the real dispatcher (session scheduler), reconciler and
 * execution applier, wired as in app.ts, on a fenced view of the shared database. `crash()` ends the
 * life at once: everything it still has in flight fails from then on, as if the process had died.
 */
export class SimCoreInstance implements EventReceiver {
  readonly deps: CoreDeps;
  readonly fencedDb: FencedDatabase;
  private readonly dispatcher: OrderDispatcher;
  private reconciled = false;
  private readonly stopping = new AbortController();

  constructor(db: SqlClient, clock: SimClock, ids: IdSource, config: CoreConfig, symbols: SymbolMaster, bridge: SimBridge) {
    this.fencedDb = new FencedDatabase(db, () => {
      this.stopping.abort(new Error('crashed'));
      void this.dispatcher.stop().catch(() => undefined);
    });
    const broker = bridge.gatewayFor(this);
    const feed = new MarketFeed();
    // The simulation streams no quotes; these are here so deps are complete (bars kept in memory only).
    const subscriptions = new BridgeQuoteSubscriptions({ broker, clock, log: silent });
    const bars = new BarBuilder({ feed, clock, log: silent });
    this.deps = {
      config, db: this.fencedDb, clock, ids, log: childLoggers(silent), symbols, quotes: new QuoteCache(), feed, subscriptions, bars,
      broker, masterKey: new Uint8Array(32).fill(9), signals: new CoreSignals(),
    };
    this.dispatcher = new OrderDispatcher(this.deps, () => this.deps.broker.isReady && this.reconciled, {
      sendLimiter: new PQueue({ concurrency: 10 }),
    });
  }

  get crashed(): boolean {
    return this.fencedDb.isCrashed;
  }

  /** As at start or after the bridge reconnects: learn the sessions, reconcile, then send. */
  async start(): Promise<void> {
    this.dispatcher.start();
    await this.onBridgeReady();
  }

  async onBridgeReady(): Promise<void> {
    this.reconciled = false;
    this.reconciled = await catchUpWithBroker(this.deps, this.dispatcher, this.stopping.signal);
    this.dispatcher.nudge();
  }

  crash(): void {
    this.fencedDb.crash();
  }

  /** Graceful stop at the end of the run. */
  async stop(): Promise<void> {
    this.stopping.abort(new Error('stopping'));
    await this.dispatcher.stop();
  }

  lastAppliedSeq(): Promise<number> {
    return sqlBridgeCursorStore(this.fencedDb).lastAppliedSeq(SIM_BRIDGE_ID, SIM_BRIDGE_EPOCH);
  }

  async apply(frame: SequencedBridgeFrame, cursor: BridgeCursor): Promise<void> {
    const nowMs = this.deps.clock.now();
    await this.fencedDb.transaction(async (tx) => {
      if (frame.type === 'fill') await applyFill(tx, this.deps, frame.fill, nowMs);
      else await applyOrderEvent(tx, this.deps, frame.event, nowMs);
      await saveBridgeCursor(tx, cursor, nowMs);
    });
  }
}

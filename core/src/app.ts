import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { WebSocketServer } from 'ws';
import { AlertService } from './alerts/alert-service.js';
import { nodeScheduleJobs } from './schedule/job-scheduler.js';
import { ScheduledMessages } from './schedule/scheduled-messages.js';
import { StrategyRunner } from './strategies/strategy-runner.js';
import { BridgeConnection } from './bridge/bridge-connection.js';
import type { CoreConfig } from './config.js';
import type { SqlClient } from './db/sql-client.js';
import { CoreSignals, type CoreDeps } from './deps.js';
import { adminPlugin } from './http/admin-plugin.js';
import { commandsPlugin } from './http/commands-plugin.js';
import { buildErrorHandler } from './http/error-handler.js';
import { healthPlugin } from './http/health-plugin.js';
import { bearerMatches } from './http/service-token.js';
import type { CoreLoggers } from './logger.js';
import { BarBuilder } from './market/bar-builder.js';
import { MarketBarStore } from './market/market-bar-store.js';
import { MarketFeed } from './market/market-feed.js';
import { BridgeQuoteSubscriptions } from './market/quote-subscriptions.js';
import { QuoteCache } from './market/quote-cache.js';
import type { SymbolMaster } from './market/symbol-master.js';
import type { Clock } from './ports/clock.js';
import type { IdSource } from './ports/id-source.js';
import { NotificationHub } from './services/notification-hub.js';
import { OrderDispatcher } from './services/order-dispatcher.js';
import { applyFill, applyOrderEvent } from './services/execution-applier.js';
import { catchUpWithBroker } from './services/catch-up.js';
import { saveBridgeCursor, sqlBridgeCursorStore } from './store/bridge-cursor-store.js';

export interface CoreParts {
  config: CoreConfig;
  db: SqlClient;
  clock: Clock;
  ids: IdSource;
  log: CoreLoggers;
  symbols: SymbolMaster;
  coreToken: string;
  bridgeToken: string;
  masterKey: Uint8Array;
  /** Run users' strategies on the feed (default). Tests that drive a runner themselves turn it off. */
  runStrategies?: boolean;
  /**
   * Send the pre-open brief and the close summary on the KST wall clock (default). Tests turn it off
   * so that a run at 08:55 KST does not find briefs it never asked for.
   */
  sendScheduledMessages?: boolean;
}

export interface Core {
  app: FastifyInstance;
  deps: CoreDeps;
  /** Listens on CORE_HOST:CORE_PORT and connects to the bridge; resolves with the bound URL. */
  start(): Promise<string>;
  /** Stops intake first, then waits for submissions in flight, then closes sockets. The database stays open. */
  stop(): Promise<void>;
}

/** The composition root: builds core from its parts without listening or connecting. */
export function buildCore(parts: CoreParts): Core {
  const signals = new CoreSignals();
  const quotes = new QuoteCache();
  const feed = new MarketFeed((error) => parts.log.root.error({ err: error }, 'market feed consumer failed'));
  feed.onQuote((quote) => quotes.put(quote));
  const bridge = new BridgeConnection({
    url: parts.config.BRIDGE_URL ?? 'ws://127.0.0.1:8788',
    token: parts.bridgeToken,
    requestTimeoutMs: parts.config.BRIDGE_REQUEST_TIMEOUT_MS,
    callsPerMinuteMax: parts.config.BRIDGE_CALLS_PER_MINUTE_MAX,
    clock: parts.clock,
    ids: parts.ids,
    logger: parts.log.bridge,
    cursors: sqlBridgeCursorStore(parts.db),
    onQuote: (quote) => feed.publishQuote(quote),
    onExecutionEvent: async (frame, cursor) => {
      const nowMs = parts.clock.now();
      await parts.db.transaction(async (tx) => {
        if (frame.type === 'fill') await applyFill(tx, deps, frame.fill, nowMs);
        else await applyOrderEvent(tx, deps, frame.event, nowMs);
        await saveBridgeCursor(tx, cursor, nowMs);
      });
      signals.emit('notifications-created');
    },
  });
  const marketLog = parts.log.root.child({ subsystem: 'market' });
  const subscriptions = new BridgeQuoteSubscriptions({ broker: bridge, clock: parts.clock, log: marketLog });
  const bars = new BarBuilder({ feed, clock: parts.clock, log: marketLog, store: new MarketBarStore(parts.db) });
  const alerts = new AlertService({ db: parts.db, clock: parts.clock, log: parts.log, symbols: parts.symbols, feed, signals, subscriptions });
  const deps: CoreDeps = {
    config: parts.config, db: parts.db, clock: parts.clock, ids: parts.ids, log: parts.log,
    symbols: parts.symbols, quotes, feed, subscriptions, bars, alerts, broker: bridge, masterKey: parts.masterKey, signals,
    // Asked only while serving requests, by which time the dispatcher below exists.
    sessions: { inSession: (accountId) => dispatcher.inSession(accountId) },
  };
  const strategies = parts.runStrategies === false ? null : new StrategyRunner(deps);

  // New orders wait until the broker's view of everything in flight has been applied (RECON-1).
  let reconciled = false;
  const dispatcher = new OrderDispatcher(deps, () => bridge.isReady && reconciled);
  const stopping = new AbortController();
  // Subscriptions belong to the bridge connection: after every (re)connect they are made again.
  bridge.on('ready', () => subscriptions.onBridgeReady());
  bridge.on('disconnected', () => subscriptions.onBridgeDisconnected());
  bridge.on('ready', () => void catchUpWithBroker(deps, dispatcher, stopping.signal).then((ready) => {
    reconciled = ready;
    dispatcher.nudge();
  }));
  bridge.on('disconnected', () => { reconciled = false; });

  const hub = new NotificationHub(deps);
  const scheduled = parts.sendScheduledMessages === false
    ? null
    : new ScheduledMessages({ ...deps, log: parts.log.root.child({ subsystem: 'schedule' }) }, nodeScheduleJobs());
  // Per-request lines would drown the business events; errors are logged by the error handler.
  const app = Fastify({
    loggerInstance: parts.log.http as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
  });
  app.setErrorHandler(buildErrorHandler(parts.ids));
  app.addHook('onRequest', async (request, reply) => {
    if (request.url === '/health') return;
    if (!bearerMatches(request.headers.authorization, parts.coreToken)) {
      await reply.code(401).send({ error: { code: 'UNAUTHENTICATED', params: {} } });
    }
  });
  void app.register(healthPlugin(deps));
  void app.register(commandsPlugin(deps));
  void app.register(adminPlugin(deps));

  const events = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  app.server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://core').pathname;
    if (path !== '/v1/events' || !bearerMatches(request.headers.authorization, parts.coreToken)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    events.handleUpgrade(request, socket, head, (ws) => hub.attach(ws));
  });

  return {
    app,
    deps,
    async start() {
      const url = await app.listen({ host: parts.config.CORE_HOST, port: parts.config.CORE_PORT });
      await bars.start();
      // Before the bridge: armed alerts are in the book when the first quote arrives.
      await alerts.start();
      await strategies?.start();
      hub.start();
      // Runs the catch-up of a missed brief or summary too; its failures are logged inside.
      void scheduled?.start();
      dispatcher.start();
      bridge.start();
      return url;
    },
    async stop() {
      stopping.abort(new Error('core stopping'));
      await scheduled?.stop();
      await app.close();
      await dispatcher.stop();
      hub.stop();
      events.close();
      await bridge.stop();
      await alerts.stop();
      await strategies?.stop();
      subscriptions.stop();
      await bars.stop();
    },
  };
}

import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { WebSocketServer } from 'ws';
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
  const bridge = new BridgeConnection({
    url: parts.config.BRIDGE_URL ?? 'ws://127.0.0.1:8788',
    token: parts.bridgeToken,
    requestTimeoutMs: parts.config.BRIDGE_REQUEST_TIMEOUT_MS,
    callsPerMinuteMax: parts.config.BRIDGE_CALLS_PER_MINUTE_MAX,
    clock: parts.clock,
    ids: parts.ids,
    logger: parts.log.bridge,
    cursors: sqlBridgeCursorStore(parts.db),
    onQuote: (quote) => quotes.put(quote),
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
  const deps: CoreDeps = {
    config: parts.config, db: parts.db, clock: parts.clock, ids: parts.ids, log: parts.log,
    symbols: parts.symbols, quotes, broker: bridge, masterKey: parts.masterKey, signals,
    // Asked only while serving requests, by which time the dispatcher below exists.
    sessions: { inSession: (accountId) => dispatcher.inSession(accountId) },
  };

  // New orders wait until the broker's view of everything in flight has been applied (RECON-1).
  let reconciled = false;
  const dispatcher = new OrderDispatcher(deps, () => bridge.isReady && reconciled);
  const stopping = new AbortController();
  bridge.on('ready', () => void catchUpWithBroker(deps, dispatcher, stopping.signal).then((ready) => {
    reconciled = ready;
    dispatcher.nudge();
  }));
  bridge.on('disconnected', () => { reconciled = false; });

  const hub = new NotificationHub(deps);
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
      hub.start();
      dispatcher.start();
      bridge.start();
      return url;
    },
    async stop() {
      stopping.abort(new Error('core stopping'));
      await app.close();
      await dispatcher.stop();
      hub.stop();
      events.close();
      await bridge.stop();
    },
  };
}

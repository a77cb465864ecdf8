import type { Logger } from 'pino';
import { systemClock, type Clock } from './clock.js';
import type { BrokerGateway } from './brokers/broker-gateway.js';
import { PaperBroker } from './brokers/paper/paper-broker.js';
import { createFileStateStore, createMemoryStateStore } from './brokers/paper/paper-state-store.js';
import type { BridgeConfig } from './config.js';
import { bridgeLoggers, createLogger, type BridgeLoggers } from './logger.js';
import { BridgeServer } from './protocol/bridge-server.js';
import { createStreamSink, EventStream } from './protocol/event-stream.js';
import { createSeededRng, createSystemRng, randomHex, type Rng } from './rng.js';

export interface StartBridgeOptions {
  config: BridgeConfig;
  /** Root logger; a child per subsystem is taken from it. Default: `createLogger({ level: config.logLevel })`. */
  logger?: Logger;
  /** Default: the system clock. */
  clock?: Clock;
  /** Drives the paper feed. Default: seeded from PAPER_SEED. */
  rng?: Rng;
  /** Source of the stream epoch and msgId prefix, which must differ across restarts. Default: system randomness. */
  idRng?: Rng;
}

/** A running bridge. */
export interface RunningBridge {
  /** The port actually bound (useful with BRIDGE_PORT=0). */
  port: number;
  gateway: BrokerGateway;
  /** Stops intake (listener and core connection), then the broker (timers, final state write). */
  stop(): Promise<void>;
}

/**
 * Builds and starts the bridge: the broker gateway, the event stream (restored with the broker's
 * state when that is persistent, so a restart keeps the epoch and seq; otherwise a new epoch) and
 * the WebSocket server core connects to. Nothing listens until this is called.
 * @example const bridge = await startBridge({ config: parseBridgeConfig(process.env) }); await bridge.stop();
 */
export async function startBridge(options: StartBridgeOptions): Promise<RunningBridge> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const idRng = options.idRng ?? createSystemRng();
  const loggers = bridgeLoggers(options.logger ?? createLogger({ level: config.logLevel }));
  const feedRng = options.rng ?? createSeededRng(config.paper.seed);
  const gateway = createPaperGateway(config, { clock, rng: feedRng, idPrefix: randomHex(idRng, 8) }, loggers);
  const stream = restoreOrCreateStream(gateway, config, loggers, `${clock.now().toString(36)}-${randomHex(idRng, 12)}`);
  gateway.persistence?.attach(() => stream.snapshot());
  const server = new BridgeServer({
    host: config.host,
    port: config.port,
    token: config.token,
    bridgeId: config.bridgeId,
    gateway,
    stream,
    logger: loggers.protocol,
    clock,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    msgIdPrefix: randomHex(idRng, 8),
  });
  gateway.setEventSink(createStreamSink(stream, (quote) => server.sendQuote(quote)));
  await gateway.start();
  let port: number;
  try {
    port = await server.start();
  } catch (error) {
    await gateway.stop();
    throw error;
  }
  loggers.root.info({ bridgeId: config.bridgeId, broker: gateway.broker, epoch: stream.epoch, lastSeq: stream.lastSeq }, 'bridge started');
  let stopping: Promise<void> | undefined;
  return {
    port,
    gateway,
    stop: () => (stopping ??= server.stop().then(() => gateway.stop())),
  };
}

function createPaperGateway(config: BridgeConfig, deps: { clock: Clock; rng: Rng; idPrefix: string }, loggers: BridgeLoggers): PaperBroker {
  const { paper } = config;
  return new PaperBroker({
    ...deps,
    logger: loggers.paper,
    store: paper.stateFile === undefined ? createMemoryStateStore() : createFileStateStore(paper.stateFile, loggers.state),
    tickIntervalMs: paper.tickIntervalMs,
    liquiditySharesPerTick: paper.liquiditySharesPerTick,
    commissionBps: paper.commissionBps,
    ordersPerAccountMax: paper.ordersPerAccountMax,
    sessions: paper.sessions,
    ordersPerSecondMax: paper.ordersPerSecondMax,
    callsPerMinuteMax: paper.callsPerMinuteMax,
    quoteSubscriptionsMax: paper.quoteSubscriptionsMax,
    clientOrderIds: paper.clientOrderIds,
    ...(paper.faults === undefined ? {} : { faults: paper.faults }),
  });
}

/** The persisted stream if the broker kept one and it is valid; otherwise a new epoch (core reconciles). */
function restoreOrCreateStream(gateway: BrokerGateway, config: BridgeConfig, loggers: BridgeLoggers, newEpoch: string): EventStream {
  const streamOptions = { logger: loggers.events, bufferEventsMax: config.replayBufferEventsMax };
  const persisted = gateway.persistence?.loadAttached();
  if (persisted !== undefined) {
    try {
      return EventStream.restore(persisted, streamOptions);
    } catch (error) {
      loggers.events.error({ err: error }, 'persisted event stream unreadable; starting a new epoch (core will reconcile)');
    }
  }
  return EventStream.fresh(newEpoch, streamOptions);
}

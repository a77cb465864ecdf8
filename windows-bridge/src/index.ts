/**
 * Public API of @tradedesk/windows-bridge. core's all-in-one launcher calls `startBridge` in-process;
 * nothing else here starts anything.
 */
export { startBridge, type RunningBridge, type StartBridgeOptions } from './bridge.js';
export { ConfigError, HEARTBEAT_INTERVAL_MS_DEFAULT, parseBridgeConfig, type BridgeConfig } from './config.js';
export { bridgeLoggers, createLogger, REDACT_PATHS, type BridgeLoggers, type CreateLoggerOptions } from './logger.js';
export { createManualClock, systemClock, type Clock, type ManualClock } from './clock.js';
export { createSeededRng, createSystemRng, type Rng } from './rng.js';
export {
  AnswerWithheld,
  BROKER_REASONS,
  BrokerError,
  type AttachedStatePersistence,
  type BrokerEventSink,
  type BrokerGateway,
  type BrokerReason,
  type TransportFaults,
} from './brokers/broker-gateway.js';
export { PaperBroker, type PaperBrokerOptions } from './brokers/paper/paper-broker.js';
export { paperFaultsSchema, type InjectedFault, type PaperFaultKind, type PaperFaults } from './brokers/paper/paper-faults.js';
export { PAPER_SWITCH_COST_MS_DEFAULT, type PaperSessionMode, type PaperSessionOptions } from './brokers/paper/paper-sessions.js';
export { createFileStateStore, createMemoryStateStore, type PaperStateStore } from './brokers/paper/paper-state-store.js';
export { PAPER_SYMBOLS, findPaperSymbol, type PaperSymbol } from './brokers/paper/paper-symbols.js';
export { BRIDGE_CLOSE_CODES } from './protocol/bridge-server.js';
export { callGateway } from './protocol/call-gateway.js';

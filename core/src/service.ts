import { pino } from 'pino';
import { SymbolMaster } from './market/symbol-master.js';
import { buildCore, type Core } from './app.js';
import type { CoreConfig } from './config.js';
import { cryptoIdSource } from './adapters/crypto-id-source.js';
import { systemClock } from './adapters/system-clock.js';
import { loadLocalSecrets, type LocalSecrets } from './local-secrets.js';
import { childLoggers, createLogger } from './logger.js';
import { openCoreDatabase, type OpenedDatabase } from './runtime.js';

export interface CoreService {
  core: Core;
  url: string;
  secrets: LocalSecrets;
  /** Graceful stop: intake, in-flight submissions, sockets, then the database. */
  stop(): Promise<void>;
  /** Stops on SIGINT/SIGTERM; a second signal, or 10 s, forces the exit. */
  stopOnSignals(onStopped?: () => Promise<void>): void;
}

/** Opens the database, builds core and starts it: what `npm run start:core` and `npm start` share. */
export async function startCoreService(config: CoreConfig): Promise<CoreService> {
  const destination = config.LOG_FILE ? pino.destination({ dest: config.LOG_FILE, mkdir: true, sync: false }) : undefined;
  const log = childLoggers(createLogger(config.LOG_LEVEL, destination));
  const secrets = loadLocalSecrets(config.dataDir, config);
  let database: OpenedDatabase;
  try {
    database = await openCoreDatabase(config, (message) => log.db.info(message));
  } catch (error) {
    log.root.fatal({ err: error }, 'could not open the database');
    throw error;
  }
  const core = buildCore({
    config, db: database.db, clock: systemClock, ids: cryptoIdSource, log, symbols: SymbolMaster.forDataDir(config.dataDir),
    coreToken: secrets.coreToken, bridgeToken: secrets.bridgeToken, masterKey: secrets.masterKey,
  });
  const url = await core.start();
  log.root.info({ url, database: database.db.kind, bridgeUrl: config.BRIDGE_URL }, 'core started');

  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= (async () => {
    await core.stop();
    await database.close();
    log.root.info('core stopped');
  })());
  return {
    core, url, secrets, stop,
    stopOnSignals(onStopped) {
      const onSignal = () => {
        if (stopping) process.exit(130);
        setTimeout(() => process.exit(1), 10_000).unref();
        void stop().then(() => onStopped?.()).then(() => process.exit(0));
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      process.on('SIGINT', () => stopping && process.exit(130));
    },
  };
}

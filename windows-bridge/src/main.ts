import { startBridge } from './bridge.js';
import { ConfigError, parseBridgeConfig } from './config.js';
import { createLogger } from './logger.js';

/** Forced exit if a graceful stop hangs. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** Standalone entry (`npm run start:bridge`): read config, start, stop gracefully on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = parseBridgeConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 78; // EX_CONFIG
      return;
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  const bridge = await startBridge({ config, logger });
  const shutdown = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (shutdown.signal.aborted) return;
    logger.info({ signal }, 'stopping bridge');
    shutdown.abort();
    const forced = setTimeout(() => {
      logger.error('graceful stop timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    forced.unref();
    bridge.stop().then(
      () => logger.info('bridge stopped'),
      (error: unknown) => {
        logger.error({ err: error }, 'bridge stop failed');
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

await main();

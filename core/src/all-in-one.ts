import os from 'node:os';
import { onlyBotVariables, parseBotConfig, platformAdaptersFromConfig, startBot } from '@tradedesk/bot';
import { createLogger as createBridgeLogger, parseBridgeConfig, startBridge, type RunningBridge } from '@tradedesk/windows-bridge';
import { pino } from 'pino';
import { join } from 'node:path';
import { loadDotenvFile, parseCoreConfig } from './config.js';
import { loadLocalSecrets } from './local-secrets.js';
import { startCoreService } from './service.js';

/**
 * `npm start`: the whole system on embedded defaults. core on PGlite (or DATABASE_URL), the paper
 * windows-bridge in this process but still over a loopback WebSocket (the same path as a remote
 * bridge; skipped when BRIDGE_URL names one), the Discord and Telegram bots when their tokens are
 * set, and otherwise the terminal chat when stdin is a terminal.
 */
loadDotenvFile();
const config = parseCoreConfig();
const secrets = loadLocalSecrets(config.dataDir, config);

// The bot sees only its own variables (never core's secrets), as when it runs on its own.
const botConfig = parseBotConfig(onlyBotVariables(process.env));
const chatTokenConfigured = Boolean(botConfig.discord || botConfig.telegram);
const terminalChat = !chatTokenConfigured && process.stdin.isTTY === true;
// The terminal chat owns the screen; logs go to a file unless one is chosen.
if (terminalChat && !config.LOG_FILE) config.LOG_FILE = join(config.dataDir, 'tradedesk.log');

let bridge: RunningBridge | null = null;
if (!config.BRIDGE_URL) {
  const destination = config.LOG_FILE ? pino.destination({ dest: config.LOG_FILE, mkdir: true, sync: false }) : undefined;
  bridge = await startBridge({
    logger: createBridgeLogger({ level: config.LOG_LEVEL, ...(destination ? { destination } : {}) }),
    config: parseBridgeConfig({
      ...process.env,
      BRIDGE_HOST: '127.0.0.1',
      BRIDGE_PORT: '0',
      BRIDGE_TOKEN: secrets.bridgeToken,
      PAPER_STATE_FILE: process.env['PAPER_STATE_FILE'] ?? join(config.dataDir, 'paper-broker.json'),
    }),
  });
  config.BRIDGE_URL = `ws://127.0.0.1:${bridge.port}`;
}

const service = await startCoreService(config);
const stopBridge = async () => { await bridge?.stop(); };
let stopChatBots = async () => {};
service.stopOnSignals(async () => { await stopChatBots(); await stopBridge(); });

if (terminalChat) {
  process.stdout.write(`Tradedesk is running (core ${service.url}, logs in ${config.LOG_FILE}). Ctrl-D stops it.\n`);
  const name = process.env['CHAT_AS'] || os.userInfo().username;
  const bot = await startBot({
    coreUrl: service.url,
    coreToken: secrets.coreToken,
    locale: config.DEFAULT_LOCALE,
    console: { as: name, input: process.stdin, output: process.stdout, lingerMs: 0, interactive: true },
  });
  // Closing the terminal chat (Ctrl-D) stops the whole embedded system.
  await bot.done;
  await bot.stop();
  await service.stop();
  await stopBridge();
  process.exit(0);
} else if (chatTokenConfigured) {
  const logger = service.core.deps.log.root.child({ service: 'bot' });
  const bot = await startBot({
    coreUrl: service.url,
    coreToken: secrets.coreToken,
    locale: botConfig.defaultLocale,
    logger,
    adapters: platformAdaptersFromConfig(botConfig, logger),
  });
  stopChatBots = () => bot.stop();
}

import { userInfo } from 'node:os';
import type { ChatIdentity } from '@tradedesk/contracts';
import { startBot } from './bot.js';
import { checkCore, cliLogger } from './cli-support.js';
import { BotConfigError, parseBotConfig } from './config.js';
import { platformAdaptersFromConfig } from './platforms/from-config.js';

/**
 * `npm run start:bot`: the bot on its own, against a (possibly remote) core (CORE_URL, CORE_TOKEN):
 * Discord with DISCORD_TOKEN, Telegram with TELEGRAM_BOT_TOKEN; with neither, the terminal chat
 * when there is a terminal.
 */
async function main(): Promise<void> {
  const config = parseBotConfig(process.env);
  const logger = cliLogger(config, process.env);
  const adapters = platformAdaptersFromConfig(config, logger);
  if (adapters.length === 0 && !process.stdin.isTTY) {
    throw new BotConfigError('No chat platform to run: set DISCORD_TOKEN or TELEGRAM_BOT_TOKEN, or use `npm run chat -- --as NAME` for scripts.');
  }
  const name = userInfo().username.slice(0, 64) || 'console';
  const identity: ChatIdentity = { platform: 'console', platformUserId: name, chatId: name, isPrivateChat: true, locale: config.defaultLocale };
  const check = await checkCore(config, identity);
  if (!check.ok) {
    process.stderr.write(`${check.message}\n`);
    process.exitCode = 1;
    return;
  }
  const bot = await startBot({
    coreUrl: config.coreUrl, coreToken: check.token, locale: config.defaultLocale,
    logger, requestTimeoutMs: config.requestTimeoutMs,
    ...(adapters.length > 0 ? { adapters } : { console: { as: name, input: process.stdin, output: process.stdout, interactive: true } }),
  });
  const controller = new AbortController();
  controller.signal.addEventListener('abort', () => void bot.stop());
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  await bot.done;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof BotConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = err instanceof BotConfigError ? 2 : 1;
});

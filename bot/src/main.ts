import { userInfo } from 'node:os';
import type { ChatIdentity } from '@tradedesk/contracts';
import { startBot } from './bot.js';
import { checkCore, cliLogger } from './cli-support.js';
import { BotConfigError, parseBotConfig } from './config.js';

/**
 * `npm run start:bot`: the bot on its own, against a (possibly remote) core. Discord and Telegram
 * adapters come in a later issue; until then it runs the terminal chat when there is a terminal.
 */
async function main(): Promise<void> {
  const config = parseBotConfig(process.env);
  if (config.discordToken || config.telegramBotToken) {
    throw new BotConfigError('DISCORD_TOKEN / TELEGRAM_BOT_TOKEN are set, but this build has no Discord or Telegram adapter yet.');
  }
  if (!process.stdin.isTTY) {
    throw new BotConfigError('No chat platform to run: without a terminal, use `npm run chat -- --as NAME` for scripts.');
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
    logger: cliLogger(config, process.env), requestTimeoutMs: config.requestTimeoutMs,
    console: { as: name, input: process.stdin, output: process.stdout, interactive: true },
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

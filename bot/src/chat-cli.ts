import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ChatIdentity } from '@tradedesk/contracts';
import { startBot } from './bot.js';
import { checkCore, cliLogger } from './cli-support.js';
import { BotConfigError, onlyBotVariables, parseBotConfig, withDotenvDefaults } from './config.js';
import { resolveLocale } from './i18n/index.js';

const USAGE = `Usage: npm run chat -- --as NAME [--lang ko|en] [--core-url URL] [--linger-ms N]

  --as NAME        who you are in the chat (the console user id), e.g. --as kim
  --lang ko|en     reply language (default: DEFAULT_LOCALE, else ko)
  --core-url URL   core's address (default: CORE_URL, else http://127.0.0.1:8787)
  --linger-ms N    without a terminal: how long to wait for notifications after the last line (default 1500)`;

function fail(message: string, exitCode = 2): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = exitCode;
}

/** `npm run chat`: the terminal chat against a running core. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      as: { type: 'string' }, lang: { type: 'string' }, 'core-url': { type: 'string' },
      'linger-ms': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const name = values.as?.trim() ?? '';
  if (!/^[^\s]{1,64}$/.test(name)) return fail(`--as NAME is required (1-64 characters, no spaces).\n\n${USAGE}`);
  if (values.lang !== undefined && values.lang !== 'ko' && values.lang !== 'en') return fail('--lang must be ko or en.');
  const lingerMs = values['linger-ms'] === undefined ? 1_500 : Number(values['linger-ms']);
  if (!Number.isSafeInteger(lingerMs) || lingerMs < 0) return fail('--linger-ms must be a whole number of milliseconds.');

  const env = onlyBotVariables(withDotenvDefaults(process.env));
  const config = parseBotConfig(values['core-url'] ? { ...env, CORE_URL: values['core-url'] } : env);
  const locale = resolveLocale(values.lang, config.defaultLocale);
  const identity: ChatIdentity = { platform: 'console', platformUserId: name, chatId: name, isPrivateChat: true, locale };
  const check = await checkCore(config, identity);
  if (!check.ok) return fail(check.message, 1);

  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const bot = await startBot({
    coreUrl: config.coreUrl, coreToken: check.token, locale, logger: cliLogger(config, process.env),
    requestTimeoutMs: config.requestTimeoutMs,
    console: { as: name, input: process.stdin, output: process.stdout, lingerMs, interactive, imageDir: join(config.dataDir, 'charts') },
  });
  const onSignal = () => void bot.stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await bot.done;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

main().catch((err: unknown) => {
  if (err instanceof BotConfigError) return fail(err.message);
  fail(err instanceof Error ? (err.stack ?? err.message) : String(err), 1);
});

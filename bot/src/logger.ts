import { pino, type DestinationStream, type Logger } from 'pino';

/** Paths whose values are secrets: replaced in every log line, whatever the level. */
export const BOT_REDACT_PATHS = [
  'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
  'token', '*.token', 'coreToken', '*.coreToken', 'CORE_TOKEN', '*.CORE_TOKEN',
  'discordToken', '*.discordToken', 'DISCORD_TOKEN', '*.DISCORD_TOKEN',
  'telegramBotToken', '*.telegramBotToken', 'TELEGRAM_BOT_TOKEN', '*.TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET', '*.TELEGRAM_WEBHOOK_SECRET', 'secret', '*.secret', '*.*.secret',
  'code', 'input.code', '*.input.code', 'linkCode',
  // Broker credentials on their way to core (`connect`).
  'appKey', 'appSecret', 'accountNumber', '*.appKey', '*.appSecret', '*.accountNumber',
  'input.appKey', 'input.appSecret', 'input.accountNumber', '*.input.appKey', '*.input.appSecret', '*.input.accountNumber',
];

export interface BotLoggerOptions {
  /** Default: LOG_LEVEL, else `silent` under vitest, else `info`. */
  level?: string;
  destination?: DestinationStream;
}

/** The one place the bot creates its root logger; subsystems take children via {@link botLoggers}. */
export function createBotLogger(options: BotLoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  return pino({ level, redact: { paths: BOT_REDACT_PATHS, censor: '[redacted]' }, base: { service: 'bot' } }, options.destination);
}

export interface BotLoggers {
  root: Logger;
  commands: Logger;
  events: Logger;
  console: Logger;
}

/** A logger writing to stderr, for the CLIs: logs never mix with the chat on stdout. */
export function createStderrLogger(level: string): Logger {
  return createBotLogger({ level, destination: pino.destination(2) });
}

/** A logger that drops everything: the default for components built without one. */
export function silentLogger(): Logger {
  return createBotLogger({ level: 'silent' });
}

/** Named child loggers per subsystem. */
export function botLoggers(root: Logger): BotLoggers {
  return {
    root,
    commands: root.child({ subsystem: 'commands' }),
    events: root.child({ subsystem: 'events' }),
    console: root.child({ subsystem: 'console' }),
  };
}

import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino censors wherever they appear (one level of nesting via `*`): the bearer token and
 * authorization headers, broker app keys and secrets, account numbers.
 */
export const REDACT_PATHS: readonly string[] = [
  'token', '*.token', 'authorization', '*.authorization',
  'req.headers.authorization', 'headers.authorization', '*.headers.authorization',
  'appKey', '*.appKey', 'appSecret', '*.appSecret', 'secret', '*.secret',
  'accountNumber', '*.accountNumber',
];

export interface CreateLoggerOptions {
  /** Defaults to LOG_LEVEL, else `silent` under vitest and `info` otherwise. */
  level?: string | undefined;
  /** Where lines go (stdout by default); tests pass a capture stream. */
  destination?: DestinationStream;
}

/** The root logger. Nobody else calls `pino()`; subsystems take a child from `bridgeLoggers`. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const level = options.level ?? process.env['LOG_LEVEL'] ?? (process.env['VITEST'] ? 'silent' : 'info');
  const pinoOptions = { name: 'windows-bridge', level, redact: { paths: [...REDACT_PATHS], censor: '[redacted]' } };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

/** The named child loggers of the bridge's subsystems. */
export interface BridgeLoggers {
  root: Logger;
  protocol: Logger;
  events: Logger;
  paper: Logger;
  state: Logger;
}

/** Children of `root` with a fixed `component` field per subsystem. */
export function bridgeLoggers(root: Logger): BridgeLoggers {
  return {
    root,
    protocol: root.child({ component: 'protocol' }),
    events: root.child({ component: 'event-stream' }),
    paper: root.child({ component: 'paper-broker' }),
    state: root.child({ component: 'paper-state' }),
  };
}

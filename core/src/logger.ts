import { pino, type DestinationStream, type Logger } from 'pino';

/** Paths whose values are secrets: they are replaced in every log line, whatever the level. */
export const REDACT_PATHS = [
  'req.headers.authorization', 'headers.authorization', 'authorization', '*.authorization',
  'token', '*.token', 'coreToken', 'bridgeToken', '*.coreToken', '*.bridgeToken',
  'CORE_TOKEN', 'BRIDGE_TOKEN', 'MASTER_KEY', '*.CORE_TOKEN', '*.BRIDGE_TOKEN', '*.MASTER_KEY',
  'masterKey', '*.masterKey', 'appKey', 'appSecret', '*.appKey', '*.appSecret',
  'accountNumber', '*.accountNumber', 'credentials', '*.credentials', 'input.code', '*.input.code', 'linkCode',
];

/** The one place core creates its logger; subsystems take named children of it. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'core' } }, destination);
}

export interface CoreLoggers {
  root: Logger;
  http: Logger;
  order: Logger;
  bridge: Logger;
  events: Logger;
  db: Logger;
}

export function childLoggers(root: Logger): CoreLoggers {
  return {
    root,
    http: root.child({ subsystem: 'http' }),
    order: root.child({ subsystem: 'order' }),
    bridge: root.child({ subsystem: 'bridge' }),
    events: root.child({ subsystem: 'events' }),
    db: root.child({ subsystem: 'db' }),
  };
}

import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localeSchema, TIERS, type Tier } from '@tradedesk/contracts';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import type { SchedulerPolicy } from './domain/session-scheduler.js';
import { DEFAULT_TIER_LIMITS, type CoreTierLimits } from './domain/tier-policy.js';

/** The repository root, found from this file so commands work from any working directory. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const intFromEnv = (min: number) => z.coerce.number().int().min(min);
const optionalNonEmpty = z.string().trim().min(1).optional().or(z.literal('').transform(() => undefined));

/**
 * core's configuration, from the environment (and `.env` at the repo root). Every variable is listed
 * in `.env.example`. Without DATABASE_URL core runs on PGlite under DATA_DIR; without CORE_TOKEN,
 * BRIDGE_TOKEN or MASTER_KEY it generates them once into DATA_DIR (mode 0600).
 */
export const coreEnvSchema = z.object({
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optionalNonEmpty,
  CORE_HOST: z.string().default('127.0.0.1'),
  CORE_PORT: intFromEnv(0).max(65_535).default(8787),
  CORE_TOKEN: z.string().min(16, 'CORE_TOKEN must be at least 16 characters').optional(),
  MASTER_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'MASTER_KEY must be 64 hex characters (32 bytes)').optional(),
  /** Where the windows-bridge listens. Empty: `npm start` runs the paper bridge in-process. */
  BRIDGE_URL: optionalNonEmpty,
  BRIDGE_TOKEN: z.string().min(16, 'BRIDGE_TOKEN must be at least 16 characters').optional(),
  BRIDGE_REQUEST_TIMEOUT_MS: intFromEnv(100).default(10_000),
  DEFAULT_LOCALE: localeSchema.default('ko'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Write logs to this file instead of stdout (npm start does so while the terminal chat owns the screen). */
  LOG_FILE: optionalNonEmpty,
  LINK_CODE_TTL_MINUTES: intFromEnv(1).default(24 * 60),
  LINK_FAILURES_MAX: intFromEnv(1).default(5),
  LINK_FAILURE_WINDOW_MINUTES: intFromEnv(1).default(15),
  PAPER_INITIAL_CASH_KRW: intFromEnv(0).default(100_000_000),
  ORDER_QUEUE_MAX: intFromEnv(1).default(1_000),
  BRIDGE_ORDERS_PER_SECOND_MAX: intFromEnv(1).default(10),
  /** How many users may exist; `admin invite` of a new user beyond it is refused (ACTIVE_USERS_LIMIT). */
  ACTIVE_USERS_MAX: intFromEnv(1).default(10),
  /** A queued order older than this is expired instead of sent (after a long broker outage). */
  ORDER_STALE_AFTER_MS: intFromEnv(1_000).default(10 * 60_000),
  /** All requests to the bridge, per minute (the broker's call limit). */
  BRIDGE_CALLS_PER_MINUTE_MAX: intFromEnv(1).default(600),
  /** An order waiting this long forces a session switch to its account (nobody starves). */
  SCHEDULER_AGING_MS: intFromEnv(1_000).default(30_000),
  /** A session held this long while other accounts wait is rotated. */
  SESSION_ROTATION_INTERVAL_MS: intFromEnv(1_000).default(30_000),
  /** A broker session with nothing to do for this long is logged out. */
  SESSION_IDLE_TIMEOUT_MS: intFromEnv(1_000).default(300_000),
  /** How often each account's positions are compared with the broker's (RECON-8), while it is in session. */
  POSITION_CHECK_INTERVAL_MS: intFromEnv(1_000).default(30 * 60_000),
  /**
   * A symbol whose broker quantity differs from core's by at most this percentage of the larger is
   * adjusted to the broker's; any larger difference pauses the user's trading and alerts operators.
   */
  POSITION_DRIFT_ADJUST_MAX_PCT: z.coerce.number().min(0).max(100).default(2),
  /** JSON overriding any tier limit, e.g. {"free":{"tradesPerDay":5,"commandsPerMinute":10}}. */
  TIER_LIMITS_JSON: optionalNonEmpty,
});
export type CoreEnv = z.infer<typeof coreEnvSchema>;

const tierOverridesSchema = z.partialRecord(z.enum(TIERS), z.object({
  tradesPerDay: z.number().int().nonnegative(),
  strategiesMax: z.number().int().nonnegative(),
  openPositionsMax: z.number().int().nonnegative(),
  orderValueMaxKrw: z.number().int().positive(),
  commandsPerMinute: z.number().int().positive(),
  alertsMax: z.number().int().nonnegative(),
}).partial());

/** Armed price alerts a user may have per tier (issue #5); TIER_LIMITS_JSON overrides it as `alertsMax`. */
export const DEFAULT_ALERTS_MAX: Readonly<Record<Tier, number>> = { free: 5, basic: 20, premium: 100 };

export interface CoreConfig extends CoreEnv {
  dataDir: string;
  tierLimits: Record<Tier, CoreTierLimits & { alertsMax: number }>;
  schedulerPolicy: SchedulerPolicy;
}

/** Parses core's configuration; a bad value stops start-up with a message naming the variable. */
export function parseCoreConfig(env: NodeJS.ProcessEnv = process.env): CoreConfig {
  const parsed = coreEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const overrides = parsed.data.TIER_LIMITS_JSON
    ? tierOverridesSchema.parse(JSON.parse(parsed.data.TIER_LIMITS_JSON))
    : {};
  const tierLimits = Object.fromEntries(
    TIERS.map((tier) => [tier, { ...DEFAULT_TIER_LIMITS[tier], alertsMax: DEFAULT_ALERTS_MAX[tier], ...overrides[tier] }]),
  ) as CoreConfig['tierLimits'];
  const schedulerPolicy: SchedulerPolicy = {
    agingMs: parsed.data.SCHEDULER_AGING_MS,
    rotationIntervalMs: parsed.data.SESSION_ROTATION_INTERVAL_MS,
    idleTimeoutMs: parsed.data.SESSION_IDLE_TIMEOUT_MS,
  };
  return { ...parsed.data, dataDir: resolve(REPO_ROOT, parsed.data.DATA_DIR), tierLimits, schedulerPolicy };
}

/** Loads `.env` from the repo root if there is one; the real environment wins. */
export function loadDotenvFile(): void {
  const file = resolve(REPO_ROOT, '.env');
  if (existsSync(file)) loadDotenv({ path: file, quiet: true });
}

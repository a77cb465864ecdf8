import { z } from 'zod';
import {
  PAPER_COMMISSION_BPS_DEFAULT,
  PAPER_LIQUIDITY_SHARES_PER_TICK_DEFAULT,
  PAPER_ORDERS_PER_ACCOUNT_MAX_DEFAULT,
  PAPER_QUOTE_SUBSCRIPTIONS_MAX,
  PAPER_TICK_INTERVAL_MS_DEFAULT,
} from './brokers/paper/paper-constants.js';
import { faultSeedFromFeedSeed, paperFaultsSchema, type PaperFaults } from './brokers/paper/paper-faults.js';
import { paperRateLimitOptions } from './brokers/paper/paper-rate-limits.js';
import { PAPER_SWITCH_COST_MS_DEFAULT, type PaperSessionOptions } from './brokers/paper/paper-sessions.js';
import { REPLAY_BUFFER_EVENTS_MAX_DEFAULT } from './protocol/event-stream.js';

/** Ping interval; a connection that has not answered the previous ping by the next one is terminated. */
export const HEARTBEAT_INTERVAL_MS_DEFAULT = 15_000;

const intFromEnv = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/*
 * .env.example lines for the paper broker's sessions, rate limits and fault injection:
 *
 * # unlimited (default): every account is always in session (slots: null), session requests are
 * # no-ops. single: like Kiwoom OpenAPI+ — PAPER_SESSION_SLOTS accounts logged in at once, a login
 * # takes PAPER_SWITCH_COST_MS; orders/cancels/queries/balances of an account out of session are
 * # RETRYABLE NOT_IN_SESSION and its events are never pushed (core finds them with query_orders).
 * PAPER_SESSION_MODE=unlimited
 * # single mode only: login slots (1 = OpenAPI+) and the time a login takes on the bridge clock.
 * PAPER_SESSION_SLOTS=1
 * PAPER_SWITCH_COST_MS=3000
 * # Declared in capabilities and enforced (beyond them: RETRYABLE BUSY). Orders and cancels per
 * # second per account, and place/cancel/query/balance/quote calls per minute over all accounts.
 * # Empty: 100 and 6000 (unlimited mode), 5 and 600 (single mode).
 * PAPER_ORDERS_PER_SECOND_MAX=
 * PAPER_CALLS_PER_MINUTE_MAX=
 * # false: like KIS and Kiwoom, which keep no client order id (an order whose placement answer was
 * # lost is listed without one until core claims it; placing the same id again places a second order).
 * PAPER_CLIENT_ORDER_IDS=true
 * # Symbols whose quotes are streamed at once, declared as quoteSubscriptionsMax (KIS: about 41).
 * PAPER_QUOTE_SUBSCRIPTIONS_MAX=200
 * # Fault injection for tests and simulation; empty = none. A JSON object, every key optional:
 * # probabilities 0..1 "rejectProbability" (REJECTED INJECTED_FAULT), "timeoutBeforeAccept" (no
 * # answer, nothing done), "timeoutAfterAccept" (no answer, but done), "duplicateEvents",
 * # "reorderEvents" (one action's events shuffled before their seq), "dropConnection" (core's socket
 * # closed after a request), "crashDuringSwitch" (open_session fails halfway: SWITCH_FAILED);
 * # "delayMs": {"min":0,"max":500} for every answer and event batch; "seed" (default derived from PAPER_SEED).
 * # Buggify points (SIM-8): "truncateAnswer", "emptyAnswer" (answers cut in half or emptied;
 * # "corruptAnswersOf": ["place_order"] limits them to some requests) and "fillBeforeAck".
 * # e.g. {"seed":7,"timeoutAfterAccept":0.05,"duplicateEvents":0.1,"delayMs":{"min":0,"max":200}}
 * PAPER_FAULTS=
 */
const faultsFromEnv = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'PAPER_FAULTS must be a JSON object' });
    return z.NEVER;
  }
}).pipe(paperFaultsSchema);

const envSchema = z.object({
  BRIDGE_HOST: z.string().min(1).default('127.0.0.1'),
  BRIDGE_PORT: intFromEnv(0, 65_535).default(8788),
  BRIDGE_TOKEN: z.string({ error: 'BRIDGE_TOKEN is required' }).min(16, 'BRIDGE_TOKEN must be at least 16 characters'),
  BRIDGE_ID: z.string().min(1).max(64).default('bridge-1'),
  BRIDGE_BROKER: z.string().default('paper').pipe(
    z.literal('paper', { error: 'only "paper" is available for now (kis and kiwoom adapters are not built yet)' }),
  ),
  BRIDGE_HEARTBEAT_INTERVAL_MS: intFromEnv(10, 600_000).default(HEARTBEAT_INTERVAL_MS_DEFAULT),
  BRIDGE_REPLAY_BUFFER_MAX: intFromEnv(1, 1_000_000).default(REPLAY_BUFFER_EVENTS_MAX_DEFAULT),
  PAPER_STATE_FILE: z.string().min(1).optional(),
  PAPER_SEED: intFromEnv(0, 2 ** 32 - 1).default(1),
  PAPER_TICK_INTERVAL_MS: intFromEnv(10, 3_600_000).default(PAPER_TICK_INTERVAL_MS_DEFAULT),
  PAPER_LIQUIDITY_SHARES_PER_TICK: intFromEnv(1, 100_000_000).default(PAPER_LIQUIDITY_SHARES_PER_TICK_DEFAULT),
  PAPER_COMMISSION_BPS: z.coerce.number().min(0).max(100).default(PAPER_COMMISSION_BPS_DEFAULT),
  PAPER_ORDERS_PER_ACCOUNT_MAX: intFromEnv(10, 1_000_000).default(PAPER_ORDERS_PER_ACCOUNT_MAX_DEFAULT),
  PAPER_SESSION_MODE: z.enum(['unlimited', 'single']).default('unlimited'),
  PAPER_SESSION_SLOTS: intFromEnv(1, 1_000).default(1),
  PAPER_SWITCH_COST_MS: intFromEnv(0, 600_000).default(PAPER_SWITCH_COST_MS_DEFAULT),
  PAPER_ORDERS_PER_SECOND_MAX: intFromEnv(1, 1_000_000).optional(),
  PAPER_CALLS_PER_MINUTE_MAX: intFromEnv(1, 10_000_000).optional(),
  PAPER_QUOTE_SUBSCRIPTIONS_MAX: intFromEnv(1, 10_000).default(PAPER_QUOTE_SUBSCRIPTIONS_MAX),
  PAPER_CLIENT_ORDER_IDS: z.enum(['true', 'false']).default('true'),
  PAPER_FAULTS: faultsFromEnv.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});

/** The bridge's configuration, parsed from the environment. */
export interface BridgeConfig {
  host: string;
  /** 0 = an ephemeral port (tests). */
  port: number;
  /** The shared secret core presents as `Authorization: Bearer <token>`. */
  token: string;
  bridgeId: string;
  broker: 'paper';
  heartbeatIntervalMs: number;
  replayBufferEventsMax: number;
  paper: {
    /** Undefined = in memory: nothing survives a restart. */
    stateFile: string | undefined;
    seed: number;
    tickIntervalMs: number;
    liquiditySharesPerTick: number;
    commissionBps: number;
    ordersPerAccountMax: number;
    /** `{ mode: 'unlimited' }`, or `single` with its slots and switch cost. */
    sessions: PaperSessionOptions;
    ordersPerSecondMax: number;
    callsPerMinuteMax: number;
    /** Symbols streamed at once (declared as `quoteSubscriptionsMax`); KIS allows about 41. */
    quoteSubscriptionsMax: number;
    /** false: like KIS and Kiwoom, no client order ids at the broker (IDEM-11). */
    clientOrderIds: boolean;
    /** Undefined = no fault injection. `seed` is always set (derived from PAPER_SEED unless given). */
    faults: PaperFaults | undefined;
  };
  logLevel: string | undefined;
}

/** Thrown for a configuration the bridge cannot start with; the message lists every problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the bridge's environment: BRIDGE_HOST (127.0.0.1), BRIDGE_PORT (8788; 0 = ephemeral),
 * BRIDGE_TOKEN (required, ≥ 16 chars), BRIDGE_ID (bridge-1), BRIDGE_BROKER (paper; kis/kiwoom are
 * refused for now), BRIDGE_HEARTBEAT_INTERVAL_MS (15000), BRIDGE_REPLAY_BUFFER_MAX (10000),
 * PAPER_STATE_FILE (unset = in memory), PAPER_SEED (1), PAPER_TICK_INTERVAL_MS (1000),
 * PAPER_LIQUIDITY_SHARES_PER_TICK (1000), PAPER_COMMISSION_BPS (1.5), PAPER_ORDERS_PER_ACCOUNT_MAX
 * (50000), PAPER_SESSION_MODE (unlimited | single), PAPER_SESSION_SLOTS (1) and PAPER_SWITCH_COST_MS
 * (3000) (single mode only), PAPER_ORDERS_PER_SECOND_MAX and PAPER_CALLS_PER_MINUTE_MAX (100 and
 * 6000; single mode 5 and 600), PAPER_QUOTE_SUBSCRIPTIONS_MAX (200), PAPER_CLIENT_ORDER_IDS (true), PAPER_FAULTS (JSON, unset = none; see the .env.example lines above
 * and `PaperFaults`), LOG_LEVEL. Empty strings count as unset. Values are never echoed back in the error, so a
 * mistyped token does not end up in a log.
 * @example parseBridgeConfig({ BRIDGE_TOKEN: 'a-long-enough-secret' }).port // 8788
 */
export function parseBridgeConfig(env: Readonly<Record<string, string | undefined>>): BridgeConfig {
  const emptyAsUnset = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(emptyAsUnset);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`);
    throw new ConfigError(`invalid bridge configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const sessions: PaperSessionOptions = e.PAPER_SESSION_MODE === 'single'
    ? { mode: 'single', slots: e.PAPER_SESSION_SLOTS, switchCostMs: e.PAPER_SWITCH_COST_MS }
    : { mode: 'unlimited' };
  const limits = paperRateLimitOptions(sessions.mode, {
    ...(e.PAPER_ORDERS_PER_SECOND_MAX === undefined ? {} : { ordersPerSecondMax: e.PAPER_ORDERS_PER_SECOND_MAX }),
    ...(e.PAPER_CALLS_PER_MINUTE_MAX === undefined ? {} : { callsPerMinuteMax: e.PAPER_CALLS_PER_MINUTE_MAX }),
  });
  return {
    host: e.BRIDGE_HOST,
    port: e.BRIDGE_PORT,
    token: e.BRIDGE_TOKEN,
    bridgeId: e.BRIDGE_ID,
    broker: e.BRIDGE_BROKER,
    heartbeatIntervalMs: e.BRIDGE_HEARTBEAT_INTERVAL_MS,
    replayBufferEventsMax: e.BRIDGE_REPLAY_BUFFER_MAX,
    paper: {
      stateFile: e.PAPER_STATE_FILE,
      seed: e.PAPER_SEED,
      tickIntervalMs: e.PAPER_TICK_INTERVAL_MS,
      liquiditySharesPerTick: e.PAPER_LIQUIDITY_SHARES_PER_TICK,
      commissionBps: e.PAPER_COMMISSION_BPS,
      ordersPerAccountMax: e.PAPER_ORDERS_PER_ACCOUNT_MAX,
      sessions,
      ...limits,
      quoteSubscriptionsMax: e.PAPER_QUOTE_SUBSCRIPTIONS_MAX,
      clientOrderIds: e.PAPER_CLIENT_ORDER_IDS === 'true',
      faults: e.PAPER_FAULTS === undefined ? undefined : { ...e.PAPER_FAULTS, seed: e.PAPER_FAULTS.seed ?? faultSeedFromFeedSeed(e.PAPER_SEED) },
    },
    logLevel: e.LOG_LEVEL,
  };
}

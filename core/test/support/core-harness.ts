import { Writable } from 'node:stream';
import {
  CORE_COMMANDS, errorBodySchema, type ChatIdentity, type CoreCommandInput, type CoreCommandName,
  type CoreCommandOutput, type ErrorBody,
} from '@tradedesk/contracts';
import { parseBridgeConfig, startBridge, type RunningBridge } from '@tradedesk/windows-bridge';
import { buildCore, type Core } from '../../src/app.js';
import { cryptoIdSource } from '../../src/adapters/crypto-id-source.js';
import { systemClock } from '../../src/adapters/system-clock.js';
import { adminInvite } from '../../src/commands/admin-invite.js';
import { parseCoreConfig, type CoreConfig } from '../../src/config.js';
import type { SqlClient } from '../../src/db/sql-client.js';
import { childLoggers, createLogger } from '../../src/logger.js';
import { SymbolMaster } from '../../src/market/symbol-master.js';
import type { Clock } from '../../src/ports/clock.js';
import { openTestDb, type TestBackend } from './test-db.js';

const symbols = SymbolMaster.fromCsvFile();
export const TEST_CORE_TOKEN = 'test-core-token-0123456789';
export const TEST_BRIDGE_TOKEN = 'test-bridge-token-0123456789';
export const TEST_MASTER_KEY = new Uint8Array(32).fill(7);
/**
 * TIER_LIMITS_JSON lifting the per-user command rate (BOT-13) for tests that send bursts of commands
 * about something else; the limit itself is tested in command-rate-limit.test.ts.
 */
export const UNLIMITED_COMMANDS = JSON.stringify(Object.fromEntries(['free', 'basic', 'premium'].map((tier) => [tier, { commandsPerMinute: 1_000_000 }])));

/** Captures every log line, so tests can assert what never appears in logs. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(chunk.toString());
    done();
  }
}

export interface Harness {
  db: SqlClient;
  core: Core;
  bridge: RunningBridge | null;
  config: CoreConfig;
  logs: LogCapture;
  baseUrl: string;
  /** Calls a core command over real HTTP; resolves with the output or the error body. */
  call<N extends CoreCommandName>(name: N, identity: ChatIdentity, input: CoreCommandInput<N>, idempotencyKey?: string): Promise<CallResult<N>>;
  invite(name: string, tier: 'free' | 'basic' | 'premium'): Promise<string>;
  startBridge(): Promise<void>;
  stopBridge(): Promise<void>;
  /** Stops core (not the database) and builds a fresh one on the same database: a restart. */
  restartCore(): Promise<void>;
  dispose(): Promise<void>;
}

export type CallResult<N extends CoreCommandName> = { ok: true; output: CoreCommandOutput<N> } | { ok: false; status: number; error: ErrorBody['error'] };

export function consoleIdentity(name: string): ChatIdentity {
  return { platform: 'console', platformUserId: name, chatId: name, isPrivateChat: true };
}

export interface HarnessOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** Leave the bridge stopped at start. */
  bridgeDown?: boolean;
  bridgeStateFile?: string;
  /** Extra paper-bridge settings, e.g. PAPER_SESSION_MODE=single. */
  bridgeEnv?: Record<string, string>;
  /** false: core runs no strategy runner (a test drives its own). */
  runStrategies?: boolean;
}

/**
 * core as in production (real HTTP, real WebSocket to a real paper bridge on loopback), on a fresh
 * migrated database of the given backend.
 */
export async function startHarness(backend: TestBackend, options: HarnessOptions = {}): Promise<Harness> {
  const { db, dispose: disposeDb } = await openTestDb(backend);
  const logs = new LogCapture();
  const bridgePort = await freePort();
  const config = parseCoreConfig({
    CORE_PORT: '0', BRIDGE_URL: `ws://127.0.0.1:${bridgePort}`, LOG_LEVEL: 'debug', BRIDGE_REQUEST_TIMEOUT_MS: '3000', ...options.env,
  });
  const clock = options.clock ?? systemClock;
  let bridge: RunningBridge | null = null;
  const makeCore = () => buildCore({
    config, db, clock, ids: cryptoIdSource, log: childLoggers(createLogger('debug', logs)), symbols,
    coreToken: TEST_CORE_TOKEN, bridgeToken: TEST_BRIDGE_TOKEN, masterKey: TEST_MASTER_KEY,
    ...(options.runStrategies === false ? { runStrategies: false } : {}),
    // Briefs and summaries follow the wall clock; tests of them drive the schedule themselves.
    sendScheduledMessages: false,
  });
  let core = makeCore();
  let baseUrl = await core.start();

  const harness: Harness = {
    db, config, logs,
    get core() { return core; },
    get bridge() { return bridge; },
    get baseUrl() { return baseUrl; },
    async call(name, identity, input, idempotencyKey) {
      const response = await fetch(`${baseUrl}/v1/commands/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_CORE_TOKEN}` },
        body: JSON.stringify({ identity, input, ...(idempotencyKey ? { idempotencyKey } : {}) }),
      });
      const body: unknown = await response.json();
      if (response.ok) return { ok: true, output: CORE_COMMANDS[name].output.parse(body) as never };
      return { ok: false, status: response.status, error: errorBodySchema.parse(body).error };
    },
    async invite(name, tier) {
      const result = await adminInvite(core.deps, { name, tier, operator: false });
      return result.code;
    },
    async startBridge() {
      bridge = await startBridge({
        config: parseBridgeConfig({
          BRIDGE_PORT: String(bridgePort), BRIDGE_TOKEN: TEST_BRIDGE_TOKEN, PAPER_TICK_INTERVAL_MS: '100',
          ...(options.bridgeStateFile ? { PAPER_STATE_FILE: options.bridgeStateFile } : {}), LOG_LEVEL: 'silent',
          ...options.bridgeEnv,
        }),
      });
      await waitFor(() => core.deps.broker.isReady, 'bridge ready');
    },
    async stopBridge() {
      await bridge?.stop();
      bridge = null;
      await waitFor(() => !core.deps.broker.isReady, 'bridge gone');
    },
    async restartCore() {
      await core.stop();
      core = makeCore();
      baseUrl = await core.start();
      if (bridge) await waitFor(() => core.deps.broker.isReady, 'bridge ready after restart');
    },
    async dispose() {
      await core.stop();
      await bridge?.stop();
      await disposeDb();
    },
  };
  if (!options.bridgeDown) await harness.startBridge();
  return harness;
}

/** Polls until `check` holds (bounded); for conditions reached through real sockets and timers. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

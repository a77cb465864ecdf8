import {
  ADMIN_COMMANDS, CORE_COMMANDS, errorBodySchema, type AdminCommandInput, type AdminCommandName, type ChatIdentity,
  type CoreCommandInput, type CoreCommandName, type ErrorBody,
} from '@tradedesk/contracts';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCore, type Core } from '../../src/app.js';
import { cryptoIdSource } from '../../src/adapters/crypto-id-source.js';
import { systemClock } from '../../src/adapters/system-clock.js';
import { adminInvite } from '../../src/commands/admin-invite.js';
import { parseCoreConfig } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { openPostgres } from '../../src/db/postgres-client.js';
import type { SqlClient } from '../../src/db/sql-client.js';
import { childLoggers, createLogger } from '../../src/logger.js';
import { SymbolMaster } from '../../src/market/symbol-master.js';
import { consoleIdentity, TEST_BRIDGE_TOKEN, TEST_CORE_TOKEN, TEST_MASTER_KEY, UNLIMITED_COMMANDS } from '../support/core-harness.js';

/**
 * Two core processes' worth of core (each its own connection pool and HTTP port) on one fresh
 * PostgreSQL database: every limit must hold across them, since nothing is shared but the
 * database. PGlite is one process's by construction, so this runs on PostgreSQL only.
 */
const serverUrl = process.env['TEST_DATABASE_URL'];
const ONLY_ON_POSTGRES = !serverUrl;
const ACTIVE_USERS_MAX = 20;

type Result = { ok: true; output: unknown } | { ok: false; status: number; error: ErrorBody['error'] };
interface Node { core: Core; db: SqlClient; url: string }

async function post(url: string, body: unknown): Promise<Result> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_CORE_TOKEN}` },
    body: JSON.stringify(body),
  });
  const json: unknown = await response.json();
  return response.ok ? { ok: true, output: json } : { ok: false, status: response.status, error: errorBodySchema.parse(json).error };
}

const call = <N extends CoreCommandName>(node: Node, name: N, identity: ChatIdentity, input: CoreCommandInput<N>, key?: string) =>
  post(`${node.url}/v1/commands/${name}`, { identity, input, ...(key ? { idempotencyKey: key } : {}) })
    .then((r) => (r.ok ? { ...r, output: CORE_COMMANDS[name].output.parse(r.output) } : r));

const admin = <N extends AdminCommandName>(node: Node, name: N, input: AdminCommandInput<N>) =>
  post(`${node.url}/v1/admin/${name}`, { actor: { system: 'admin-cli' }, input })
    .then((r) => (r.ok ? { ...r, output: ADMIN_COMMANDS[name].output.parse(r.output) } : r));

async function withServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('two cores sharing one PostgreSQL (PostgreSQL only: set TEST_DATABASE_URL)', () => {
  const symbols = SymbolMaster.fromCsvFile();
  const databaseName = `td_two_cores_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let a: Node;
  let b: Node;
  let nodes: Node[] = [];

  const startNode = async (databaseUrl: string): Promise<Node> => {
    // The bridge is down for both (nothing listens on port 9): orders are admitted on cached quotes and stay queued.
    // Bursts of 50 commands from one user: the per-user command rate (BOT-13) is tested elsewhere.
    const config = parseCoreConfig({
      CORE_PORT: '0', BRIDGE_URL: 'ws://127.0.0.1:9', LOG_LEVEL: 'silent', ACTIVE_USERS_MAX: String(ACTIVE_USERS_MAX), TIER_LIMITS_JSON: UNLIMITED_COMMANDS,
    });
    const db = openPostgres(databaseUrl, { max: 10 });
    const core = buildCore({
      config, db, clock: systemClock, ids: cryptoIdSource, log: childLoggers(createLogger('silent')), symbols,
      coreToken: TEST_CORE_TOKEN, bridgeToken: TEST_BRIDGE_TOKEN, masterKey: TEST_MASTER_KEY,
    });
    const node = { core, db, url: await core.start() };
    nodes.push(node);
    return node;
  };

  beforeAll(async () => {
    if (ONLY_ON_POSTGRES) return;
    await withServer((client) => client.query(`create database "${databaseName}"`));
    const url = new URL(serverUrl!);
    url.pathname = `/${databaseName}`;
    const migrator = openPostgres(url.toString(), { max: 1 });
    await migrate(migrator).finally(() => migrator.close());
    a = await startNode(url.toString());
    b = await startNode(url.toString());
  });
  afterAll(async () => {
    if (ONLY_ON_POSTGRES) return;
    for (const node of nodes) await node.core.stop().finally(() => node.db.close());
    nodes = [];
    await withServer((client) => client.query(`drop database if exists "${databaseName}" with (force)`));
  });

  /** Invites and links a user through core A; the quotes go into both cores' caches. */
  const newTrader = async (name: string, tier: 'free' | 'basic'): Promise<{ identity: ChatIdentity; userId: string }> => {
    const identity = consoleIdentity(name);
    const { code, userId } = await adminInvite(a.core.deps, { name, tier, operator: false });
    const linked = await call(a, 'link', identity, { code });
    if (!linked.ok) throw new Error(linked.error.code);
    return { identity, userId };
  };
  const putQuotes = (codes: string[]) => {
    for (const node of [a, b]) {
      for (const symbol of codes) {
        node.core.deps.quotes.put({ symbol, lastKrw: 70_000, prevCloseKrw: 70_000, openKrw: 70_000, highKrw: 70_000, lowKrw: 70_000, volumeShares: 0, upperLimitKrw: 91_000, lowerLimitKrw: 49_000, at: Date.now() });
      }
    }
  };
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(Date.now());

  it.skipIf(ONLY_ON_POSTGRES)('50 concurrent orders split across two cores from a free user with 9 trades used admit exactly one', async () => {
    const { identity, userId } = await newTrader('carol', 'free');
    await a.db.query('insert into daily_usage (user_id, trading_day, trades_used) values ($1, $2, 9)', [userId, today()]);
    putQuotes(['005930']);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      call(i % 2 === 0 ? a : b, 'place_order', identity, { symbol: '005930', side: 'buy', qtyShares: 1, priceKrw: 60_000 }, `race-${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'DAILY_TRADE_LIMIT')).toHaveLength(49);
    expect(await a.db.query('select trades_used from daily_usage where user_id = $1', [userId])).toEqual([{ trades_used: 10 }]);
    expect(await a.db.query('select count(*)::int as n from orders where user_id = $1', [userId])).toEqual([{ n: 1 }]);
  });

  it.skipIf(ONLY_ON_POSTGRES)('concurrent buys of new symbols split across two cores at max-1 open positions admit exactly one symbol', async () => {
    const { identity, userId } = await newTrader('petra', 'free'); // free: at most 5 open positions
    const account = (await a.db.query<{ id: string }>('select id from broker_accounts where user_id = $1', [userId]))[0]!;
    for (const symbol of ['005930', '000660', '035420', '035720']) {
      await a.db.query('insert into positions (account_id, user_id, symbol, qty_shares) values ($1, $2, $3, 1)', [account.id, userId, symbol]);
    }
    const fresh = ['005380', '051910', '006400', '068270', '207940'];
    putQuotes(fresh);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      call(i % 2 === 0 ? a : b, 'place_order', identity, { symbol: fresh[i % 5]!, side: 'buy', qtyShares: 1, priceKrw: 60_000 }, `pos-${i}`)));
    const admitted = new Set(results.flatMap((r) => (r.ok ? [(r.output as { order: { symbol: string } }).order.symbol] : [])));
    expect(admitted.size).toBe(1);
    expect(results.every((r) => r.ok || r.error.code === 'OPEN_POSITIONS_LIMIT')).toBe(true);
  });

  it.skipIf(ONLY_ON_POSTGRES)('a halt or pause through one core is obeyed by the other', async () => {
    const { identity } = await newTrader('hank', 'basic');
    putQuotes(['005930']);
    const order = { symbol: '005930', side: 'buy', qtyShares: 1, priceKrw: 60_000 } as const;
    try {
      expect(await admin(a, 'halt', {})).toMatchObject({ ok: true });
      expect(await call(b, 'place_order', identity, order)).toMatchObject({ ok: false, error: { code: 'TRADING_HALTED' } });
      expect(await admin(b, 'resume', {})).toMatchObject({ ok: true });
      expect(await call(a, 'place_order', identity, order)).toMatchObject({ ok: true });
      expect(await admin(b, 'pause', { name: 'hank', paused: true })).toMatchObject({ ok: true });
      expect(await call(a, 'place_order', identity, order)).toMatchObject({ ok: false, error: { code: 'USER_PAUSED' } });
    } finally {
      await admin(a, 'resume', {});
    }
  });

  it.skipIf(ONLY_ON_POSTGRES)('concurrent invites split across two cores at ACTIVE_USERS_MAX-1 admit exactly one', async () => {
    const count = async () => (await a.db.query<{ n: number }>('select count(*)::int as n from users'))[0]!.n;
    const filler: string[] = [];
    while ((await count()) < ACTIVE_USERS_MAX - 1) {
      filler.push(`filler${filler.length}`);
      await adminInvite(a.core.deps, { name: filler.at(-1)!, tier: 'free', operator: false });
    }
    const names = Array.from({ length: 8 }, (_, i) => `late${i}`);
    try {
      const results = await Promise.all(names.map((name, i) => admin(i % 2 === 0 ? a : b, 'invite', { name, tier: 'free' })));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.error.code === 'ACTIVE_USERS_LIMIT')).toHaveLength(7);
      expect(await count()).toBe(ACTIVE_USERS_MAX);
    } finally {
      // The other tests invite users too, in any order: give the places back.
      await a.db.query('delete from users where name = any($1::text[])', [[...filler, ...names]]);
    }
  });
});

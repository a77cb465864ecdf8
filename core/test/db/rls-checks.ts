import { assumeRole, type RoleIdentity } from '../../src/db/as-user.js';
import type { SqlTx } from '../../src/db/sql-client.js';
import { FIXTURE_SYMBOL, type RlsFixture, type UserRows } from './rls-fixture.js';

/**
 * RLS and grant checks as pure functions of a transaction and the fixture: each returns the list
 * of violations it found (empty = the rule holds). The RLS tests assert each returns [], and the
 * RLS-9 mutation test asserts that breaking any policy makes the combined list non-empty, so a
 * check that could never fail would be caught.
 *
 * Every attempt runs inside a savepoint that is rolled back, so checks never change the fixture
 * and can run in any order inside one transaction.
 */
export interface RlsCheck {
  /** RELIABILITY.md id, e.g. `RLS-3`. */
  id: string;
  name: string;
  run(tx: SqlTx, fx: RlsFixture): Promise<string[]>;
}

type Row = Record<string, unknown>;
type Outcome = { ok: true; rows: Row[] } | { ok: false; error: string };
type Identity = RoleIdentity | { role: 'service_role' };

/** Tables this suite knows; RLS-1 fails if one goes missing. Others found in the schema must be server-only. */
export const KNOWN_TABLES = [
  'audit_log', 'broker_accounts', 'chat_links', 'daily_usage', 'fills', 'link_attempts', 'link_codes', 'market_bars',
  'notification_prefs', 'notifications', 'orders', 'position_adjustments', 'positions', 'price_alerts', 'strategies', 'users',
] as const;

/** Every ordinary or partitioned table in the public schema, including ones other migrations add. */
export async function listPublicTables(tx: SqlTx): Promise<{ name: string; rls: boolean }[]> {
  return tx.query<{ name: string; rls: boolean }>(
    `select c.relname::text as name, c.relrowsecurity as rls from pg_class c
     join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`,
  );
}

type Privilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE' | 'REFERENCES' | 'TRIGGER';
const PRIVILEGES: Privilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];

/** Table-level privileges `authenticated` needs, and nothing more (RLS-2); unlisted tables: none. */
const AUTHENTICATED_TABLE_PRIVILEGES: Record<string, Privilege[]> = {
  audit_log: ['SELECT'],
  broker_accounts: [],
  chat_links: ['SELECT', 'DELETE'],
  daily_usage: ['SELECT'],
  fills: ['SELECT'],
  link_attempts: [],
  link_codes: [],
  market_bars: [],
  notification_prefs: ['SELECT'],
  notifications: ['SELECT'],
  orders: ['SELECT'],
  position_adjustments: ['SELECT'],
  positions: ['SELECT'],
  price_alerts: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  strategies: ['SELECT', 'DELETE'],
  users: ['SELECT'],
};

/** Column-level grants that must hold exactly (RLS-2, RLS-6). */
const AUTHENTICATED_COLUMN_PRIVILEGES: { table: string; privilege: Privilege; allowed: string[] }[] = [
  { table: 'users', privilege: 'UPDATE', allowed: ['locale'] },
  {
    table: 'broker_accounts',
    privilege: 'SELECT',
    allowed: ['id', 'user_id', 'broker', 'environment', 'label', 'account_number_masked', 'is_default', 'created_at'],
  },
  { table: 'strategies', privilege: 'UPDATE', allowed: ['enabled'] },
  { table: 'notification_prefs', privilege: 'UPDATE', allowed: ['modes', 'quiet_start_hour', 'quiet_end_hour', 'updated_at'] },
];

/** User-owned tables a user may read: how to select the owner and address one row. */
const OWNED_TABLES: { table: string; owner: string; key: string; rowOf: (u: UserRows) => string | number }[] = [
  { table: 'users', owner: 'id', key: 'id', rowOf: (u) => u.userId },
  { table: 'chat_links', owner: 'user_id', key: 'id', rowOf: (u) => u.chatLinkId },
  { table: 'broker_accounts', owner: 'user_id', key: 'id', rowOf: (u) => u.accountId },
  { table: 'orders', owner: 'user_id', key: 'id', rowOf: (u) => u.orderId },
  { table: 'fills', owner: 'user_id', key: 'id', rowOf: (u) => u.fillId },
  { table: 'positions', owner: 'user_id', key: 'account_id', rowOf: (u) => u.accountId },
  { table: 'position_adjustments', owner: 'user_id', key: 'id', rowOf: (u) => u.adjustmentId },
  { table: 'daily_usage', owner: 'user_id', key: 'user_id', rowOf: (u) => u.userId },
  { table: 'price_alerts', owner: 'user_id', key: 'id', rowOf: (u) => u.alertId },
  { table: 'strategies', owner: 'user_id', key: 'id', rowOf: (u) => u.strategyId },
  { table: 'notifications', owner: 'user_id', key: 'id', rowOf: (u) => u.notificationId },
  { table: 'notification_prefs', owner: 'user_id', key: 'user_id', rowOf: (u) => u.userId },
  { table: 'audit_log', owner: 'user_id', key: 'id', rowOf: (u) => u.auditId },
];

/** A harmless write per table, used to prove B's rows cannot be changed by A. */
const UPDATE_SET: Record<string, string> = {
  users: 'locale = null',
  chat_links: "dm_chat_id = 'hijacked'",
  broker_accounts: "label = 'hijacked'",
  orders: "state = 'cancelled'",
  fills: 'tax_krw = 1',
  positions: 'qty_shares = 0',
  position_adjustments: 'local_qty_shares = 0',
  daily_usage: 'trades_used = 0',
  price_alerts: "state = 'disabled'",
  strategies: 'enabled = true',
  notifications: 'attempts = 9',
  notification_prefs: `modes = '{"fill": "off"}'`,
  audit_log: "outcome = 'hijacked'",
};

const DENIED_ERROR = /permission denied|row-level security/i;

const asA = (fx: RlsFixture, claims?: Record<string, unknown>): RoleIdentity =>
  claims ? { role: 'authenticated', userId: fx.a.userId, claims } : { role: 'authenticated', userId: fx.a.userId };

/**
 * Runs one statement as `identity` inside a savepoint that is always rolled back. `probe`, when
 * given, runs afterwards as the table owner (still inside the savepoint) to observe the effect.
 */
async function attempt(
  tx: SqlTx,
  identity: Identity,
  sql: string,
  params: unknown[] = [],
  probe?: { sql: string; params: unknown[] },
): Promise<Outcome & { probeRows?: Row[] }> {
  await tx.query('savepoint rls_check');
  try {
    if (identity.role === 'service_role') {
      await tx.query('set local role service_role');
    } else {
      await assumeRole(tx, identity);
    }
    let outcome: Outcome;
    try {
      outcome = { ok: true, rows: await tx.query<Row>(sql, params) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (!probe) return outcome;
    await tx.query('reset role');
    return { ...outcome, probeRows: await tx.query<Row>(probe.sql, probe.params) };
  } finally {
    await tx.query('rollback to savepoint rls_check');
    await tx.query('release savepoint rls_check');
  }
}

/**
 * Runs a whole-table write as A and reports whether B's row changed. Deliberately no WHERE and no
 * RETURNING: those make PostgreSQL apply SELECT policies too, which would hide a loosened
 * UPDATE or DELETE policy that an unqualified statement can still exploit.
 */
async function expectForeignRowUnchanged(
  tx: SqlTx,
  fx: RlsFixture,
  table: string,
  key: string,
  foreignKeyValue: string | number,
  statement: string,
  label: string,
): Promise<string[]> {
  const probe = { sql: `select md5(t::text) as hash from public."${table}" t where ${key} = $1`, params: [foreignKeyValue] };
  const before = await tx.query<Row>(probe.sql, probe.params);
  if (before.length !== 1) return [`${label}: fixture row missing`];
  const outcome = await attempt(tx, asA(fx), statement, [], probe);
  if (!outcome.ok) return DENIED_ERROR.test(outcome.error) ? [] : [`${label}: unexpected error "${outcome.error}"`];
  return outcome.probeRows?.[0]?.['hash'] === before[0]!['hash'] ? [] : [`${label}: B's row was changed`];
}

/** The statement must succeed and return exactly `count` rows (for writes: rows affected). */
function expectCount(outcome: Outcome, count: number, label: string): string[] {
  if (!outcome.ok) return [`${label}: expected ${count} row(s), got error "${outcome.error}"`];
  return outcome.rows.length === count ? [] : [`${label}: expected ${count} row(s), got ${outcome.rows.length}`];
}

/** The statement must see or change nothing: zero rows, or a permission / RLS error. */
function expectBlocked(outcome: Outcome, label: string): string[] {
  if (outcome.ok) return outcome.rows.length === 0 ? [] : [`${label}: expected no rows, got ${outcome.rows.length}`];
  return DENIED_ERROR.test(outcome.error) ? [] : [`${label}: unexpected error "${outcome.error}"`];
}

/** The statement must fail with a permission or RLS error (zero rows is not enough). */
function expectDenied(outcome: Outcome, label: string): string[] {
  if (outcome.ok) return [`${label}: expected permission denied, got ${outcome.rows.length} row(s)`];
  return DENIED_ERROR.test(outcome.error) ? [] : [`${label}: unexpected error "${outcome.error}"`];
}

function ownedTableChecks(): RlsCheck[] {
  return OWNED_TABLES.flatMap(({ table, owner, key, rowOf }) => [
    {
      id: 'RLS-3',
      name: `authenticated user sees own ${table} rows and none of another user's`,
      run: async (tx, fx) => {
        const outcome = await attempt(tx, asA(fx), `select ${owner}::text as owner from ${table}`);
        if (!outcome.ok) return [`${table} select as A: error "${outcome.error}"`];
        const owners = outcome.rows.map((row) => row['owner']);
        const violations: string[] = [];
        if (!owners.includes(fx.a.userId)) violations.push(`${table}: A cannot see own rows`);
        const foreign = owners.filter((id) => id !== fx.a.userId);
        if (foreign.length > 0) violations.push(`${table}: A sees ${foreign.length} foreign row(s)`);
        return violations;
      },
    },
    {
      id: 'RLS-3',
      name: `authenticated user cannot update another user's ${table} row`,
      run: async (tx, fx) => [
        ...expectBlocked(
          await attempt(tx, asA(fx), `update ${table} set ${UPDATE_SET[table]} where ${key} = $1 returning 1`, [
            rowOf(fx.b),
          ]),
          `${table} targeted update of B's row by A`,
        ),
        ...(await expectForeignRowUnchanged(
          tx, fx, table, key, rowOf(fx.b), `update ${table} set ${UPDATE_SET[table]}`, `${table} update-all by A`,
        )),
      ],
    },
    {
      id: 'RLS-3',
      name: `authenticated user cannot delete another user's ${table} row`,
      run: async (tx, fx) => [
        ...expectBlocked(
          await attempt(tx, asA(fx), `delete from ${table} where ${key} = $1 returning 1`, [rowOf(fx.b)]),
          `${table} targeted delete of B's row by A`,
        ),
        ...(await expectForeignRowUnchanged(
          tx, fx, table, key, rowOf(fx.b), `delete from ${table}`, `${table} delete-all by A`,
        )),
      ],
    },
    {
      id: 'RLS-7',
      name: `authenticated request without a user id sees no ${table} rows`,
      run: async (tx) =>
        expectBlocked(await attempt(tx, { role: 'authenticated' }, `select 1 from ${table}`), `${table} as uid null`),
    },
  ]);
}

const grantChecks: RlsCheck[] = [
  {
    id: 'RLS-1',
    name: 'row level security is enabled on every public table',
    run: async (tx) => {
      const tables = await listPublicTables(tx);
      const violations = tables.filter((table) => !table.rls).map((table) => `RLS disabled on public.${table.name}`);
      const names = new Set(tables.map((table) => table.name));
      for (const known of KNOWN_TABLES) if (!names.has(known)) violations.push(`public.${known} is missing`);
      return violations;
    },
  },
  {
    id: 'RLS-2',
    name: 'anon has no privilege on any public table or column',
    run: async (tx) => {
      const violations: string[] = [];
      for (const { name: table } of await listPublicTables(tx)) {
        for (const privilege of PRIVILEGES) {
          const [row] = await tx.query<{ has: boolean }>(`select has_table_privilege('anon', $1, $2) as has`, [
            `public.${table}`,
            privilege,
          ]);
          if (row!.has) violations.push(`anon has ${privilege} on ${table}`);
        }
        const [column] = await tx.query<{ has: boolean }>(
          `select has_any_column_privilege('anon', $1, 'SELECT, INSERT, UPDATE, REFERENCES') as has`,
          [`public.${table}`],
        );
        if (column!.has) violations.push(`anon has a column privilege on ${table}`);
      }
      return violations;
    },
  },
  {
    id: 'RLS-2',
    name: 'authenticated holds exactly the table privileges the app needs',
    run: async (tx) => {
      const violations: string[] = [];
      for (const { name: table } of await listPublicTables(tx)) {
        for (const privilege of PRIVILEGES) {
          const [row] = await tx.query<{ has: boolean }>(
            `select has_table_privilege('authenticated', $1, $2) as has`,
            [`public.${table}`, privilege],
          );
          const expected = (AUTHENTICATED_TABLE_PRIVILEGES[table] ?? []).includes(privilege);
          if (row!.has !== expected) violations.push(`authenticated ${privilege} on ${table}: ${row!.has}`);
        }
      }
      return violations;
    },
  },
  {
    id: 'RLS-2',
    name: 'authenticated column grants: update only users.locale, strategies.enabled and notification settings, never read credentials_enc',
    run: async (tx) => {
      const violations: string[] = [];
      for (const { table, privilege, allowed } of AUTHENTICATED_COLUMN_PRIVILEGES) {
        const rows = await tx.query<{ column_name: string; has: boolean }>(
          `select column_name::text, has_column_privilege('authenticated', $1, column_name, $2) as has
           from information_schema.columns where table_schema = 'public' and table_name = $3`,
          [`public.${table}`, privilege, table],
        );
        for (const row of rows) {
          if (row.has !== allowed.includes(row.column_name)) {
            violations.push(`authenticated ${privilege} on ${table}.${row.column_name}: ${row.has}`);
          }
        }
      }
      return violations;
    },
  },
];

const anonChecks: RlsCheck[] = [
  {
    id: 'RLS-7',
    name: 'anon sees nothing in any public table',
    run: async (tx) => {
      const violations: string[] = [];
      for (const { name: table } of await listPublicTables(tx)) {
        violations.push(...expectBlocked(await attempt(tx, { role: 'anon' }, `select 1 from public."${table}"`), `anon select ${table}`));
      }
      return violations;
    },
  },
  {
    id: 'RLS-7',
    name: 'anon cannot create a price alert or change a user',
    run: async (tx, fx) => [
      ...expectDenied(
        await attempt(
          tx,
          { role: 'anon' },
          `insert into price_alerts (user_id, symbol, direction, threshold_krw) values ($1, $2, 'below', 1) returning id`,
          [fx.a.userId, FIXTURE_SYMBOL],
        ),
        'anon inserts an alert',
      ),
      ...expectBlocked(
        await attempt(tx, { role: 'anon' }, `update users set locale = 'ko' where id = $1 returning id`, [fx.a.userId]),
        'anon updates a user',
      ),
    ],
  },
];

const ownerWriteChecks: RlsCheck[] = [
  {
    id: 'RLS-3',
    name: 'authenticated user can update own locale',
    run: async (tx, fx) =>
      expectCount(
        await attempt(tx, asA(fx), `update users set locale = 'ko' where id = $1 returning id`, [fx.a.userId]),
        1,
        'A updates own locale',
      ),
  },
  {
    id: 'RLS-3',
    name: 'authenticated user can delete own chat link',
    run: async (tx, fx) =>
      expectCount(
        await attempt(tx, asA(fx), 'delete from chat_links where id = $1 returning id', [fx.a.chatLinkId]),
        1,
        'A deletes own chat link',
      ),
  },
  {
    id: 'RLS-3',
    name: 'authenticated user can create, update and delete own price alerts',
    run: async (tx, fx) => [
      ...expectCount(
        await attempt(
          tx,
          asA(fx),
          `insert into price_alerts (user_id, symbol, direction, threshold_krw) values ($1, $2, 'below', 60000)
           returning id`,
          [fx.a.userId, FIXTURE_SYMBOL],
        ),
        1,
        'A inserts own alert',
      ),
      ...expectCount(
        await attempt(tx, asA(fx), 'update price_alerts set threshold_krw = 90000 where id = $1 returning id', [
          fx.a.alertId,
        ]),
        1,
        'A updates own alert',
      ),
      ...expectCount(
        await attempt(tx, asA(fx), 'delete from price_alerts where id = $1 returning id', [fx.a.alertId]),
        1,
        'A deletes own alert',
      ),
    ],
  },
  {
    id: 'RLS-3',
    name: 'authenticated user can enable and delete own strategies',
    run: async (tx, fx) => [
      ...expectCount(
        await attempt(tx, asA(fx), 'update strategies set enabled = true where id = $1 returning id', [fx.a.strategyId]),
        1,
        'A enables own strategy',
      ),
      ...expectCount(
        await attempt(tx, asA(fx), 'delete from strategies where id = $1 returning id', [fx.a.strategyId]),
        1,
        'A deletes own strategy',
      ),
    ],
  },
  {
    id: 'RLS-3',
    name: 'authenticated user can change own notification settings but not hand them to another user',
    run: async (tx, fx) => [
      ...expectCount(
        await attempt(tx, asA(fx), `update notification_prefs set modes = '{"fill": "silent"}', quiet_start_hour = null, quiet_end_hour = null
           where user_id = $1 returning user_id`, [fx.a.userId]),
        1,
        'A changes own notification settings',
      ),
      ...expectDenied(
        await attempt(tx, asA(fx), 'update notification_prefs set user_id = $1 where user_id = $2', [fx.b.userId, fx.a.userId]),
        'A moves own notification settings to B',
      ),
    ],
  },
  {
    id: 'RLS-3',
    name: 'service_role reads every user\'s rows (bypassrls)',
    run: async (tx, fx) => {
      const outcome = await attempt(tx, { role: 'service_role' }, 'select id from orders where id = any($1::uuid[])', [
        [fx.a.orderId, fx.b.orderId],
      ]);
      return expectCount(outcome, 2, 'service_role select orders');
    },
  },
];

const deniedChecks: RlsCheck[] = [
  {
    id: 'RLS-4',
    name: 'authenticated user cannot create a price alert for another user',
    run: async (tx, fx) =>
      expectDenied(
        await attempt(
          tx,
          asA(fx),
          // No RETURNING: it would check B's new row against the SELECT policy and hide a loose WITH CHECK.
          `insert into price_alerts (user_id, symbol, direction, threshold_krw) values ($1, $2, 'below', 60000)`,
          [fx.b.userId, FIXTURE_SYMBOL],
        ),
        'A inserts alert for B',
      ),
  },
  {
    id: 'RLS-4',
    name: 'authenticated user cannot move own price alert to another user',
    run: async (tx, fx) =>
      expectDenied(
        await attempt(tx, asA(fx), 'update price_alerts set user_id = $1 where id = $2', [
          fx.b.userId,
          fx.a.alertId,
        ]),
        'A moves own alert to B',
      ),
  },
  {
    id: 'RLS-6',
    name: 'authenticated user cannot raise own tier, operator flag or pause state',
    run: async (tx, fx) => {
      const violations: string[] = [];
      for (const set of ["tier = 'premium'", 'is_operator = true', 'paused = true']) {
        const outcome = await attempt(tx, asA(fx), `update users set ${set} where id = $1 returning id`, [fx.a.userId]);
        violations.push(...expectDenied(outcome, `A sets ${set}`));
      }
      return violations;
    },
  },
  {
    id: 'RLS-6',
    name: 'claims in user_metadata do not grant operator access to other users',
    run: async (tx, fx) => {
      const claims = { user_metadata: { tier: 'premium', is_operator: true }, app_metadata: { role: 'operator' } };
      const outcome = await attempt(tx, asA(fx, claims), 'select id::text as id, tier, is_operator from users');
      return expectCount(outcome, 1, 'A with operator claims selects users').concat(
        outcome.ok && outcome.rows.some((row) => row['id'] !== fx.a.userId) ? ['A with claims sees other users'] : [],
      );
    },
  },
  {
    id: 'RLS-3',
    name: 'authenticated user cannot read broker credentials, even their own',
    run: async (tx, fx) => [
      ...expectDenied(
        await attempt(tx, asA(fx), 'select credentials_enc from broker_accounts where id = $1', [fx.a.accountId]),
        'A reads own credentials_enc',
      ),
      ...expectDenied(await attempt(tx, asA(fx), 'select * from broker_accounts'), 'A selects * from broker_accounts'),
    ],
  },
  {
    id: 'RLS-3',
    name: 'authenticated user cannot read link codes or link attempts',
    run: async (tx, fx) => [
      ...expectDenied(await attempt(tx, asA(fx), 'select id from link_codes'), 'A reads link_codes'),
      ...expectDenied(await attempt(tx, asA(fx), 'select id from link_attempts'), 'A reads link_attempts'),
    ],
  },
  {
    id: 'RLS-3',
    name: 'authenticated user cannot insert orders, strategies, chat links, fills or notifications',
    run: async (tx, fx) => [
      ...expectDenied(
        await attempt(
          tx,
          asA(fx),
          `insert into orders (user_id, account_id, client_order_id, idempotency_key, request_hash, symbol, side,
             order_type, qty_shares, state, priority, trading_day)
           values ($1, $2, 'x', 'x', 'x', $3, 'buy', 'market', 1, 'queued', 'urgent', current_date) returning id`,
          [fx.a.userId, fx.a.accountId, FIXTURE_SYMBOL],
        ),
        'A inserts an order',
      ),
      ...expectDenied(
        await attempt(
          tx,
          asA(fx),
          `insert into strategies (user_id, account_id, kind, symbol) values ($1, $2, 'dca', $3) returning id`,
          [fx.a.userId, fx.a.accountId, FIXTURE_SYMBOL],
        ),
        'A inserts a strategy',
      ),
      ...expectDenied(
        await attempt(
          tx,
          asA(fx),
          `insert into chat_links (user_id, platform, platform_user_id, dm_chat_id)
           values ($1, 'discord', 'x', 'x') returning id`,
          [fx.a.userId],
        ),
        'A inserts a chat link',
      ),
      ...expectDenied(
        await attempt(
          tx,
          asA(fx),
          `insert into notifications (user_id, chat_link_id, kind, payload, dedupe_key)
           values ($1, $2, 'x', '{}', 'x') returning id`,
          [fx.a.userId, fx.a.chatLinkId],
        ),
        'A inserts a notification',
      ),
    ],
  },
  {
    id: 'RLS-3',
    name: 'authenticated user cannot rewrite own strategy params or own order state',
    run: async (tx, fx) => [
      ...expectDenied(
        await attempt(tx, asA(fx), `update strategies set params = '{}' where id = $1 returning id`, [fx.a.strategyId]),
        'A rewrites own strategy params',
      ),
      ...expectDenied(
        await attempt(tx, asA(fx), `update orders set state = 'cancelled' where id = $1 returning id`, [fx.a.orderId]),
        'A updates own order',
      ),
    ],
  },
  {
    id: 'RLS-7',
    name: 'authenticated user never sees audit rows without an owner',
    run: async (tx, fx) =>
      expectBlocked(
        await attempt(tx, asA(fx), 'select id from audit_log where id = $1', [fx.orphanAuditId]),
        'A reads ownerless audit row',
      ),
  },
];

/** Every check, in a stable order. */
export const RLS_CHECKS: RlsCheck[] = [
  ...grantChecks,
  ...anonChecks,
  ...ownedTableChecks(),
  ...ownerWriteChecks,
  ...deniedChecks,
];

/**
 * Runs `checks` in `tx` and returns the violations, each prefixed with its check id.
 * `stopAtFirst` returns after the first failing check (the mutation test only needs one).
 */
export async function collectRlsViolations(
  tx: SqlTx,
  fx: RlsFixture,
  checks: readonly RlsCheck[] = RLS_CHECKS,
  options: { stopAtFirst?: boolean } = {},
): Promise<string[]> {
  const violations: string[] = [];
  for (const check of checks) {
    for (const violation of await check.run(tx, fx)) violations.push(`${check.id} ${violation}`);
    if (options.stopAtFirst && violations.length > 0) break;
  }
  return violations;
}

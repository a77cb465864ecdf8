import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { listMigrations, migrate, SUPABASE_DIR } from '../../src/db/migrate.js';
import type { SqlClient } from '../../src/db/sql-client.js';
import { inRolledBackTransaction, openTestDb, testBackends, type TestDb } from '../support/test-db.js';

describe.each(testBackends())('migrate on %s', (backend) => {
  let testDb: TestDb;
  let db: SqlClient;

  beforeAll(async () => {
    testDb = await openTestDb(backend);
    db = testDb.db;
  });
  afterAll(() => testDb?.dispose());

  it('should record every migration file in supabase_migrations.schema_migrations', async () => {
    const files = await listMigrations(path.join(SUPABASE_DIR, 'migrations'));
    const rows = await db.query<{ version: string; name: string; statements: string[] }>(
      'select version, name, statements from supabase_migrations.schema_migrations order by version',
    );
    expect(files.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.version)).toEqual(files.map((file) => file.version));
    expect(rows.map((row) => row.name)).toEqual(files.map((file) => file.name));
    expect(rows.every((row) => row.statements.length === 1)).toBe(true);
  });

  it('should apply nothing on a second run', async () => {
    const logged: string[] = [];
    await expect(migrate(db, { log: (message) => logged.push(message) })).resolves.toEqual([]);
    expect(logged).toEqual([]);
  });

  it('should apply each migration once when two migrators race on one database', async () => {
    await db.exec('create schema race_check');
    try {
      const dir = await makeRaceMigrations();
      const [first, second] = await Promise.all([
        migrate(db, { migrationsDir: dir }),
        migrate(db, { migrationsDir: dir }),
      ]);
      expect([...first, ...second].sort()).toEqual(['10000000000001', '10000000000002']);
      const rows = await db.query<{ n: number }>('select count(*) as n from race_check.marks');
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      // Tests run shuffled; leave the history as the other tests expect it.
      await db.exec(`
        drop schema race_check cascade;
        delete from supabase_migrations.schema_migrations where version like '1000%';
      `);
    }
  });

  it('should leave the schema unchanged when the compat script runs twice more', async () => {
    const compat = await readFile(path.join(SUPABASE_DIR, 'compat', 'supabase-compat.sql'), 'utf8');
    const before = await schemaFingerprint(db);
    await db.exec(compat);
    await db.exec(compat);
    expect(await schemaFingerprint(db)).toEqual(before);
  });

  it('should provide auth.uid(), auth.jwt() and auth.role() from request claims like Supabase', async () => {
    const userId = '00000000-0000-4000-8000-0000000000aa';
    const rows = await db.transaction(async (tx) => {
      await tx.query(`select set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: userId, role: 'authenticated' }),
      ]);
      return tx.query<{ uid: string; role: string; jwt: unknown }>(
        'select auth.uid() as uid, auth.role() as role, auth.jwt() as jwt',
      );
    });
    expect(rows).toEqual([{ uid: userId, role: 'authenticated', jwt: { sub: userId, role: 'authenticated' } }]);
    const anonymous = await db.query<{ uid: string | null }>('select auth.uid() as uid');
    expect(anonymous).toEqual([{ uid: null }]);
  });

  it('should load seed.sql (test identities alice and bob) on the migrated schema', async () => {
    const seed = await readFile(path.join(SUPABASE_DIR, 'seed.sql'), 'utf8');
    // Rolled back so the other (shuffled) tests see an empty schema.
    const users = await inRolledBackTransaction(db, async (tx) => {
      await tx.exec(seed);
      await tx.exec(seed);
      return tx.query<{ name: string }>('select name from users order by name');
    });
    expect(users.map((user) => user.name)).toEqual(['alice', 'bob']);
    expect(await db.query('select 1 from users')).toEqual([]);
  });
});

async function makeRaceMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'td-migrate-race-'));
  // Not idempotent on purpose: applying the first file twice would fail on the table.
  await writeFile(
    path.join(dir, '10000000000001_create_marks.sql'),
    'create table race_check.marks (id int primary key); insert into race_check.marks values (1);',
  );
  await writeFile(path.join(dir, '10000000000002_alter_marks.sql'), 'alter table race_check.marks add column note text;');
  return dir;
}

async function schemaFingerprint(db: SqlClient): Promise<unknown> {
  return db.query(`
    select
      (select array_agg(rolname::text order by rolname) from pg_roles
        where rolname in ('anon', 'authenticated', 'service_role')) as roles,
      (select array_agg(p.oid::int8 order by p.oid) from pg_proc p
        join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'auth') as auth_functions,
      (select array_agg(c.oid::int8 order by c.oid) from pg_class c
        join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'auth') as auth_relations,
      (select array_agg(nspacl::text) from pg_namespace where nspname in ('public', 'auth')) as schema_acls
  `);
}

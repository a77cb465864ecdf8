import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { withRole } from '../../src/db/as-user.js';
import { inRolledBackTransaction, openTestDb, testBackends, type TestDb } from '../support/test-db.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { SUPABASE_DIR } from '../../src/db/migrate.js';
import { collectRlsViolations, RLS_CHECKS } from './rls-checks.js';
import { seedRlsFixture, type RlsFixture } from './rls-fixture.js';

describe.each(testBackends())('row level security on %s', (backend) => {
  let testDb: TestDb;
  let fx: RlsFixture;

  beforeAll(async () => {
    testDb = await openTestDb(backend);
    fx = await seedRlsFixture(testDb.db);
  });
  afterAll(() => testDb?.dispose());

  it.each(RLS_CHECKS.map((check) => [`${check.id}: ${check.name}`, check] as const))('%s', async (_name, check) => {
    const violations = await inRolledBackTransaction(testDb.db, (tx) => collectRlsViolations(tx, fx, [check]));
    expect(violations).toEqual([]);
  });

  it('RLS-3: withRole scopes auth.uid() to the transaction and restores the owner role afterwards', async () => {
    const rows = await withRole(testDb.db, { role: 'authenticated', userId: fx.a.userId }, (tx) =>
      tx.query<{ uid: string; role: string }>('select auth.uid()::text as uid, current_user::text as role'),
    );
    expect(rows).toEqual([{ uid: fx.a.userId, role: 'authenticated' }]);
    const after = await testDb.db.query<{ uid: string | null; role: string }>(
      'select auth.uid()::text as uid, current_user::text as role',
    );
    expect(after).toEqual([{ uid: null, role: expect.not.stringMatching(/^(anon|authenticated)$/) }]);
  });

  it('RLS-3: checks leave the role and fixture unchanged after rolling back their savepoints', async () => {
    const role = await inRolledBackTransaction(testDb.db, async (tx) => {
      await collectRlsViolations(tx, fx, RLS_CHECKS.slice(0, 8));
      return tx.query<{ role: string }>('select current_user::text as role');
    });
    expect(role[0]!.role).not.toMatch(/^(anon|authenticated|service_role)$/);
    const alerts = await testDb.db.query('select id from price_alerts where id = $1', [fx.a.alertId]);
    expect(alerts).toHaveLength(1);
  });
});

describe.each(testBackends())('grants under Supabase default privileges on %s', (backend) => {
  let testDb: TestDb;
  let fx: RlsFixture;

  beforeAll(async () => {
    // Hosted Supabase grants every new public table to the client roles by default.
    testDb = await openTestDb(backend, {
      beforeMigrate: async (db) => {
        await db.exec(await readFile(path.join(SUPABASE_DIR, 'compat', 'supabase-compat.sql'), 'utf8'));
        await db.exec(`
          alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
          alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
        `);
      },
    });
    fx = await seedRlsFixture(testDb.db);
  });
  afterAll(() => testDb?.dispose());

  it('RLS-2: migrations revoke the default grants so anon and authenticated get only what the app needs', async () => {
    const grantChecks = RLS_CHECKS.filter((check) => check.id === 'RLS-1' || check.id === 'RLS-2');
    const violations = await inRolledBackTransaction(testDb.db, (tx) => collectRlsViolations(tx, fx, grantChecks));
    expect(violations).toEqual([]);
  });
});

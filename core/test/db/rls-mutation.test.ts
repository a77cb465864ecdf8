import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SqlTx } from '../../src/db/sql-client.js';
import { inRolledBackTransaction, openTestDb, testBackends, type TestDb } from '../support/test-db.js';
import { collectRlsViolations, listPublicTables, RLS_CHECKS } from './rls-checks.js';
import { seedRlsFixture, type RlsFixture } from './rls-fixture.js';

interface PolicyRow {
  tablename: string;
  policyname: string;
  cmd: 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'ALL';
  roles: string[];
}

interface Mutation {
  name: string;
  apply(tx: SqlTx): Promise<void>;
}

// One per policy in the migrations; a new policy without checks makes this count (and review) fail.
const POLICY_COUNT_EXPECTED = 21;
const MUTATION_TIMEOUT_MS = 120_000;

/** Replaces a policy with one that allows everything its command allows, under the same name. */
function loosen(policy: PolicyRow): Mutation {
  const using = policy.cmd === 'INSERT' ? '' : ' using (true)';
  const check = ['INSERT', 'UPDATE', 'ALL'].includes(policy.cmd) ? ' with check (true)' : '';
  const roles = policy.roles.map((role) => `"${role}"`).join(', ');
  return {
    name: `loosen ${policy.tablename}.${policy.policyname}`,
    apply: async (tx) => {
      await tx.query(`drop policy "${policy.policyname}" on public."${policy.tablename}"`);
      await tx.query(
        `create policy "${policy.policyname}" on public."${policy.tablename}" as permissive
         for ${policy.cmd.toLowerCase()} to ${roles}${using}${check}`,
      );
    },
  };
}

function drop(policy: PolicyRow): Mutation {
  return {
    name: `drop ${policy.tablename}.${policy.policyname}`,
    apply: async (tx) => {
      await tx.query(`drop policy "${policy.policyname}" on public."${policy.tablename}"`);
    },
  };
}

function disableRls(table: string): Mutation {
  return {
    name: `disable RLS on ${table}`,
    apply: async (tx) => {
      await tx.query(`alter table public."${table}" disable row level security`);
    },
  };
}

describe.each(testBackends())('RLS-9 policy mutations on %s', (backend) => {
  let testDb: TestDb;
  let fx: RlsFixture;
  let policies: PolicyRow[];
  let tables: string[];

  beforeAll(async () => {
    testDb = await openTestDb(backend);
    fx = await seedRlsFixture(testDb.db);
    policies = await testDb.db.query<PolicyRow>(
      `select tablename::text, policyname::text, cmd, roles::text[] as roles from pg_policies
       where schemaname = 'public' order by tablename, policyname`,
    );
    tables = (await testDb.db.transaction(listPublicTables)).map((table) => table.name);
  });
  afterAll(() => testDb?.dispose());

  it('RLS-9: the schema has the expected number of policies, all scoped to authenticated', () => {
    expect(policies).toHaveLength(POLICY_COUNT_EXPECTED);
    expect(policies.every((policy) => policy.roles.join() === 'authenticated')).toBe(true);
  });

  it('RLS-9: the isolation checks pass on the unmodified schema', async () => {
    const violations = await inRolledBackTransaction(testDb.db, (tx) => collectRlsViolations(tx, fx));
    expect(violations).toEqual([]);
  });

  it('RLS-9: loosening, dropping any policy or disabling RLS on any table makes the isolation checks fail', async () => {
    const mutations = [...policies.flatMap((policy) => [loosen(policy), drop(policy)]), ...tables.map(disableRls)];
    const undetected: string[] = [];
    for (const mutation of mutations) {
      const violations = await inRolledBackTransaction(testDb.db, async (tx) => {
        await mutation.apply(tx);
        return collectRlsViolations(tx, fx, RLS_CHECKS, { stopAtFirst: true });
      });
      if (violations.length === 0) undetected.push(mutation.name);
    }
    expect(undetected).toEqual([]);
  }, MUTATION_TIMEOUT_MS);
});

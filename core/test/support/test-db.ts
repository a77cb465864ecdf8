import pg from 'pg';

import { migrate } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/pglite-client.js';
import { openPostgres } from '../../src/db/postgres-client.js';
import type { SqlClient, SqlTx } from '../../src/db/sql-client.js';

export type TestBackend = SqlClient['kind'];

export interface TestDb {
  db: SqlClient;
  /** Closes the client and, on PostgreSQL, drops the throwaway database. */
  dispose(): Promise<void>;
}

let databaseCounter = 0;

/**
 * Backends every database test runs on: in-memory PGlite always, plus PostgreSQL when
 * `TEST_DATABASE_URL` points at a server (any database on it; tests create their own).
 *
 * @example describe.each(testBackends())('orders on %s', (backend) => { ... })
 */
export function testBackends(): TestBackend[] {
  return process.env['TEST_DATABASE_URL'] ? ['pglite', 'postgres'] : ['pglite'];
}

export interface OpenTestDbOptions {
  /** Runs on the empty database before migrating, e.g. to mimic a hosted Supabase's defaults. */
  beforeMigrate?: (db: SqlClient) => Promise<void>;
}

/** Opens a fresh, fully migrated database on `backend`. Always call `dispose()`. */
export async function openTestDb(backend: TestBackend, options: OpenTestDbOptions = {}): Promise<TestDb> {
  const prepare = async (db: SqlClient): Promise<void> => {
    await options.beforeMigrate?.(db);
    await migrate(db);
  };
  if (backend === 'pglite') {
    const db = await openPglite();
    try {
      await prepare(db);
    } catch (error) {
      await db.close();
      throw error;
    }
    return { db, dispose: () => db.close() };
  }
  const serverUrl = process.env['TEST_DATABASE_URL'];
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');

  databaseCounter += 1;
  const random = Math.random().toString(36).slice(2, 8);
  const name = `td_test_${process.pid}_${databaseCounter}_${random}`;
  await withAdminClient(serverUrl, (admin) => admin.query(`create database "${name}"`));

  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString(), { max: 4 });
  const dispose = async (): Promise<void> => {
    await db.close();
    await withAdminClient(serverUrl, (admin) =>
      admin.query(`drop database if exists "${name}" with (force)`),
    );
  };
  try {
    await prepare(db);
  } catch (error) {
    await dispose();
    throw error;
  }
  return { db, dispose };
}

async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

class RollbackSignal extends Error {}

/**
 * Runs `fn` in a transaction that is always rolled back, and returns its result. Lets a test
 * mutate schema or data freely on a shared database.
 */
export async function inRolledBackTransaction<T>(db: SqlClient, fn: (tx: SqlTx) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await db.transaction(async (tx) => {
      result = await fn(tx);
      throw new RollbackSignal();
    });
  } catch (error) {
    if (!(error instanceof RollbackSignal)) throw error;
  }
  return result as T;
}

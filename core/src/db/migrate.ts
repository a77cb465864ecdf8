import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

import type { SqlClient, SqlTx } from './sql-client.js';

export interface MigrateOptions {
  /** Folder of `<version>_<name>.sql` files; defaults to the repo's `supabase/migrations`. */
  migrationsDir?: string;
  /** Compat script run before migrations; defaults to `supabase/compat/supabase-compat.sql`. */
  compatFile?: string;
  log?: (message: string) => void;
}

interface MigrationFile {
  version: string;
  name: string;
  file: string;
}

/** Resolved from this source file so the migrator works from any working directory. */
export const SUPABASE_DIR = fileURLToPath(new URL('../../../supabase/', import.meta.url));

const MIGRATION_FILE_PATTERN = /^(\d+)_(.+)\.sql$/;

// Any constant shared by every migrator of this database; advisory locks are per database.
const MIGRATION_LOCK_KEY = 7_262_414_300;

const CREATE_HISTORY_TABLE = `
  create schema if not exists supabase_migrations;
  create table if not exists supabase_migrations.schema_migrations (
    version text not null primary key,
    statements text[],
    name text
  );
`;

/**
 * Applies the Supabase compat script, then every pending migration in version order, each in its
 * own transaction. Applied versions are recorded in `supabase_migrations.schema_migrations`, the
 * table the Supabase CLI uses, so `supabase db push` and this function agree on what is applied.
 * Concurrent migrators of one database serialize on a transaction-scoped advisory lock and
 * re-check the history under it, so each migration is applied exactly once.
 *
 * @returns the versions applied by this call (empty when the database was up to date).
 */
export async function migrate(db: SqlClient, options: MigrateOptions = {}): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  const compatFile = options.compatFile ?? path.join(SUPABASE_DIR, 'compat', 'supabase-compat.sql');
  const migrations = await listMigrations(
    options.migrationsDir ?? path.join(SUPABASE_DIR, 'migrations'),
  );

  const compatScript = await readFile(compatFile, 'utf8');
  await db.transaction(async (tx) => {
    await lockMigrations(tx);
    await tx.exec(compatScript);
    await tx.exec(CREATE_HISTORY_TABLE);
  });

  const applied: string[] = [];
  for (const migration of migrations) {
    const script = await readFile(migration.file, 'utf8');
    const didApply = await db.transaction(async (tx) => {
      await lockMigrations(tx);
      const existing = await tx.query(
        'select 1 from supabase_migrations.schema_migrations where version = $1',
        [migration.version],
      );
      if (existing.length > 0) return false;
      await tx.exec(script);
      // @NOTE The CLI stores the split statements; the whole file as one element is equivalent
      // for `supabase migration list` and `db push`, which compare versions only.
      await tx.query(
        'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
        [migration.version, migration.name, [script]],
      );
      return true;
    });
    if (didApply) {
      applied.push(migration.version);
      log(`applied migration ${migration.version}_${migration.name}`);
    }
  }
  return applied;
}

/** Lists `<version>_<name>.sql` files sorted by version; rejects duplicate versions. */
export async function listMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir);
  const migrations: MigrationFile[] = [];
  for (const entry of entries) {
    const match = MIGRATION_FILE_PATTERN.exec(entry);
    if (!match) continue;
    migrations.push({ version: match[1]!, name: match[2]!, file: path.join(migrationsDir, entry) });
  }
  migrations.sort((a, b) => compareVersions(a.version, b.version));
  for (let i = 1; i < migrations.length; i += 1) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new Error(`duplicate migration version ${migrations[i]!.version} in ${migrationsDir}`);
    }
  }
  return migrations;
}

function compareVersions(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

async function lockMigrations(tx: SqlTx): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
}

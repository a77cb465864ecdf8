import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import type { CoreConfig } from './config.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open-database.js';
import type { SqlClient } from './db/sql-client.js';

/** The embedded database is one process's at a time; a second opener would corrupt it. */
export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
}

export interface OpenedDatabase {
  db: SqlClient;
  /** Closes the database and releases the embedded database's lock. */
  close(): Promise<void>;
}

/**
 * Opens core's database (PostgreSQL with DATABASE_URL, else PGlite under DATA_DIR/pglite, locked
 * to this process) and applies pending migrations.
 */
export async function openCoreDatabase(config: CoreConfig, log: (message: string) => void = () => {}): Promise<OpenedDatabase> {
  let release: () => Promise<void> = async () => {};
  if (!config.DATABASE_URL) {
    const dir = join(config.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    try {
      release = await lockfile.lock(dir, { stale: 15_000, update: 5_000, realpath: false });
    } catch (error) {
      throw new DatabaseInUseError(`the embedded database in ${dir} is in use by another process (is core running?)`, { cause: error });
    }
  }
  try {
    const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: join(config.dataDir, 'pglite') });
    await migrate(db, { log });
    return {
      db,
      async close() {
        await db.close();
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}

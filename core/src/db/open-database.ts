import { mkdir } from 'node:fs/promises';

import { openPglite } from './pglite-client.js';
import { openPostgres } from './postgres-client.js';
import type { SqlClient } from './sql-client.js';

export interface OpenDatabaseOptions {
  /** When set, connect to this PostgreSQL (Supabase or self-hosted). */
  databaseUrl?: string | undefined;
  /** PGlite directory used when there is no `databaseUrl`; created if missing. */
  dataDir: string;
  /** Pool size bound for PostgreSQL. */
  poolSizeMax?: number;
}

/**
 * Opens core's database: PostgreSQL when a URL is given, otherwise an embedded PGlite persisted
 * in `dataDir`. Does not migrate; call `migrate()` next.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<SqlClient> {
  if (options.databaseUrl) {
    return openPostgres(
      options.databaseUrl,
      options.poolSizeMax === undefined ? {} : { max: options.poolSizeMax },
    );
  }
  await mkdir(options.dataDir, { recursive: true });
  return openPglite(options.dataDir);
}

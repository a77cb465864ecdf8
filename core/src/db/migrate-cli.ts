import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { migrate } from './migrate.js';
import { openDatabase } from './open-database.js';

// `npm run db:migrate`: reads only DATABASE_URL and DATA_DIR until core's config module exists.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const databaseUrl = process.env['DATABASE_URL'] || undefined;
const dataDir = path.resolve(process.env['DATA_DIR'] || path.join(repoRoot, '.data'));

const db = await openDatabase({ databaseUrl, dataDir: path.join(dataDir, 'pglite') });
try {
  const target = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite at ${path.join(dataDir, 'pglite')}`;
  console.log(`migrating ${target}`);
  const applied = await migrate(db, { log: (message) => console.log(message) });
  console.log(applied.length === 0 ? 'database is up to date' : `applied ${applied.length} migration(s)`);
} catch (error) {
  console.error('migration failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.close();
}

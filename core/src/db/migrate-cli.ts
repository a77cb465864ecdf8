import { loadDotenvFile, parseCoreConfig } from '../config.js';
import { openCoreDatabase } from '../runtime.js';

// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database
// under DATA_DIR (refused while core holds it: core migrates at start anyway).
loadDotenvFile();
const config = parseCoreConfig();
try {
  const target = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}/pglite`;
  console.log(`migrating ${target}`);
  const applied: string[] = [];
  const { close } = await openCoreDatabase(config, (message) => {
    applied.push(message);
    console.log(message);
  });
  await close();
  console.log(applied.length === 0 ? 'database is up to date' : 'done');
} catch (error) {
  console.error('migration failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
}

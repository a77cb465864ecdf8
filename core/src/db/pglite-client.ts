import { PGlite, type Transaction } from '@electric-sql/pglite';

import { PG_TYPE_OID, parseInt8, type SqlClient, type SqlTx } from './sql-client.js';

/**
 * Opens an embedded PGlite database.
 *
 * @param dataDir directory to persist to (must exist or be creatable by PGlite); `undefined` keeps
 *   the database in memory, which tests use for a fresh database per suite.
 */
export async function openPglite(dataDir?: string): Promise<SqlClient> {
  const pglite = await PGlite.create(dataDir, {
    parsers: {
      [PG_TYPE_OID.int8]: (text: string) => parseInt8(text),
      [PG_TYPE_OID.date]: (text: string) => text,
    },
  });
  return {
    kind: 'pglite',
    query: (text, params) => queryRows(pglite, text, params),
    exec: (script) => execScript(pglite, script),
    transaction: (fn) => pglite.transaction((tx) => fn(wrapTx(tx))),
    close: () => pglite.close(),
  };
}

function wrapTx(tx: Transaction): SqlTx {
  return {
    query: (text, params) => queryRows(tx, text, params),
    exec: (script) => execScript(tx, script),
  };
}

async function queryRows<R>(
  target: PGlite | Transaction,
  text: string,
  params: readonly unknown[] | undefined,
): Promise<R[]> {
  const result = await target.query<R>(text, params ? [...params] : undefined);
  return result.rows;
}

async function execScript(target: PGlite | Transaction, script: string): Promise<void> {
  await target.exec(script);
}

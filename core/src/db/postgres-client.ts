import pg from 'pg';

import { PG_TYPE_OID, parseInt8, type SqlClient, type SqlTx } from './sql-client.js';

export interface PostgresOptions {
  /** Pool size bound. */
  max?: number;
}

const POOL_SIZE_DEFAULT = 10;

/**
 * Opens a node-postgres pool with per-client type parsers (the process-wide `pg.types` registry
 * is left untouched so other pg users in the process are unaffected).
 *
 * @param url a `postgres://` connection string.
 */
export function openPostgres(url: string, options: PostgresOptions = {}): SqlClient {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? POOL_SIZE_DEFAULT,
    types: { getTypeParser },
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    query: (text, params) => queryRows(pool, text, params),
    exec: async (script) => {
      await pool.query(script);
    },
    transaction: (fn) => runTransaction(pool, fn),
    close: () => pool.end(),
  };
}

async function runTransaction<T>(pool: pg.Pool, fn: (tx: SqlTx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('begin');
    const tx: SqlTx = {
      query: (text, params) => queryRows(client, text, params),
      exec: async (script) => {
        await client.query(script);
      },
    };
    const result = await fn(tx);
    await client.query('commit');
    return result;
  } catch (error) {
    try {
      await client.query('rollback');
    } catch (rollbackError) {
      // The connection is unusable; destroy it rather than return it to the pool.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

async function queryRows<R>(
  target: pg.Pool | pg.PoolClient,
  text: string,
  params: readonly unknown[] | undefined,
): Promise<R[]> {
  const result = await target.query(text, params?.map(prepareParam));
  return result.rows as R[];
}

// Match PGlite, which sends Dates as ISO strings; pg would use the host's local offset.
function prepareParam(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(prepareParam);
  return value;
}

const identity = (text: string): string => text;

const TEXT_ARRAY_OID = 1009;

// pg-types' typings only accept its enum of builtin OIDs; any OID is valid at runtime.
const builtinTextParser = pg.types.getTypeParser as (oid: number, format: 'text') => (text: string) => unknown;

function getTypeParser(oid: number, format?: string): (text: string) => unknown {
  if (format === 'binary') return pg.types.getTypeParser(oid, 'binary');
  switch (oid) {
    case PG_TYPE_OID.int8:
      return parseInt8;
    case PG_TYPE_OID.int8Array:
      return arrayOf(parseInt8);
    case PG_TYPE_OID.date:
      return identity;
    case PG_TYPE_OID.dateArray:
      return arrayOf(identity);
    default:
      return builtinTextParser(oid, 'text');
  }
}

// Reuses pg's text[] parser for the array syntax, then converts each element.
function arrayOf(parseElement: (text: string) => unknown): (text: string) => unknown {
  const parseTextArray = builtinTextParser(TEXT_ARRAY_OID, 'text');
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(convert);
    return value === null ? null : parseElement(value as string);
  };
  return (text) => convert(parseTextArray(text));
}

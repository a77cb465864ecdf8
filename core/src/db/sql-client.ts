/**
 * The one SQL interface core uses, implemented over PGlite (embedded) and node-postgres.
 *
 * Both backends return the same JavaScript values:
 * - int2/int4/int8 → `number` (int8 throws a RangeError beyond ±2^53 instead of losing precision);
 * - numeric → `string`; float4/float8 → `number`;
 * - timestamptz → `Date`; date → `'YYYY-MM-DD'` string (a calendar day has no time zone);
 * - json/jsonb → parsed objects.
 *
 * Parameters: `Date` is sent as an ISO-8601 UTC string on both backends; plain objects are sent as
 * JSON. @NOTE A top-level JS array is sent as a PostgreSQL array on node-postgres; for a json or
 * jsonb parameter pass `JSON.stringify(array)` so both backends agree.
 */
export interface SqlTx {
  /** Runs one statement with `$1..$n` parameters and returns its rows (use RETURNING for writes). */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations, fixtures). */
  exec(script: string): Promise<void>;
}

export interface SqlClient extends SqlTx {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `fn` in one transaction: commits when it resolves, rolls back and rethrows when it
   * rejects. @NOTE Use only `tx` inside `fn`; on PGlite a call on the client itself would wait for
   * the transaction to end and deadlock.
   */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  /** Closes the database or pool; the client must not be used afterwards. */
  close(): Promise<void>;
}

/** OIDs of the types whose parsing both backends override. */
export const PG_TYPE_OID = {
  int8: 20,
  int8Array: 1016,
  date: 1082,
  dateArray: 1182,
} as const;

/** Parses an int8 text value into a safe JS number, refusing silent precision loss. */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`int8 value ${text} is outside the safe JavaScript integer range`);
  }
  return value;
}

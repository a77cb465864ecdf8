import type { SqlClient, SqlTx } from './sql-client.js';

/** A client role as Supabase's PostgREST would assume it for a request. */
export interface RoleIdentity {
  role: 'anon' | 'authenticated';
  /** JWT `sub`; omit for anon or to test an authenticated request without a user id. */
  userId?: string;
  /** Extra JWT claims (e.g. `user_metadata`), merged under `sub` and `role`. */
  claims?: Record<string, unknown>;
}

const CLIENT_ROLES = new Set(['anon', 'authenticated']);

/**
 * Switches the current transaction to a client role with Supabase-style JWT claims
 * (`request.jwt.claims` and `request.jwt.claim.sub`), so RLS policies and `auth.uid()` behave as
 * for an API request. Lasts until the transaction or enclosing savepoint ends.
 */
export async function assumeRole(tx: SqlTx, identity: RoleIdentity): Promise<void> {
  // Role names cannot be bound parameters; only the two known names are ever interpolated.
  if (!CLIENT_ROLES.has(identity.role)) throw new Error(`unsupported role ${String(identity.role)}`);
  const claims = { ...identity.claims, role: identity.role, ...(identity.userId ? { sub: identity.userId } : {}) };
  await tx.query(`set local role ${identity.role}`);
  await tx.query(
    `select set_config('request.jwt.claims', $1, true),
            set_config('request.jwt.claim.sub', $2, true),
            set_config('request.jwt.claim.role', $3, true)`,
    [JSON.stringify(claims), identity.userId ?? '', identity.role],
  );
}

/**
 * Runs `fn` in a transaction as `anon` or `authenticated` (see `assumeRole`). Used by tests and the
 * future web view; core itself runs as the table owner.
 *
 * @example
 * const orders = await withRole(db, { role: 'authenticated', userId }, (tx) =>
 *   tx.query('select id from orders'));
 */
export async function withRole<T>(
  db: SqlClient,
  identity: RoleIdentity,
  fn: (tx: SqlTx) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await assumeRole(tx, identity);
    return fn(tx);
  });
}

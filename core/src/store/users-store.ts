import type { Locale, Platform, Tier } from '@tradedesk/contracts';
import type { SqlClient, SqlTx } from '../db/sql-client.js';
import type { BrokerAccountRow, UserRow } from './rows.js';

type Q = SqlClient | SqlTx;

const USER_COLUMNS = 'u.id, u.name, u.tier, u.is_operator, u.locale, u.paused';

/** The user a chat account is linked to, or null: authorisation always starts here. */
export async function findUserByChat(db: Q, platform: Platform, platformUserId: string): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(
    `select ${USER_COLUMNS} from chat_links l join users u on u.id = l.user_id
      where l.platform = $1 and l.platform_user_id = $2`,
    [platform, platformUserId],
  );
  return rows[0] ?? null;
}

export async function findUserByName(db: Q, name: string): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(`select ${USER_COLUMNS} from users u where u.name = $1`, [name]);
  return rows[0] ?? null;
}

/** Creates a user with a paper account as their default, in one transaction. */
export async function insertUserWithPaperAccount(
  tx: SqlTx,
  user: { id: string; accountId: string; name: string; tier: Tier; isOperator: boolean; nowMs: number },
): Promise<void> {
  const at = new Date(user.nowMs);
  await tx.query(
    'insert into users (id, name, tier, is_operator, created_at) values ($1, $2, $3, $4, $5)',
    [user.id, user.name, user.tier, user.isOperator, at],
  );
  await tx.query(
    `insert into broker_accounts (id, user_id, broker, environment, label, is_default, created_at)
     values ($1, $2, 'paper', 'mock', 'Paper', true, $3)`,
    [user.accountId, user.id, at],
  );
}

export async function defaultAccountOf(db: Q, userId: string): Promise<BrokerAccountRow | null> {
  const rows = await db.query<BrokerAccountRow>(
    'select id, user_id, broker, environment, label from broker_accounts where user_id = $1 and is_default',
    [userId],
  );
  return rows[0] ?? null;
}

export interface UserSummaryRow extends UserRow { linked_chats: number; trades_used: number }

export async function listUsers(db: Q, tradingDay: string): Promise<UserSummaryRow[]> {
  return db.query<UserSummaryRow>(
    `select ${USER_COLUMNS},
            (select count(*)::int from chat_links l where l.user_id = u.id) as linked_chats,
            coalesce((select d.trades_used from daily_usage d where d.user_id = u.id and d.trading_day = $1), 0) as trades_used
       from users u order by u.name`,
    [tradingDay],
  );
}

/**
 * Locks the user's row for the rest of the admission transaction and reads what may have changed
 * since the request was authorised: the pause flag and the kill switch. Concurrent admissions of
 * one user (on any core) queue here, so every count after this sees the others' orders.
 * `for no key update` leaves foreign-key checks on the row (fills, notifications) unblocked.
 */
export async function lockUserForAdmission(tx: SqlTx, userId: string): Promise<{ paused: boolean; halted: boolean } | null> {
  const rows = await tx.query<{ paused: boolean; halted: boolean }>(
    `select u.paused, coalesce((select c.halted from trading_controls c where c.id), false) as halted
       from users u where u.id = $1 for no key update of u`,
    [userId],
  );
  return rows[0] ?? null;
}

/**
 * Serialises everything that adds users until the transaction ends (the active-users cap is a
 * count-then-insert). The mode conflicts with itself and with writes to `users`, not with reads
 * or row locks, so orders and links go on meanwhile.
 */
export async function lockUsersForInsert(tx: SqlTx): Promise<void> {
  await tx.query('lock table users in share row exclusive mode');
}

/** How many users there are: each invited user holds one of the ACTIVE_USERS_MAX places. */
export async function countUsers(db: Q): Promise<number> {
  const rows = await db.query<{ n: number }>('select count(*)::int as n from users');
  return rows[0]?.n ?? 0;
}

/** Sets a user's tier by name; null when there is no such user. */
export async function setUserTier(db: Q, name: string, tier: Tier): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(`update users u set tier = $2 where u.name = $1 returning ${USER_COLUMNS}`, [name, tier]);
  return rows[0] ?? null;
}

/** Pauses or resumes a user by name; null when there is no such user. */
export async function setUserPaused(db: Q, name: string, paused: boolean): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(`update users u set paused = $2 where u.name = $1 returning ${USER_COLUMNS}`, [name, paused]);
  return rows[0] ?? null;
}

/** Pauses a user by id (the admin pause flag); true only when this call paused them, false if already paused or gone. */
export async function pauseUserById(db: Q, userId: string): Promise<boolean> {
  return (await db.query('update users set paused = true where id = $1 and not paused returning id', [userId])).length === 1;
}

/** Sets the language the user's replies and notifications use, on every platform. */
export async function setUserLocale(db: Q, userId: string, locale: Locale): Promise<void> {
  await db.query('update users set locale = $2 where id = $1', [userId, locale]);
}

/**
 * Locks the user's row until the transaction ends, so one user's read-then-write changes (e.g. two
 * `connect`s at once) happen one after the other, on every core sharing the database.
 */
export async function lockUser(tx: SqlTx, userId: string): Promise<boolean> {
  const rows = await tx.query<{ id: string }>('select id from users where id = $1 for no key update', [userId]);
  return rows.length === 1;
}

export async function findBrokerAccountById(db: Q, id: string): Promise<BrokerAccountRow | null> {
  const rows = await db.query<BrokerAccountRow>('select id, user_id, broker, environment, label from broker_accounts where id = $1', [id]);
  return rows[0] ?? null;
}

export async function listBrokerAccountIds(db: Q): Promise<string[]> {
  return (await db.query<{ id: string }>('select id from broker_accounts order by id')).map((r) => r.id);
}

export async function listOperatorIds(db: Q): Promise<string[]> {
  return (await db.query<{ id: string }>('select id from users where is_operator order by id')).map((r) => r.id);
}

/** The user's name, or '?' for a user that no longer exists. */
export async function userNameOf(db: Q, userId: string): Promise<string> {
  return (await db.query<{ name: string }>('select name from users where id = $1', [userId]))[0]?.name ?? '?';
}

import type { Platform } from '@tradedesk/contracts';
import type { SqlClient, SqlTx } from '../db/sql-client.js';

type Q = SqlClient | SqlTx;

export async function insertLinkCode(db: Q, code: { userId: string; codeHash: string; expiresAtMs: number; nowMs: number }): Promise<void> {
  await db.query(
    'insert into link_codes (user_id, code_hash, expires_at, created_at) values ($1, $2, $3, $4)',
    [code.userId, code.codeHash, new Date(code.expiresAtMs), new Date(code.nowMs)],
  );
}

/** Marks the code used and returns its user, atomically: a code works once, and only before it expires. */
export async function redeemLinkCode(tx: SqlTx, codeHash: string, nowMs: number): Promise<string | null> {
  const rows = await tx.query<{ user_id: string }>(
    `update link_codes set used_at = $2
      where code_hash = $1 and used_at is null and expires_at > $2
      returning user_id`,
    [codeHash, new Date(nowMs)],
  );
  return rows[0]?.user_id ?? null;
}

export async function countRecentLinkFailures(db: Q, platform: Platform, platformUserId: string, sinceMs: number): Promise<{ count: number; oldestMs: number | null }> {
  const rows = await db.query<{ count: number; oldest: Date | null }>(
    `select count(*)::int as count, min(attempted_at) as oldest from link_attempts
      where platform = $1 and platform_user_id = $2 and not succeeded and attempted_at > $3`,
    [platform, platformUserId, new Date(sinceMs)],
  );
  const row = rows[0];
  return { count: row?.count ?? 0, oldestMs: row?.oldest ? row.oldest.getTime() : null };
}

export async function recordLinkAttempt(db: Q, platform: Platform, platformUserId: string, succeeded: boolean, nowMs: number): Promise<void> {
  await db.query(
    'insert into link_attempts (platform, platform_user_id, attempted_at, succeeded) values ($1, $2, $3, $4)',
    [platform, platformUserId, new Date(nowMs), succeeded],
  );
}

/** Links a chat account to a user; returns the user it is already linked to if that is someone else. */
export async function insertChatLink(
  tx: SqlTx,
  link: { userId: string; platform: Platform; platformUserId: string; dmChatId: string; nowMs: number },
): Promise<{ linkedTo: string }> {
  const rows = await tx.query<{ user_id: string }>(
    `insert into chat_links (user_id, platform, platform_user_id, dm_chat_id, created_at)
     values ($1, $2, $3, $4, $5)
     on conflict (platform, platform_user_id) do update set dm_chat_id = excluded.dm_chat_id
       where chat_links.user_id = excluded.user_id
     returning user_id`,
    [link.userId, link.platform, link.platformUserId, link.dmChatId, new Date(link.nowMs)],
  );
  if (rows[0]) return { linkedTo: rows[0].user_id };
  const existing = await tx.query<{ user_id: string }>(
    'select user_id from chat_links where platform = $1 and platform_user_id = $2',
    [link.platform, link.platformUserId],
  );
  return { linkedTo: existing[0]!.user_id };
}

/** Removes one chat account's link (the user and their other links stay); false if it was not linked. */
export async function deleteChatLink(db: Q, platform: Platform, platformUserId: string): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    'delete from chat_links where platform = $1 and platform_user_id = $2 returning id',
    [platform, platformUserId],
  );
  return rows.length === 1;
}

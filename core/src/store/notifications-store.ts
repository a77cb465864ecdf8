import type { Locale, NotificationPayload, Platform } from '@tradedesk/contracts';
import type { SqlClient, SqlTx } from '../db/sql-client.js';
import { deliveryOf } from '../domain/notification-policy.js';
import { findNotificationPrefs } from './notification-prefs-store.js';

/**
 * Writes one outbox row per linked chat account of the user, as the user's notification settings
 * say: nothing when they turned the kind off; marked silent when they chose silent or it is their
 * quiet hours now. `dedupeKey` names the business event (e.g. `fill:<id>`), so applying the same
 * event twice creates nothing new.
 */
export async function insertNotifications(tx: SqlTx, userId: string, dedupeKey: string, payload: NotificationPayload, nowMs: number): Promise<number> {
  const delivery = deliveryOf(payload.kind, await findNotificationPrefs(tx, userId), nowMs);
  if (delivery === 'off') return 0;
  const rows = await tx.query<{ id: string }>(
    `insert into notifications (user_id, chat_link_id, kind, payload, dedupe_key, created_at, silent)
     select l.user_id, l.id, $2, $3, $4 || ':' || l.id::text, $5, $6 from chat_links l where l.user_id = $1
     on conflict (dedupe_key) do nothing returning id`,
    [userId, payload.kind, payload, dedupeKey, new Date(nowMs), delivery === 'silent'],
  );
  return rows.length;
}

export interface PendingNotificationRow {
  id: string;
  platform: Platform;
  platform_user_id: string;
  dm_chat_id: string;
  locale: Locale | null;
  payload: NotificationPayload;
  created_at: Date;
  silent: boolean;
  broker: string | null;
  environment: string | null;
}

/** Undelivered notifications for some platforms (optionally some chat accounts), oldest first. */
export async function listUndelivered(
  db: SqlClient,
  filter: { platforms: readonly Platform[]; platformUserIds?: readonly string[] | undefined },
  limit: number,
): Promise<PendingNotificationRow[]> {
  return db.query<PendingNotificationRow>(
    `select n.id, l.platform, l.platform_user_id, l.dm_chat_id, u.locale, n.payload, n.created_at, n.silent, a.broker, a.environment
       from notifications n
       join chat_links l on l.id = n.chat_link_id
       join users u on u.id = n.user_id
       left join broker_accounts a on a.user_id = n.user_id and a.is_default
      where n.delivered_at is null and l.platform = any($1::text[])
        and ($2::text[] is null or l.platform_user_id = any($2::text[]))
      order by n.created_at, n.id limit $3`,
    [filter.platforms, filter.platformUserIds ?? null, limit],
  );
}

export async function markDelivered(db: SqlClient, ids: readonly string[], nowMs: number): Promise<void> {
  await db.query(
    'update notifications set delivered_at = $2 where id = any($1::uuid[]) and delivered_at is null',
    [ids, new Date(nowMs)],
  );
}

export async function countAttempt(db: SqlClient, ids: readonly string[]): Promise<void> {
  await db.query('update notifications set attempts = attempts + 1 where id = any($1::uuid[])', [ids]);
}

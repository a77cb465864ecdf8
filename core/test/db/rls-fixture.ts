import type { SqlClient } from '../../src/db/sql-client.js';

/** Ids of one user's rows: one row in every user-owned table. */
export interface UserRows {
  userId: string;
  chatLinkId: string;
  accountId: string;
  orderId: string;
  fillId: string;
  adjustmentId: string;
  alertId: string;
  strategyId: string;
  notificationId: string;
  linkCodeId: string;
  auditId: number;
}

/** Two users, A and B, with identical row sets, plus an audit row owned by no one. */
export interface RlsFixture {
  a: UserRows;
  b: UserRows;
  orphanAuditId: number;
}

export const FIXTURE_TRADING_DAY = '2026-11-20';
export const FIXTURE_SYMBOL = '005930';

/** Inserts the fixture as the table owner (core's role) and returns its ids. */
export async function seedRlsFixture(db: SqlClient): Promise<RlsFixture> {
  return db.transaction(async (tx) => {
    const suffix = Math.random().toString(36).slice(2, 10);
    const seedUser = async (label: string): Promise<UserRows> => {
      const one = async <R>(sql: string, params: unknown[]): Promise<R> => {
        const rows = await tx.query<R>(sql, params);
        return rows[0]!;
      };
      const { id: userId } = await one<{ id: string }>(
        `insert into users (name, tier, locale) values ($1, 'free', 'en') returning id`,
        [`${label}-${suffix}`],
      );
      const { id: chatLinkId } = await one<{ id: string }>(
        `insert into chat_links (user_id, platform, platform_user_id, dm_chat_id)
         values ($1, 'telegram', $2, $2) returning id`,
        [userId, `${label}-${suffix}`],
      );
      const { id: accountId } = await one<{ id: string }>(
        `insert into broker_accounts (user_id, broker, environment, label, credentials_enc)
         values ($1, 'paper', 'mock', 'paper', 'v1:secret-' || $2) returning id`,
        [userId, label],
      );
      const { id: orderId } = await one<{ id: string }>(
        `insert into orders (user_id, account_id, client_order_id, idempotency_key, request_hash,
           symbol, side, order_type, qty_shares, price_krw, state, priority, trading_day)
         values ($1, $2, $3, $3, 'hash', $4, 'buy', 'limit', 10, 70000, 'filled', 'normal', $5)
         returning id`,
        [userId, accountId, `${label}-${suffix}-order`, FIXTURE_SYMBOL, FIXTURE_TRADING_DAY],
      );
      const { id: fillId } = await one<{ id: string }>(
        `insert into fills (order_id, user_id, account_id, broker_fill_id, symbol, side, qty_shares,
           price_krw, filled_at)
         values ($1, $2, $3, 'fill-1', $4, 'buy', 10, 70000, now()) returning id`,
        [orderId, userId, accountId, FIXTURE_SYMBOL],
      );
      await tx.query(
        `insert into positions (account_id, user_id, symbol, qty_shares, avg_price_krw)
         values ($1, $2, $3, 10, 70000)`,
        [accountId, userId, FIXTURE_SYMBOL],
      );
      const { id: adjustmentId } = await one<{ id: string }>(
        `insert into position_adjustments (user_id, account_id, symbol, local_qty_shares, broker_qty_shares, delta_shares, reason)
         values ($1, $2, $3, 10, 11, 1, 'drift_within_threshold') returning id`,
        [userId, accountId, FIXTURE_SYMBOL],
      );
      await tx.query(`insert into daily_usage (user_id, trading_day, trades_used) values ($1, $2, 1)`, [
        userId,
        FIXTURE_TRADING_DAY,
      ]);
      const { id: alertId } = await one<{ id: string }>(
        `insert into price_alerts (user_id, symbol, direction, threshold_krw)
         values ($1, $2, 'above', 80000) returning id`,
        [userId, FIXTURE_SYMBOL],
      );
      const { id: strategyId } = await one<{ id: string }>(
        `insert into strategies (user_id, account_id, kind, symbol, params)
         values ($1, $2, 'dca', $3, $4) returning id`,
        [userId, accountId, FIXTURE_SYMBOL, { amountKrw: 100000 }],
      );
      const { id: notificationId } = await one<{ id: string }>(
        `insert into notifications (user_id, chat_link_id, kind, payload, dedupe_key)
         values ($1, $2, 'fill', $3, $4) returning id`,
        [userId, chatLinkId, { orderId }, `${label}-${suffix}-fill`],
      );
      await tx.query(
        `insert into notification_prefs (user_id, modes, quiet_start_hour, quiet_end_hour)
         values ($1, '{"order": "silent"}', 22, 7)`,
        [userId],
      );
      const { id: linkCodeId } = await one<{ id: string }>(
        `insert into link_codes (user_id, code_hash, expires_at)
         values ($1, $2, now() + interval '10 minutes') returning id`,
        [userId, `${label}-${suffix}-hash`],
      );
      const { id: auditId } = await one<{ id: number }>(
        `insert into audit_log (user_id, platform, actor, command, outcome)
         values ($1, 'telegram', 'user', 'buy', 'ok') returning id`,
        [userId],
      );
      return {
        userId, chatLinkId, accountId, orderId, fillId, adjustmentId, alertId, strategyId, notificationId, linkCodeId, auditId,
      };
    };
    const a = await seedUser('a');
    const b = await seedUser('b');
    await tx.query(
      `insert into link_attempts (platform, platform_user_id, attempted_at, succeeded)
       values ('telegram', 'someone', now(), false)`,
    );
    // Market data is server-only: a row to prove client roles cannot see it.
    await tx.query(
      `insert into market_bars (symbol, minute_start, open_krw, high_krw, low_krw, close_krw, volume_shares)
       values ($1, now(), 70000, 70100, 69900, 70000, 10)`,
      [FIXTURE_SYMBOL],
    );
    const [orphan] = await tx.query<{ id: number }>(
      `insert into audit_log (user_id, actor, command, outcome) values (null, 'system', 'boot', 'ok')
       returning id`,
    );
    return { a, b, orphanAuditId: orphan!.id };
  });
}

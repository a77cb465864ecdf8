import type { NotificationPayload } from '@tradedesk/contracts';
import type { SqlTx } from '../db/sql-client.js';
import type { CoreDeps } from '../deps.js';
import { insertNotifications } from '../store/notifications-store.js';
import { listOperatorIds, userNameOf } from '../store/users-store.js';
import type { OrderWithAccount } from '../store/rows.js';
import { toOrderView } from './order-views.js';

/**
 * Tells every operator, in their linked chats, about someone's order that needs a human: one the
 * broker cannot find (lost), or one found at the broker that Tradedesk did not place (adopted).
 */
export async function alertOperators(
  tx: SqlTx, deps: Pick<CoreDeps, 'symbols'>, alert: 'order_lost' | 'order_adopted' | 'order_ambiguous', order: OrderWithAccount, nowMs: number,
): Promise<void> {
  const payload = { kind: 'operator_alert', alert, userName: await userNameOf(tx, order.user_id), order: toOrderView(order, deps.symbols) } as const;
  for (const operatorId of await listOperatorIds(tx)) {
    await insertNotifications(tx, operatorId, `operator:${alert}:${order.id}`, payload, nowMs);
  }
}

type PositionDriftAlert = Extract<NotificationPayload, { alert: 'position_drift' }>;

/**
 * Tells every operator that an account's positions differ from the broker's beyond the threshold and
 * that its user's trading is paused until someone checks (RECON-8). `dedupeKey` names this finding.
 */
export async function alertOperatorsOfPositionDrift(
  tx: SqlTx, report: Omit<PositionDriftAlert, 'kind' | 'alert'>, dedupeKey: string, nowMs: number,
): Promise<void> {
  const payload: PositionDriftAlert = { kind: 'operator_alert', alert: 'position_drift', ...report };
  for (const operatorId of await listOperatorIds(tx)) {
    await insertNotifications(tx, operatorId, `operator:${dedupeKey}`, payload, nowMs);
  }
}

import type { BrokerEnvironment } from '@tradedesk/contracts';
import type { SqlTx } from '../db/sql-client.js';
import type { ConnectableBroker } from './rows.js';

/** The id of the user's account at this broker and environment, if they connected one. */
export async function findConnectedAccountId(tx: SqlTx, userId: string, broker: ConnectableBroker, environment: BrokerEnvironment): Promise<string | null> {
  const rows = await tx.query<{ id: string }>(
    'select id from broker_accounts where user_id = $1 and broker = $2 and environment = $3',
    [userId, broker, environment],
  );
  return rows[0]?.id ?? null;
}

export interface ConnectedAccount {
  id: string;
  userId: string;
  broker: ConnectableBroker;
  environment: BrokerEnvironment;
  label: string;
  accountNumberMasked: string;
  credentialsEnc: string;
  nowMs: number;
}

/**
 * Stores a connected broker account, replacing the credentials of the one already there (same id,
 * so anything that refers to the account keeps doing so). Never the default account: see `connect`.
 */
export async function saveConnectedAccount(tx: SqlTx, account: ConnectedAccount): Promise<void> {
  await tx.query(
    `insert into broker_accounts (id, user_id, broker, environment, label, account_number_masked, credentials_enc, is_default, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, false, $8)
     on conflict (id) do update set label = excluded.label, account_number_masked = excluded.account_number_masked,
       credentials_enc = excluded.credentials_enc`,
    [account.id, account.userId, account.broker, account.environment, account.label, account.accountNumberMasked,
      account.credentialsEnc, new Date(account.nowMs)],
  );
}

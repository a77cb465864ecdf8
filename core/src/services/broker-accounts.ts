import type { CoreDeps } from '../deps.js';
import { AppError } from '../errors.js';
import type { BrokerAccountRow } from '../store/rows.js';
import { defaultAccountOf } from '../store/users-store.js';

/**
 * The user's default account, made known to the broker first. A paper account is opened at the
 * paper broker with the configured starting cash (idempotent there, so asking again is harmless).
 */
export async function ensureBrokerAccount(deps: CoreDeps, userId: string): Promise<BrokerAccountRow> {
  const account = await defaultAccountOf(deps.db, userId);
  if (!account) throw new AppError('NO_BROKER_ACCOUNT');
  if (account.broker === 'paper') {
    await deps.broker.request('open_account', { accountRef: account.id, initialCashKrw: deps.config.PAPER_INITIAL_CASH_KRW });
  }
  return account;
}

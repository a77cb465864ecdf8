import type { CoreDeps } from '../deps.js';
import { AppError } from '../errors.js';
import type { BrokerAccountRow } from '../store/rows.js';
import { defaultAccountOf, findBrokerAccountById } from '../store/users-store.js';

/**
 * Makes an account known to the broker. A paper account is opened at the paper broker with the
 * configured starting cash (idempotent there, so asking again is harmless); real accounts exist at
 * their broker already.
 */
export async function openAtBroker(deps: Pick<CoreDeps, 'broker' | 'config'>, account: Pick<BrokerAccountRow, 'id' | 'broker'>): Promise<void> {
  if (account.broker === 'paper') {
    await deps.broker.request('open_account', { accountRef: account.id, initialCashKrw: deps.config.PAPER_INITIAL_CASH_KRW });
  }
}

/** The user's default account, made known to the broker first. */
export async function ensureBrokerAccount(deps: CoreDeps, userId: string): Promise<BrokerAccountRow> {
  const account = await defaultAccountOf(deps.db, userId);
  if (!account) throw new AppError('NO_BROKER_ACCOUNT');
  await openAtBroker(deps, account);
  return account;
}

/** Makes the account with this id known to the broker (before its first login). */
export async function ensureBrokerAccountById(deps: CoreDeps, accountId: string): Promise<void> {
  const account = await findBrokerAccountById(deps.db, accountId);
  if (!account) throw new AppError('NO_BROKER_ACCOUNT');
  await openAtBroker(deps, account);
}

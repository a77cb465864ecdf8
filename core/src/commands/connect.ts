import { accountKindOf, type CoreCommandInput, type CoreCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps, UserCommandContext } from '../deps.js';
import { maskAccountNumber, normalizeAccountNumber } from '../domain/account-number.js';
import { AppError } from '../errors.js';
import { encryptBrokerCredentials } from '../services/broker-credentials.js';
import { findConnectedAccountId, saveConnectedAccount } from '../store/broker-accounts-store.js';
import type { ConnectableBroker } from '../store/rows.js';
import { lockUser } from '../store/users-store.js';

const BROKER_LABEL: Readonly<Record<ConnectableBroker, string>> = { kis: 'KIS', kiwoom: 'Kiwoom' };

/**
 * Stores the user's broker credentials, encrypted and bound to their account row; connecting the
 * same broker and environment again replaces them. Only the masked account number is kept in the
 * clear, and the answer holds nothing secret.
 *
 * The account is not made the default: the bridge has no KIS or Kiwoom gateway yet, so orders
 * keep going to the paper account until one exists.
 */
export async function connect(deps: CoreDeps, ctx: UserCommandContext, input: CoreCommandInput<'connect'>): Promise<CoreCommandOutput<'connect'>> {
  const accountNumber = normalizeAccountNumber(input.accountNumber);
  const accountNumberMasked = maskAccountNumber(accountNumber);
  await deps.db.transaction(async (tx) => {
    // Serialises this user's connects, so the row id the ciphertext is bound to is the row it lands in.
    if (!(await lockUser(tx, ctx.user.id))) throw new AppError('NOT_LINKED');
    const accountId = (await findConnectedAccountId(tx, ctx.user.id, input.broker, input.environment)) ?? deps.ids.uuid();
    const credentialsEnc = encryptBrokerCredentials(deps.masterKey, { accountId, userId: ctx.user.id }, {
      appKey: input.appKey, appSecret: input.appSecret, accountNumber,
    });
    await saveConnectedAccount(tx, {
      id: accountId, userId: ctx.user.id, broker: input.broker, environment: input.environment,
      label: `${BROKER_LABEL[input.broker]} ${input.environment}`, accountNumberMasked, credentialsEnc, nowMs: deps.clock.now(),
    });
  });
  return { broker: input.broker, accountKind: accountKindOf(input.broker, input.environment), accountNumberMasked };
}

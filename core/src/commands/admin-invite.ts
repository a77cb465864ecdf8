import type { AdminCommandInput, AdminCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';
import { formatLinkCode, hashLinkCode } from '../domain/link-code.js';
import { AppError } from '../errors.js';
import { insertLinkCode } from '../store/link-store.js';
import { countUsers, findUserByName, insertUserWithPaperAccount, lockUsersForInsert } from '../store/users-store.js';

/**
 * Invites a person: creates the user (with a paper account) and a one-time link code. Inviting an
 * existing user with the same tier issues a fresh code (a lost code); a different tier is refused,
 * since a tier change is its own decision (`admin tier`). A new user beyond ACTIVE_USERS_MAX is
 * refused (ACTIVE_USERS_LIMIT); the count and the insert run under a table lock, so concurrent
 * invites (from any core) cannot both take the last place.
 */
export async function adminInvite(deps: Pick<CoreDeps, 'db' | 'clock' | 'ids' | 'config' | 'masterKey'>, input: AdminCommandInput<'invite'>): Promise<AdminCommandOutput<'invite'>> {
  const nowMs = deps.clock.now();
  const code = formatLinkCode(deps.ids.bytes(32));
  const expiresAtMs = nowMs + deps.config.LINK_CODE_TTL_MINUTES * 60_000;
  const operator = input.operator ?? false;
  const userId = await deps.db.transaction(async (tx) => {
    await lockUsersForInsert(tx);
    const existing = await findUserByName(tx, input.name);
    if (existing && (existing.tier !== input.tier || existing.is_operator !== operator)) {
      throw new AppError('USER_EXISTS', { name: input.name, tier: existing.tier });
    }
    const max = deps.config.ACTIVE_USERS_MAX;
    if (!existing && (await countUsers(tx)) >= max) throw new AppError('ACTIVE_USERS_LIMIT', { max });
    const id = existing?.id ?? deps.ids.uuid();
    if (!existing) await insertUserWithPaperAccount(tx, { id, accountId: deps.ids.uuid(), name: input.name, tier: input.tier, isOperator: operator, nowMs });
    await insertLinkCode(tx, { userId: id, codeHash: hashLinkCode(code, deps.masterKey), expiresAtMs, nowMs });
    return id;
  });
  return { userId, userName: input.name, code, expiresAt: expiresAtMs };
}

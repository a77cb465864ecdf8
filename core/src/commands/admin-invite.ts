import type { AdminCommandInput, AdminCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';
import { formatLinkCode, hashLinkCode } from '../domain/link-code.js';
import { AppError } from '../errors.js';
import { insertLinkCode } from '../store/link-store.js';
import { findUserByName, insertUserWithPaperAccount } from '../store/users-store.js';

/**
 * Invites a person: creates the user (with a paper account) and a one-time link code. Inviting an
 * existing user with the same tier issues a fresh code (a lost code); a different tier is refused,
 * since a tier change is its own decision.
 */
export async function adminInvite(deps: Pick<CoreDeps, 'db' | 'clock' | 'ids' | 'config' | 'masterKey'>, input: AdminCommandInput<'invite'>): Promise<AdminCommandOutput<'invite'>> {
  const nowMs = deps.clock.now();
  const code = formatLinkCode(deps.ids.bytes(32));
  const expiresAtMs = nowMs + deps.config.LINK_CODE_TTL_MINUTES * 60_000;
  const operator = input.operator ?? false;
  const userId = await deps.db.transaction(async (tx) => {
    const existing = await findUserByName(tx, input.name);
    if (existing && (existing.tier !== input.tier || existing.is_operator !== operator)) {
      throw new AppError('USER_EXISTS', { name: input.name, tier: existing.tier });
    }
    const id = existing?.id ?? deps.ids.uuid();
    if (!existing) await insertUserWithPaperAccount(tx, { id, name: input.name, tier: input.tier, isOperator: operator, nowMs });
    await insertLinkCode(tx, { userId: id, codeHash: hashLinkCode(code, deps.masterKey), expiresAtMs, nowMs });
    return id;
  });
  return { userId, userName: input.name, code, expiresAt: expiresAtMs };
}

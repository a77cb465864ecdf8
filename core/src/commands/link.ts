import type { CoreCommandInput, CoreCommandOutput } from '@tradedesk/contracts';
import type { CommandContext, CoreDeps } from '../deps.js';
import { hashLinkCode } from '../domain/link-code.js';
import { AppError } from '../errors.js';
import { countRecentLinkFailures, insertChatLink, recordLinkAttempt, redeemLinkCode } from '../store/link-store.js';

/**
 * Links the asking chat account to the user the one-time code was issued for. A wrong, used or
 * expired code changes nothing but the failure count; too many failures lock the chat account out
 * for the rest of the window.
 */
export async function link(deps: CoreDeps, ctx: CommandContext, input: CoreCommandInput<'link'>): Promise<CoreCommandOutput<'link'>> {
  const { platform, platformUserId, chatId } = ctx.identity;
  const nowMs = deps.clock.now();
  const windowMs = deps.config.LINK_FAILURE_WINDOW_MINUTES * 60_000;
  const failures = await countRecentLinkFailures(deps.db, platform, platformUserId, nowMs - windowMs);
  if (failures.count >= deps.config.LINK_FAILURES_MAX) {
    const retryAfterSec = Math.max(1, Math.ceil(((failures.oldestMs ?? nowMs) + windowMs - nowMs) / 1000));
    throw new AppError('LINK_RATE_LIMITED', { retryAfterSec });
  }
  const codeHash = hashLinkCode(input.code, deps.masterKey);
  const linked = await deps.db.transaction(async (tx) => {
    const userId = await redeemLinkCode(tx, codeHash, nowMs);
    if (!userId) return null;
    const { linkedTo } = await insertChatLink(tx, { userId, platform, platformUserId, dmChatId: chatId, nowMs });
    // Rolls back the redemption too: the code stays usable for the account it was meant for.
    if (linkedTo !== userId) throw new AppError('ALREADY_LINKED');
    const rows = await tx.query<{ name: string; tier: CoreCommandOutput<'link'>['tier'] }>('select name, tier from users where id = $1', [userId]);
    return rows[0]!;
  });
  await recordLinkAttempt(deps.db, platform, platformUserId, linked !== null, nowMs);
  if (!linked) throw new AppError('LINK_CODE_INVALID');
  return { userName: linked.name, tier: linked.tier };
}

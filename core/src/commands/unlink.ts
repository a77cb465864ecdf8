import type { CoreCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps, UserCommandContext } from '../deps.js';
import { deleteChatLink } from '../store/link-store.js';

/**
 * Removes the link of the asking chat account. The user, their orders and their other chat
 * accounts stay; this account's undelivered notifications go with the link.
 */
export async function unlink(deps: CoreDeps, ctx: UserCommandContext): Promise<CoreCommandOutput<'unlink'>> {
  await deleteChatLink(deps.db, ctx.identity.platform, ctx.identity.platformUserId);
  return { userName: ctx.user.name };
}

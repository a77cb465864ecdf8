import type { CoreCommandInput, CoreCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps, UserCommandContext } from '../deps.js';
import { setUserLocale } from '../store/users-store.js';

/** Sets the language of the user's replies and notifications, on every platform they use. */
export async function lang(deps: CoreDeps, ctx: UserCommandContext, input: CoreCommandInput<'lang'>): Promise<CoreCommandOutput<'lang'>> {
  await setUserLocale(deps.db, ctx.user.id, input.locale);
  return { locale: input.locale };
}

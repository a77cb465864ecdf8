import type { CoreCommandInput, CoreCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps, UserCommandContext } from '../deps.js';
import { changeNotificationPrefs, findNotificationPrefs } from '../store/notification-prefs-store.js';

/**
 * Empty input: the user's notification settings. Otherwise sets a kind's mode (on, silent, off)
 * and/or the quiet hours (null turns them off), and answers the settings after the change.
 */
export async function notify(deps: CoreDeps, ctx: UserCommandContext, input: CoreCommandInput<'notify'>): Promise<CoreCommandOutput<'notify'>> {
  const mode = input.kind !== undefined && input.mode !== undefined ? { kind: input.kind, mode: input.mode } : undefined;
  if (!mode && input.quietHours === undefined) return findNotificationPrefs(deps.db, ctx.user.id);
  return changeNotificationPrefs(deps.db, ctx.user.id, { mode, quietHours: input.quietHours }, deps.clock.now());
}

import type { AdminCommandInput, AdminCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';
import { AppError } from '../errors.js';
import { setUserPaused } from '../store/users-store.js';

/**
 * Pauses or resumes one user's trading. While paused, admission refuses their orders (USER_PAUSED)
 * and their queued orders wait in place; orders already at the broker and cancels are untouched.
 * `signals` is absent when the admin CLI opens the database itself.
 */
export async function adminPause(
  deps: Pick<CoreDeps, 'db'> & Partial<Pick<CoreDeps, 'signals'>>,
  input: AdminCommandInput<'pause'>,
): Promise<AdminCommandOutput<'pause'>> {
  const user = await setUserPaused(deps.db, input.name, input.paused);
  if (!user) throw new AppError('USER_NOT_FOUND', { name: input.name });
  // Resumed: their waiting orders may go now, without waiting for the dispatcher's next poll.
  if (!user.paused) deps.signals?.emit('orders-queued');
  return { userName: user.name, paused: user.paused };
}

import type { AdminCommandInput, AdminCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';
import { priorityOfTier } from '../domain/tier-policy.js';
import { AppError } from '../errors.js';
import { reprioritizeQueuedOrders } from '../store/orders-store.js';
import { setUserTier } from '../store/users-store.js';

/**
 * Sets a user's tier. Limits follow from the next order on (each admission reads the user afresh);
 * the user's queued orders move to the new tier's priority in the same transaction. Orders already
 * admitted are not re-checked against the new limits.
 */
export async function adminTier(deps: Pick<CoreDeps, 'db' | 'clock'>, input: AdminCommandInput<'tier'>): Promise<AdminCommandOutput<'tier'>> {
  const nowMs = deps.clock.now();
  const user = await deps.db.transaction(async (tx) => {
    const updated = await setUserTier(tx, input.name, input.tier);
    if (!updated) throw new AppError('USER_NOT_FOUND', { name: input.name });
    await reprioritizeQueuedOrders(tx, updated.id, priorityOfTier(updated.tier), nowMs);
    return updated;
  });
  return { userName: user.name, tier: user.tier };
}

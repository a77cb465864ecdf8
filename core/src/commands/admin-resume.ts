import type { AdminCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';
import { setTradingHalted } from '../store/controls-store.js';

/**
 * Turns the kill switch off: admission takes orders again and the queued ones are sent in their
 * usual order. `signals` is absent when the admin CLI opens the database itself (no core runs
 * there); other cores find the queue at their next poll.
 */
export async function adminResume(deps: Pick<CoreDeps, 'db' | 'clock'> & Partial<Pick<CoreDeps, 'signals'>>, actor: string): Promise<AdminCommandOutput<'resume'>> {
  await setTradingHalted(deps.db, { halted: false, actor, nowMs: deps.clock.now() });
  deps.signals?.emit('orders-queued');
  return { halted: false };
}

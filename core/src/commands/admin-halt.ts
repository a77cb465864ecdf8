import type { AdminCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';
import { setTradingHalted } from '../store/controls-store.js';

/**
 * The kill switch: from now on admission refuses new orders (TRADING_HALTED) and no queued order
 * is sent, by this or any other core on the database, until `resume`. Orders already at the broker
 * stay there and cancels still go through: they only reduce risk. Halting twice keeps the first
 * halt's time and actor.
 */
export async function adminHalt(deps: Pick<CoreDeps, 'db' | 'clock'>, actor: string): Promise<AdminCommandOutput<'halt'>> {
  await setTradingHalted(deps.db, { halted: true, actor, nowMs: deps.clock.now() });
  return { halted: true };
}

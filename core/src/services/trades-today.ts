import type { CoreDeps } from '../deps.js';
import { tradingDayOf } from '../domain/trading-day.js';
import { tradesUsedOn } from '../store/orders-store.js';
import type { UserRow } from '../store/rows.js';

/** The user's trades used and left today (KST trading day) under their tier's daily cap. */
export async function tradesToday(deps: Pick<CoreDeps, 'db' | 'clock' | 'config'>, user: Pick<UserRow, 'id' | 'tier'>): Promise<{ tradingDay: string; used: number; left: number }> {
  const tradingDay = tradingDayOf(deps.clock.now());
  const used = await tradesUsedOn(deps.db, user.id, tradingDay);
  return { tradingDay, used, left: Math.max(0, deps.config.tierLimits[user.tier].tradesPerDay - used) };
}

import type { AdminCommandOutput } from '@tradedesk/contracts';
import type { CoreDeps } from '../deps.js';
import { tradingDayOf } from '../domain/trading-day.js';
import { listUsers } from '../store/users-store.js';

export async function adminUsers(deps: Pick<CoreDeps, 'db' | 'clock'>): Promise<AdminCommandOutput<'users'>> {
  const rows = await listUsers(deps.db, tradingDayOf(deps.clock.now()));
  return {
    users: rows.map((u) => ({
      userId: u.id, userName: u.name, tier: u.tier, isOperator: u.is_operator,
      linkedChats: u.linked_chats, tradesUsedToday: u.trades_used,
    })),
  };
}

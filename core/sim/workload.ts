import type { ChatIdentity, Tier } from '@tradedesk/contracts';
import { adminInvite } from '../src/commands/admin-invite.js';
import { cancelOrder } from '../src/commands/cancel-order.js';
import { link } from '../src/commands/link.js';
import { placeOrder } from '../src/commands/place-order.js';
import type { CoreDeps } from '../src/deps.js';
import { AppError } from '../src/errors.js';
import { findUserByChat } from '../src/store/users-store.js';
import type { SimRandom } from './sim-random.js';

export interface SimUser { name: string; tier: Tier; identity: ChatIdentity }

/** 10 users as in the issue: 2 premium, 4 basic, 4 free. */
export const SIM_USERS: readonly SimUser[] = [
  ...['p1', 'p2'].map((name) => ({ name, tier: 'premium' as const })),
  ...['b1', 'b2', 'b3', 'b4'].map((name) => ({ name, tier: 'basic' as const })),
  ...['f1', 'f2', 'f3', 'f4'].map((name) => ({ name, tier: 'free' as const })),
].map((u) => ({ ...u, identity: { platform: 'console' as const, platformUserId: u.name, chatId: u.name, isPrivateChat: true } }));

/** A few liquid paper symbols (KOSPI large caps and an ETF). */
const SYMBOLS = ['005930', '000660', '035420', '005380', '069500'];

export async function createUsers(deps: CoreDeps): Promise<void> {
  for (const user of SIM_USERS) {
    const { code } = await adminInvite(deps, { name: user.name, tier: user.tier, operator: false });
    await link(deps, { identity: user.identity, user: null, idempotencyKey: undefined }, { code });
  }
}

export interface WorkloadStats { placed: number; refused: Record<string, number>; redelivered: number; cancels: number }

/**
 * One person's action through core's real admission: usually an order (market or limit near the
 * last price, buys and sells), sometimes the same command delivered twice (IDEM-3), sometimes a
 * cancel of their latest order. Refusals (limits, no position) are normal and counted.
 */
export async function actOnce(deps: CoreDeps, rng: SimRandom, user: SimUser, actionNo: number, stats: WorkloadStats): Promise<void> {
  const row = await findUserByChat(deps.db, 'console', user.name);
  if (!row) return;
  const ctx = { identity: user.identity, user: row, idempotencyKey: `${user.name}-${actionNo}` };
  try {
    if (rng.chance(0.1)) {
      const latest = await deps.db.query<{ id: string }>(`select id from orders where user_id = $1 order by created_at desc limit 1`, [row.id]);
      if (latest[0]) {
        stats.cancels += 1;
        await cancelOrder(deps, ctx, { orderId: latest[0].id });
      }
      return;
    }
    const symbol = rng.pick(SYMBOLS);
    const side = rng.chance(0.35) ? 'sell' : 'buy';
    const qtyShares = rng.int(1, 5);
    const quote = await deps.broker.request('get_quote', { symbol });
    const limit = rng.chance(0.5) ? quote.lastKrw : undefined;
    const input = { symbol, side, qtyShares, ...(limit ? { priceKrw: limit } : {}) } as const;
    await placeOrder(deps, ctx, input);
    stats.placed += 1;
    if (rng.chance(0.05)) {
      stats.redelivered += 1;
      await placeOrder(deps, ctx, input);
    }
  } catch (error) {
    const code = error instanceof AppError ? error.code : error instanceof Error ? error.name : 'unknown';
    stats.refused[code] = (stats.refused[code] ?? 0) + 1;
  }
}

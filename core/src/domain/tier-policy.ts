import type { OrderPriority, Tier, TierLimits } from '@tradedesk/contracts';

/**
 * A tier's limits as core enforces them: the contract's (shown to users by `me`) plus the command
 * rate, which core alone applies (BOT-13).
 */
export interface CoreTierLimits extends TierLimits {
  commandsPerMinute: number;
}

/** The default limits per tier (issue #3's table). The operator overrides them through config. */
export const DEFAULT_TIER_LIMITS: Readonly<Record<Tier, CoreTierLimits>> = {
  free: { tradesPerDay: 10, strategiesMax: 1, openPositionsMax: 5, orderValueMaxKrw: 10_000_000, commandsPerMinute: 20 },
  basic: { tradesPerDay: 50, strategiesMax: 3, openPositionsMax: 10, orderValueMaxKrw: 50_000_000, commandsPerMinute: 40 },
  premium: { tradesPerDay: 100, strategiesMax: 5, openPositionsMax: 20, orderValueMaxKrw: 200_000_000, commandsPerMinute: 60 },
};

/** Premium users' orders are served first (VIP); urgent work (cancels, protective exits) before both. */
export function priorityOfTier(tier: Tier): OrderPriority {
  return tier === 'premium' ? 'vip' : 'normal';
}

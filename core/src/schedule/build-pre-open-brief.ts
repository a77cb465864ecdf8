import { accountKindOf, REPORT_ITEMS_MAX, type PreOpenBrief } from '@tradedesk/contracts';
import { hhmm } from '../calendar/kst-time.js';
import type { SessionHours } from '../calendar/krx-sessions.js';
import type { CoreDeps } from '../deps.js';
import { defaultAccountOf } from '../store/users-store.js';
import { listArmedAlerts, listEnabledStrategies } from './brief-store.js';
import { valuedHoldings } from '../services/valued-holdings.js';
import type { PriceLookup } from '../services/price-lookup.js';

/** The pre-open brief for one user: holdings of the default account, strategies on, alerts armed. */
export async function buildPreOpenBrief(
  deps: Pick<CoreDeps, 'db' | 'symbols'>, userId: string, tradingDay: string, session: SessionHours, priceOf: PriceLookup,
): Promise<PreOpenBrief> {
  const account = await defaultAccountOf(deps.db, userId);
  const [positions, strategies, alerts] = await Promise.all([
    account ? valuedHoldings(deps, account.id, priceOf) : [],
    listEnabledStrategies(deps.db, userId, REPORT_ITEMS_MAX),
    listArmedAlerts(deps.db, userId, REPORT_ITEMS_MAX),
  ]);
  const nameOf = (code: string) => deps.symbols.byCodeOrNull(code)?.nameKo ?? code;
  return {
    tradingDay,
    opensAt: hhmm(session.openMinute),
    accountKind: account ? accountKindOf(account.broker, account.environment) : null,
    positions: positions.slice(0, REPORT_ITEMS_MAX),
    positionsTotal: positions.length,
    strategies: strategies.rows.map((s) => ({ ...s, name: nameOf(s.symbol) })),
    strategiesTotal: strategies.total,
    alerts: alerts.rows.map((a) => ({ ...a, name: nameOf(a.symbol) })),
    alertsTotal: alerts.total,
  };
}

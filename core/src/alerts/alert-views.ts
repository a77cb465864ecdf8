import type { AlertView } from '@tradedesk/contracts';
import type { SymbolMaster } from '../market/symbol-master.js';
import type { AlertRow } from './alerts-store.js';

/** What `alert list` needs to know about an alert at run time. */
export interface AlertRuntime {
  /** The level in force now (a percent alert's is computed from the previous close); null if unknown. */
  thresholdKrw: number | null;
  live: boolean;
}

export function shortAlertId(id: string): string {
  return id.slice(0, 8);
}

export function toAlertView(row: AlertRow, symbols: SymbolMaster, runtime: AlertRuntime): AlertView {
  const info = symbols.byCodeOrNull(row.symbol) ?? { code: row.symbol, nameKo: row.symbol, nameEn: '', market: 'KOSPI' as const };
  return {
    id: row.id,
    shortId: shortAlertId(row.id),
    symbol: info,
    direction: row.direction,
    target: row.percent_bp === null ? { kind: 'price', priceKrw: row.threshold_krw! } : { kind: 'percent', percentBp: row.percent_bp },
    thresholdKrw: row.threshold_krw ?? runtime.thresholdKrw,
    repeat: row.repeat,
    cooldownSec: row.repeat ? row.cooldown_sec : 0,
    state: row.state,
    live: row.state === 'armed' && runtime.live,
    lastTriggeredAt: row.last_triggered_at?.getTime() ?? null,
    createdAt: row.created_at.getTime(),
  };
}

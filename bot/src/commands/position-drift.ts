import type { Locale, NotificationPayload } from '@tradedesk/contracts';
import { formatQty, t } from '../i18n/index.js';
import { accountTitle, symbolLabel } from './labels.js';
import type { ChatReply } from './reply.js';

type DriftPayload = Extract<NotificationPayload, { kind: 'trading_paused' } | { alert: 'position_drift' }>;

/**
 * Positions that differ from the broker's beyond the limit (RECON-8): to an operator, whose user was
 * paused and what to check; to the user, that their trading is paused until an operator checks. Both
 * list each symbol with Tradedesk's quantity and the broker's.
 */
export function describePositionDrift(locale: Locale, payload: DriftPayload): ChatReply {
  const lines = payload.positions.map((p) => t(locale, 'positionDriftLine', {
    symbol: symbolLabel(locale, p.name, p.symbol), local: formatQty(locale, p.localQtyShares), broker: formatQty(locale, p.brokerQtyShares),
  }));
  if (payload.kind === 'operator_alert') {
    return { title: accountTitle(locale, payload.accountKind, t(locale, 'operatorPositionDrift', { user: payload.userName })), text: lines.join('\n'), tone: 'error' };
  }
  return {
    title: accountTitle(locale, payload.accountKind, t(locale, 'tradingPausedTitle')),
    text: [t(locale, 'tradingPausedPositionDrift'), ...lines].join('\n'),
    tone: 'error',
  };
}

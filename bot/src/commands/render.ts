import { randomUUID } from 'node:crypto';
import type { AccountKind, FillView, Locale, Notification, OrderView } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import { CoreError, CoreUnavailableError } from '../core-client.js';
import { dict, errorText, formatKrw, formatNumber, formatQty, t } from '../i18n/index.js';
import { describePositionDrift } from './position-drift.js';
import { describePreOpenBrief } from './pre-open-brief.js';
import { errorReply, type ChatReply } from './reply.js';
import { accountTitle, symbolLabel } from './labels.js';
import { describeDailyReport } from './report.js';
import { renderStrategyAction } from './strategy.js';

/** One line per order: `#1a2b3c4d 매수 삼성전자(005930) 10주 · 지정가 71,000원 · 접수 · 체결 3/10주`. */
export function describeOrder(locale: Locale, order: OrderView): string {
  const d = dict(locale);
  const price = order.priceKrw === null ? d.orderType[order.orderType] : `${d.orderType[order.orderType]} ${formatKrw(locale, order.priceKrw)}`;
  const parts = [
    `#${order.shortId} ${d.side[order.side]} ${symbolLabel(locale, order.symbolName, order.symbol)} ${formatQty(locale, order.qtyShares)}`,
    price,
    d.orderState[order.state],
  ];
  if (order.source === 'strategy') parts.push(d.strategies.orderTag({ shortId: order.strategyShortId ?? null }));
  if (order.filledQtyShares > 0) {
    parts.push(t(locale, 'filledProgress', {
      filled: formatNumber(order.filledQtyShares),
      total: formatQty(locale, order.qtyShares),
      avg: order.avgFillPriceKrw === null ? null : formatKrw(locale, order.avgFillPriceKrw),
    }));
  }
  return parts.join(' · ');
}

function describeFill(locale: Locale, fill: FillView, kind: AccountKind): ChatReply {
  const d = dict(locale);
  const partial = fill.orderFilledQtyShares < fill.orderQtyShares;
  const amount = fill.qtyShares * fill.priceKrw;
  const lines = [
    `#${fill.shortId} ${d.side[fill.side]} ${symbolLabel(locale, fill.symbolName, fill.symbol)} ${formatQty(locale, fill.qtyShares)} @ ${formatKrw(locale, fill.priceKrw)} = ${formatKrw(locale, amount)}`,
    t(locale, 'filledProgress', { filled: formatNumber(fill.orderFilledQtyShares), total: formatQty(locale, fill.orderQtyShares), avg: null }),
  ];
  const feesKrw = fill.commissionKrw + fill.taxKrw;
  return {
    title: accountTitle(locale, kind, t(locale, partial ? 'notifyPartiallyFilled' : 'notifyFilled')),
    text: lines.join('\n'),
    ...(feesKrw > 0 ? { fields: [{ name: d.labels.fees, value: formatKrw(locale, feesKrw) }] } : {}),
    tone: 'success',
  };
}

/**
 * A notification from core as a neutral reply, in the locale core chose for its recipient. The
 * account kind comes from the notification, else from the order itself.
 */
export function renderNotification(notification: Notification): ChatReply {
  const { locale, payload } = notification;
  if (payload.kind === 'order_filled') return describeFill(locale, payload.fill, notification.accountKind ?? payload.fill.accountKind);
  if (payload.kind === 'alert_triggered') {
    const text = t(locale, 'alertTriggered', {
      symbol: symbolLabel(locale, payload.name, payload.symbol),
      price: formatKrw(locale, payload.priceKrw),
      threshold: formatKrw(locale, payload.thresholdKrw),
      direction: payload.direction,
    });
    return { title: accountTitle(locale, notification.accountKind, `${payload.direction === 'above' ? '▲' : '▼'} ${t(locale, 'alertTriggeredTitle')}`), text, tone: 'info' };
  }
  if (payload.kind === 'close_summary') {
    const title = t(locale, 'closeSummaryTitle', { day: payload.report.tradingDay });
    return describeDailyReport(locale, payload.report, title, notification.accountKind ?? payload.report.accountKind);
  }
  if (payload.kind === 'pre_open_brief') return describePreOpenBrief(locale, payload.brief, notification.accountKind);
  if (payload.kind === 'strategy_action') return renderStrategyAction({ ...notification, payload });
  if (payload.kind === 'trading_paused' || (payload.kind === 'operator_alert' && payload.alert === 'position_drift')) {
    return describePositionDrift(locale, payload);
  }
  const order = payload.order;
  const kind = notification.accountKind ?? order.accountKind;
  const text = describeOrder(locale, order);
  switch (payload.kind) {
    case 'order_accepted':
      return { title: accountTitle(locale, kind, t(locale, 'notifyAccepted')), text, tone: 'info' };
    case 'order_rejected': {
      const reason = order.rejectReason ? `\n${t(locale, 'rejectReason', { reason: order.rejectReason })}` : '';
      return { title: accountTitle(locale, kind, t(locale, 'notifyRejected')), text: text + reason, tone: 'error' };
    }
    case 'order_cancelled':
      return { title: accountTitle(locale, kind, t(locale, 'notifyCancelled')), text, tone: 'info' };
    case 'order_update': {
      const state = dict(locale).orderState[order.state];
      return { title: accountTitle(locale, kind, t(locale, 'notifyUpdate', { state })), text, tone: 'info' };
    }
    case 'operator_alert': {
      const key = ({ order_lost: 'operatorOrderLost', order_adopted: 'operatorOrderAdopted', order_ambiguous: 'operatorOrderAmbiguous' } as const)[payload.alert];
      return { title: accountTitle(locale, kind, t(locale, key, { user: payload.userName })), text, tone: 'error' };
    }
  }
}

/**
 * The answer for a failed command: core's error in the user's language; for a write whose outcome
 * is unknown (timeout), a "check before retrying" message; for anything else a generic text with an
 * error id that is also logged with the stack. Never a stack or raw error text in chat.
 */
export function replyForError(locale: Locale, err: unknown, options: { write: boolean; logger: Logger }): ChatReply {
  if (err instanceof CoreError) return errorReply(errorText(locale, err.code, err.params));
  if (err instanceof CoreUnavailableError) {
    if (err.reason === 'unreachable') return errorReply(t(locale, 'coreUnavailable'));
    return errorReply(t(locale, options.write ? 'coreTimeoutOrder' : 'coreTimeout'));
  }
  const errorId = randomUUID().slice(0, 8);
  options.logger.error({ err, errorId }, 'command failed unexpectedly');
  return errorReply(t(locale, 'unexpectedError', { errorId }));
}

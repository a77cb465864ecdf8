import { describe, expect, it } from 'vitest';
import { renderNotification } from '../../src/commands/render.js';
import { replyToLines } from '../../src/commands/reply.js';
import { fill, notification, order } from '../support/fixtures.js';

const lines = (n: Parameters<typeof renderNotification>[0]) => replyToLines(renderNotification(n));

describe('notification rendering', () => {
  it('should render a partial fill with 3/10, price, amount and account kind', () => {
    expect(lines(notification({ kind: 'order_filled', fill: fill() }))).toEqual([
      '[페이퍼] 부분 체결',
      '#1a2b3c4d 매수 삼성전자(005930) 3주 @ 71,000원 = 213,000원',
      '체결 3/10주',
    ]);
  });

  it('should render the last fill as filled, with fees, in English when core says so', () => {
    const n = notification(
      { kind: 'order_filled', fill: fill({ side: 'sell', qtyShares: 7, orderFilledQtyShares: 10, orderState: 'filled', commissionKrw: 75, taxKrw: 900 }) },
      { locale: 'en', accountKind: 'live' },
    );
    expect(lines(n)).toEqual([
      '[LIVE] Order filled',
      '#1a2b3c4d sell 삼성전자 (005930) 7 shares @ KRW 71,000 = KRW 497,000',
      'filled 10/10 shares',
      'Fees and tax: KRW 975',
    ]);
    expect(renderNotification(n).tone).toBe('success');
  });

  it('should render an accepted order', () => {
    expect(lines(notification({ kind: 'order_accepted', order: order({ state: 'accepted' }) }))).toEqual([
      '[페이퍼] 주문 접수됨', '#1a2b3c4d 매수 삼성전자(005930) 10주 · 지정가 71,000원 · 접수',
    ]);
  });

  it('should render a rejected order with its reason as an error', () => {
    const reply = renderNotification(notification({ kind: 'order_rejected', order: order({ state: 'rejected', rejectReason: '주문가능금액 부족' }) }));
    expect(reply.tone).toBe('error');
    expect(replyToLines(reply)).toEqual([
      '[페이퍼] 주문 거부됨', '#1a2b3c4d 매수 삼성전자(005930) 10주 · 지정가 71,000원 · 거부됨', '사유: 주문가능금액 부족',
    ]);
  });

  it('should render a cancelled order with what was filled before', () => {
    const n = notification({ kind: 'order_cancelled', order: order({ state: 'cancelled', filledQtyShares: 3, avgFillPriceKrw: 71_000 }) }, { locale: 'en', accountKind: 'broker_mock' });
    expect(lines(n)).toEqual([
      '[broker mock] Order cancelled',
      '#1a2b3c4d buy 삼성전자 (005930) 10 shares · limit KRW 71,000 · cancelled · filled 3/10 shares (avg KRW 71,000)',
    ]);
  });

  it('should render other state changes with the new state, using the order\'s account kind when the notification has none', () => {
    const n = notification({ kind: 'order_update', order: order({ state: 'unknown', accountKind: 'live' }) }, { accountKind: null });
    expect(lines(n)).toEqual(['[실계좌] 주문 상태: 확인 중', '#1a2b3c4d 매수 삼성전자(005930) 10주 · 지정가 71,000원 · 확인 중']);
  });

  it('should tell an operator whose order was lost, in Korean and English, marked as an alert', () => {
    const payload = { kind: 'operator_alert', alert: 'order_lost', userName: 'alice', order: order({ state: 'lost', accountKind: 'live' }) } as const;
    expect(lines(notification(payload, { accountKind: null }))[0]).toBe('[실계좌] ⚠️ 운영자 알림: alice님의 주문을 증권사가 찾지 못합니다. 증권사에서 계좌를 확인하세요.');
    expect(renderNotification(notification({ ...payload, alert: 'order_adopted' }, { locale: 'en', accountKind: null })).tone).toBe('error');
    expect(lines(notification({ ...payload, alert: 'order_adopted' }, { locale: 'en', accountKind: null }))[0]).toContain("found in alice's account");
  });

  it('should render a price alert with the price, the level and the direction, in both languages', () => {
    const payload = { kind: 'alert_triggered', alertId: 'a-1', symbol: '005930', name: '삼성전자', direction: 'above', thresholdKrw: 70_000, priceKrw: 70_100 } as const;
    expect(lines(notification(payload))).toEqual(['[페이퍼] ▲ 가격 알림', '삼성전자(005930) 현재가 70,100원: 기준가 70,000원 이상에 도달했습니다.']);
    expect(lines(notification({ ...payload, direction: 'below', priceKrw: 69_900 }, { locale: 'en', accountKind: null }))).toEqual([
      '▼ Price alert', '삼성전자 (005930) is at KRW 69,900: at or below your level of KRW 70,000.',
    ]);
  });
});

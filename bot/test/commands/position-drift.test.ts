import { describe, expect, it } from 'vitest';
import { renderNotification } from '../../src/commands/render.js';
import { replyToLines } from '../../src/commands/reply.js';
import { notification } from '../support/fixtures.js';

const lines = (n: Parameters<typeof renderNotification>[0]) => replyToLines(renderNotification(n));
const drift = { accountKind: 'live' as const, positions: [{ symbol: '005930', name: '삼성전자', localQtyShares: 100, brokerQtyShares: 110 }] };

/** RECON-8: positions that differ from the broker's beyond the limit. */
describe('position drift rendering', () => {
  it('should tell an operator whose trading was paused and list both quantities, in Korean and English, as an alert', () => {
    const payload = { kind: 'operator_alert', alert: 'position_drift', userName: 'kim', ...drift } as const;
    expect(lines(notification(payload, { accountKind: null }))).toEqual([
      '[실계좌] ⚠️ 운영자 알림: kim님의 보유 수량이 증권사와 크게 달라 거래를 중지했습니다. 증권사에서 계좌를 확인한 뒤 거래를 재개하세요.',
      '삼성전자(005930): Tradedesk 100주 · 증권사 110주',
    ]);
    const en = notification(payload, { locale: 'en', accountKind: null });
    expect(lines(en)).toEqual([
      "[LIVE] ⚠️ Operator alert: kim's holdings differ from the broker's beyond the limit, so their trading is paused. Check the account at the broker, then resume them.",
      '삼성전자 (005930): Tradedesk 100 shares · broker 110 shares',
    ]);
    expect(renderNotification(en).tone).toBe('error');
  });

  it('should tell the user their trading is paused until an operator checks, in Korean and English', () => {
    const payload = { kind: 'trading_paused', reason: 'position_drift', ...drift } as const;
    expect(lines(notification(payload))).toEqual([
      '[실계좌] ⚠️ 거래 중지',
      '보유 수량이 증권사 기록과 달라 운영자가 확인할 때까지 거래가 중지되었습니다. 대기 중인 주문은 그대로 기다립니다.',
      '삼성전자(005930): Tradedesk 100주 · 증권사 110주',
    ]);
    expect(lines(notification(payload, { locale: 'en' }))[0]).toBe('[LIVE] ⚠️ Trading paused');
  });
});

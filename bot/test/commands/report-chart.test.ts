import type { DailyReport, Notification } from '@tradedesk/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderNotification } from '../../src/commands/render.js';
import { FakeCore } from '../support/fake-core.js';
import { SAMSUNG } from '../support/fixtures.js';
import { runLine } from '../support/harness.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7]);
const REPORT: DailyReport = {
  tradingDay: '2026-11-20', accountKind: 'paper',
  fills: [{ symbol: '005930', name: '삼성전자', side: 'sell', qtyShares: 4, priceKrw: 71_000 }], fillsTotal: 1,
  realizedPnlKrw: 3_400, unrealizedPnlKrw: -20_000,
  positions: [{ symbol: '005930', name: '삼성전자', qtyShares: 6, avgPriceKrw: 74_000, lastKrw: 72_000, valueKrw: 432_000, unrealizedPnlKrw: -12_000 }],
  positionsTotal: 1,
  chart: { pngBase64: PNG.toString('base64'), alt: '2026-11-20 unrealized P&L of 1 holdings' },
};

let core: FakeCore;
beforeAll(async () => { core = await new FakeCore().start(); });
afterAll(async () => { await core.stop(); });
afterEach(() => { core.calls.length = 0; });

describe('/report', () => {
  it('should show the day in Korean: realized and unrealized P&L, fills, holdings, and the chart image', async () => {
    core.ok('report', REPORT);
    const reply = await runLine(core, 'report', 'ko');
    expect(reply?.title).toBe('[페이퍼] 오늘의 거래 (2026-11-20)');
    expect(reply?.text.split('\n').slice(0, 5)).toEqual(['실현 손익 +3,400원', '평가 손익 -20,000원', '', '체결 1건', '· 매도 삼성전자(005930) 4주 @ 71,000원']);
    expect(reply?.image).toEqual({ png: new Uint8Array(PNG), name: 'pnl-2026-11-20.png', alt: REPORT.chart!.alt });
  });

  it('should say so in English when there were no fills, and omit the image without a chart', async () => {
    core.ok('report', { ...REPORT, fills: [], fillsTotal: 0, positions: [], positionsTotal: 0, unrealizedPnlKrw: null, realizedPnlKrw: 0, chart: null });
    const reply = await runLine(core, 'report', 'en');
    expect(reply?.title).toBe("[paper] Today's trading (2026-11-20)");
    expect(reply?.text).toBe('Realized P&L KRW 0\n\nNo fills today.');
    expect(reply?.image).toBeUndefined();
  });
});

describe('/chart', () => {
  it('should ask core for the range and answer with the PNG in Korean', async () => {
    core.ok('chart', { symbol: SAMSUNG, range: '5d', candles: 390, image: { pngBase64: PNG.toString('base64'), alt: '005930 5d' } });
    const reply = await runLine(core, 'chart 005930 5d', 'ko');
    expect(core.callsTo('chart')[0]?.body.input).toEqual({ query: '005930', range: '5d' });
    expect(reply?.title).toBe('삼성전자(005930) · 5일 (5분봉)');
    expect(reply?.text).toBe('캔들 390개 · 상승 빨강, 하락 파랑');
    expect(reply?.image?.png).toEqual(new Uint8Array(PNG));
    expect(reply?.image?.name).toBe('chart-005930-5d.png');
  });

  it('should default to 1d and say in English when there are no bars yet', async () => {
    core.ok('chart', { symbol: SAMSUNG, range: '1d', candles: 0, image: null });
    const reply = await runLine(core, 'chart 005930', 'en');
    expect(core.callsTo('chart')[0]?.body.input).toEqual({ query: '005930', range: '1d' });
    expect(reply?.text).toMatch(/^No price bars for Samsung Electronics \(005930\) yet\./);
    expect(reply?.image).toBeUndefined();
  });

  it('should answer the usage for a range that is not 1d, 5d or 1m, without calling core', async () => {
    const reply = await runLine(core, 'chart 005930 3y', 'en');
    expect(reply?.tone).toBe('error');
    expect(reply?.text).toMatch(/\/chart SYMBOL \[1d\|5d\|1m\]/);
    expect(core.callsTo('chart')).toEqual([]);
  });
});

describe('scheduled notifications', () => {
  const base = { id: 'n1', target: { platform: 'console' as const, platformUserId: 'kim', chatId: 'kim' }, accountKind: 'paper' as const, createdAt: 0, silent: false };

  it('should render the close summary with its chart as the image', () => {
    const reply = renderNotification({ ...base, locale: 'en', payload: { kind: 'close_summary', report: REPORT } } satisfies Notification);
    expect(reply.title).toBe('[paper] Closing summary (2026-11-20)');
    expect(reply.image?.png).toEqual(new Uint8Array(PNG));
  });

  it('should render the pre-open brief: holdings, strategies on, alerts armed, with the opening time', () => {
    const reply = renderNotification({
      ...base, locale: 'ko', payload: {
        kind: 'pre_open_brief', brief: {
          tradingDay: '2026-01-02', opensAt: '10:00', accountKind: 'paper', positions: REPORT.positions, positionsTotal: 1,
          strategies: [], strategiesTotal: 0,
          alerts: [
            { id: 'a1', symbol: '005930', name: '삼성전자', direction: 'above', thresholdKrw: 80_000, percentBp: null },
            { id: 'a2', symbol: '005930', name: '삼성전자', direction: 'below', thresholdKrw: null, percentBp: -500 },
          ], alertsTotal: 3,
        },
      },
    });
    expect(reply.title).toBe('[페이퍼] 장 시작 전 브리핑 (2026-01-02, 10:00 개장)');
    expect(reply.text).toContain('대기 중인 알림 3개\n· 삼성전자(005930) 80,000원 이상\n· 삼성전자(005930) 전일 대비 -5.00% 이하\n… 외 1건');
    expect(reply.text).not.toContain('켜진 전략');
  });
});

describe('coalescing keeps pictures', () => {
  it('should send a reply with an image alone, never merged into a coalesced text', async () => {
    const { coalescibleCount } = await import('../../src/notifications/coalesce.js');
    const plain = { text: 'fill' };
    const pictured = { text: 'summary', image: { png: new Uint8Array(PNG), name: 'p.png', alt: 'p' } };
    expect(coalescibleCount('ko', [plain, plain, plain], 4_000)).toBe(3);
    expect(coalescibleCount('ko', [plain, pictured, plain], 4_000)).toBe(1);
    expect(coalescibleCount('ko', [pictured, plain], 4_000)).toBe(1);
  });
});

import type { CoreCommandOutput, StrategySpec, StrategyView } from '@tradedesk/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderNotification } from '../../src/commands/render.js';
import { replyToLines } from '../../src/commands/reply.js';
import { FakeCore } from '../support/fake-core.js';
import { notification, order, SAMSUNG, SAMSUNG_PREF } from '../support/fixtures.js';
import { press, runLine, testDeps } from '../support/harness.js';

let core: FakeCore;
beforeAll(async () => { core = await new FakeCore().start(); });
afterAll(async () => { await core.stop(); });
afterEach(() => { core.calls.length = 0; });

const STRATEGY_ID = '5a6b7c8d-0000-4000-8000-000000000002';
const BAND: StrategySpec = { kind: 'price_band', symbol: '005930', size: { qtyShares: 10 }, params: { buyAtOrBelowKrw: 68_000, sellAtOrAboveKrw: 75_000 } };

function view(spec: StrategySpec, enabled = true): StrategyView {
  return { id: STRATEGY_ID, shortId: '5a6b7c8d', symbolName: '삼성전자', enabled, createdAt: 1_763_000_000_000, spec };
}

function output(changed: StrategyView | null, overrides: Partial<CoreCommandOutput<'strategy'>> = {}): CoreCommandOutput<'strategy'> {
  return { changed, streaming: changed ? true : null, strategies: changed ? [changed] : [], strategiesMax: 3, ...overrides };
}

/** Answers `add` with the spec it was sent, as core would. */
function echoAdd(): void {
  core.ok('strategy', (call) => {
    const spec = (call.body.input as { spec: StrategySpec }).spec;
    return output(view(spec));
  });
}

describe('strategy add: the token grammar per type', () => {
  it.each([
    ['band 005930 10 68000 75000', BAND],
    ['band 005930 10주 68,000원 75,000', BAND],
    ['ma_cross 005930 500000원', { kind: 'ma_cross', symbol: '005930', size: { amountKrw: 500_000 }, params: { shortPeriod: 5, longPeriod: 20 } }],
    ['ma_cross 005930 3 10 60', { kind: 'ma_cross', symbol: '005930', size: { qtyShares: 3 }, params: { shortPeriod: 10, longPeriod: 60 } }],
    ['rsi 005930 ₩1,000,000', { kind: 'rsi', symbol: '005930', size: { amountKrw: 1_000_000 }, params: { period: 14, buyBelow: 30, sellAbove: 70 } }],
    ['rsi 005930 5 9 25 75', { kind: 'rsi', symbol: '005930', size: { qtyShares: 5 }, params: { period: 9, buyBelow: 25, sellAbove: 75 } }],
    ['trailing_stop 005930 100 2.5%', { kind: 'trailing_stop', symbol: '005930', size: { qtyShares: 100 }, params: { trailBps: 250 } }],
    ['trailing_stop 005930 100 5', { kind: 'trailing_stop', symbol: '005930', size: { qtyShares: 100 }, params: { trailBps: 500 } }],
    ['dca 005930 100000won 09:30', { kind: 'dca', symbol: '005930', size: { amountKrw: 100_000 }, params: { schedule: { every: 'day', atMinuteKst: 570 } } }],
    ['dca 005930 50,000원 30분', { kind: 'dca', symbol: '005930', size: { amountKrw: 50_000 }, params: { schedule: { every: 'minutes', minutes: 30 } } }],
  ])('should read "strategy add %s"', async (tokens, spec) => {
    echoAdd();
    await runLine(core, `strategy add ${tokens}`, 'en');
    expect(core.callsTo('strategy').map((c) => c.body.input)).toEqual([{ action: 'add', spec }]);
  });

  it('should take the settings as one option too (a Discord string option arrives as one token)', async () => {
    echoAdd();
    await runLine(core, 'strategy add band 005930 10 "68000 75000"', 'en');
    expect(core.callsTo('strategy')[0]?.body.input).toEqual({ action: 'add', spec: BAND });
  });

  it('should confirm the strategy in Korean and in English', async () => {
    echoAdd();
    expect(replyToLines((await runLine(core, 'strategy add band 005930 10 68000 75000', 'ko'))!)).toEqual([
      '전략을 추가하고 켰습니다',
      '#5a6b7c8d 켜짐 · 가격 밴드 · 삼성전자(005930) 10주 · 68,000원 이하 매수 · 75,000원 이상 매도',
      '전략 (1/3개)',
    ]);
    echoAdd();
    expect(replyToLines((await runLine(core, 'strategy add dca 005930 100000원 09:30', 'en'))!)).toEqual([
      'Strategy added and on',
      '#5a6b7c8d on · DCA · 삼성전자 (005930) KRW 100,000 · daily at 09:30 KST',
      'Strategies (1/3)',
    ]);
  });

  it('should answer "strategy add" alone with the forms of every type, without calling core', async () => {
    const reply = await runLine(core, 'strategy add', 'en');
    expect(core.calls).toEqual([]);
    expect(reply?.title).toBe('Adding a strategy');
    for (const type of ['band', 'ma_cross', 'rsi', 'trailing_stop', 'dca']) expect(reply?.text).toContain(`/strategy add ${type} SYMBOL`);
    expect((await runLine(core, 'strategy add band 005930', 'ko'))?.title).toBe('전략 추가 방법');
  });

  it.each([
    ['strategy add band 005930 10 75000 68000', 'en', 'Cannot read the price band settings. Send /strategy add to see the forms.'],
    ['strategy add band 005930 10 68000', 'en', 'Cannot read the price band settings. Send /strategy add to see the forms.'],
    ['strategy add ma_cross 005930 10 20 5', 'ko', '이동평균 교차 설정을 이해할 수 없습니다. /strategy add 로 입력 형식을 확인하세요.'],
    ['strategy add trailing_stop 005930 10 0%', 'en', 'Cannot read the trailing stop settings. Send /strategy add to see the forms.'],
    ['strategy add dca 005930 10 09:30', 'en', 'DCA buys a KRW amount: write it like 100000won.'],
    ['strategy add dca 005930 100000원 18:00', 'ko', '적립식 매수 설정을 이해할 수 없습니다. /strategy add 로 입력 형식을 확인하세요.'],
    ['strategy add band 005930 ten 68000 75000', 'en', 'Cannot read the size "ten". Use shares like 10, or a KRW amount like 500000won.'],
    ['strategy add band 005930 0 68000 75000', 'ko', '규모 "0"을(를) 이해할 수 없습니다. 10 같은 주식 수나 500000원 같은 금액을 입력하세요.'],
    ['strategy add martingale 005930 1', 'en', 'Unknown strategy type "martingale". Use one of band, ma_cross, rsi, trailing_stop, dca.'],
  ])('should refuse %j clearly (%s) without calling core', async (line, locale, text) => {
    expect(await runLine(core, line, locale as 'ko' | 'en')).toEqual({ text, tone: 'error' });
    expect(core.calls).toEqual([]);
  });

  it('should resolve a symbol name, offering choices when it is ambiguous, then add with the chosen code', async () => {
    core.ok('symbols', { matches: [SAMSUNG, SAMSUNG_PREF] });
    echoAdd();
    const deps = testDeps(core);
    const reply = await runLine(core, 'strategy add band 삼성 10 68000 75000', 'ko', { deps });
    expect(core.callsTo('strategy')).toEqual([]);
    await press(deps, reply!.actions![1]!.id);
    expect(core.callsTo('strategy')[0]?.body.input).toEqual({ action: 'add', spec: { ...BAND, symbol: '005935' } });
  });

  it('should say the strategy was left off when the real-time quote limit is reached', async () => {
    core.ok('strategy', output(view(BAND, false), { streaming: false }));
    const reply = await runLine(core, 'strategy add band 005930 10 68000 75000', 'en');
    expect(reply?.tone).toBe('error');
    expect(reply?.text).toContain('The real-time quote limit is reached, so this strategy was left off.');
  });

  it('should render the tier limit and an unknown id in both languages', async () => {
    core.fail('strategy', 429, 'STRATEGY_LIMIT', { max: 1 });
    expect((await runLine(core, 'strategy add band 005930 10 68000 75000', 'ko'))?.text).toBe('현재 등급에서는 전략을 1개까지 둘 수 있습니다. 먼저 /strategy remove 번호 로 하나를 삭제하세요.');
    expect((await runLine(core, 'strategy add band 005930 10 68000 75000', 'en'))?.text).toBe('Your tier allows 1 strategies. Delete one with /strategy remove ID first.');
    core.fail('strategy', 404, 'STRATEGY_NOT_FOUND', { id: 'abcd1234' });
    expect((await runLine(core, 'strategy remove abcd1234', 'en'))?.text).toBe('No such strategy. See /strategy list for the ids.');
  });
});

describe('strategy list, enable, disable, remove', () => {
  it('should list every strategy with its state, size and settings', async () => {
    const rsi = { ...view({ kind: 'rsi', symbol: '005930', size: { amountKrw: 1_000_000 }, params: { period: 14, buyBelow: 30, sellAbove: 70 } }, false), shortId: 'aa11bb22' };
    core.ok('strategy', output(null, { strategies: [view(BAND), rsi] }));
    expect(replyToLines((await runLine(core, 'strategy list', 'ko'))!)).toEqual([
      '전략 (2/3개)',
      '#5a6b7c8d 켜짐 · 가격 밴드 · 삼성전자(005930) 10주 · 68,000원 이하 매수 · 75,000원 이상 매도',
      '#aa11bb22 꺼짐 · RSI · 삼성전자(005930) 1,000,000원 · RSI(14) 30 미만 매수 · 70 초과 매도',
    ]);
    expect(core.callsTo('strategy')[0]?.body).toMatchObject({ input: { action: 'list' } });
    expect(core.callsTo('strategy')[0]?.body.idempotencyKey).toBeUndefined();
  });

  it('should say how to add one when there is none', async () => {
    core.ok('strategy', output(null));
    expect(replyToLines((await runLine(core, 'strategy list', 'en'))!)).toEqual(['Strategies (0/3)', 'No strategies. Send /strategy add to see how to add one.']);
  });

  it.each([
    ['disable', 'Strategy off', 'ko', '전략을 껐습니다'],
    ['enable', 'Strategy on', 'ko', '전략을 켰습니다'],
    ['remove', 'Strategy deleted', 'ko', '전략을 삭제했습니다'],
  ] as const)('should %s a strategy by the id shown in the list, once per delivery', async (action, titleEn, _ko, titleKo) => {
    core.ok('strategy', output(view(BAND, action === 'enable')));
    expect((await runLine(core, `strategy ${action} #5A6B7C8D`, 'en', { key: 'd-9' }))?.title).toBe(titleEn);
    expect(core.callsTo('strategy')[0]?.body).toMatchObject({ idempotencyKey: 'd-9', input: { action, id: '5a6b7c8d' } });
    expect((await runLine(core, `strategy ${action} 5a6b7c8d`, 'ko'))?.title).toBe(titleKo);
  });
});

describe('strategy notifications', () => {
  const action = {
    kind: 'strategy_action', strategyId: STRATEGY_ID, shortId: '5a6b7c8d', strategyKind: 'trailing_stop', symbol: '005930', name: '삼성전자',
    side: 'sell', qtyShares: 20, priceKrw: 203_700, orderShortId: '0f0e0d0c', urgent: true, refusal: null,
    reason: { code: 'trailing_stop', params: { highKrw: 210_000, stopKrw: 203_700, priceKrw: 203_700, trailBps: 300 } },
  } as const;

  it('should tell what the strategy did and why, in Korean and English', () => {
    expect(replyToLines(renderNotification(notification(action)))).toEqual([
      '[페이퍼] 전략 매도 주문',
      '트레일링 스탑 #5a6b7c8d · 매도 삼성전자(005930) 20주',
      '현재가 203,700원이(가) 고점 210,000원 대비 3% 하락했습니다 (기준 203,700원).',
      '주문 #0f0e0d0c을(를) 대기열에 넣었습니다 (손실 방지 매도, 긴급 처리).',
    ]);
    expect(replyToLines(renderNotification(notification(action, { locale: 'en' })))).toEqual([
      '[paper] Strategy sell',
      'trailing stop #5a6b7c8d · sell 삼성전자 (005930) 20 shares',
      'The price KRW 203,700 fell 3% below the high KRW 210,000 (stop KRW 203,700).',
      'Order #0f0e0d0c queued as urgent (protective exit).',
    ]);
  });

  it('should tell a refusal with its reason and that the strategy keeps running', () => {
    const refused = {
      ...action, strategyKind: 'ma_cross', side: 'buy', urgent: false, orderShortId: null, refusal: { code: 'DAILY_TRADE_LIMIT', params: { limit: 10 } },
      reason: { code: 'ma_golden_cross', params: { shortPeriod: 5, longPeriod: 20, shortMaKrw: 70_500, longMaKrw: 70_100, priceKrw: 70_600 } },
    } as const;
    const reply = renderNotification(notification(refused, { locale: 'en' }));
    expect(reply.tone).toBe('error');
    expect(replyToLines(reply)).toEqual([
      '[paper] Strategy buy refused',
      'MA cross #5a6b7c8d · buy 삼성전자 (005930) 20 shares',
      'Golden cross: the 5-minute average KRW 70,500 rose above the 20-minute average KRW 70,100.',
      'Not ordered: You have used all 10 orders for today. Try again next trading day. The strategy keeps running and does not retry this signal.',
    ]);
  });

  it('should mark a strategy\'s order in /orders', async () => {
    core.ok('orders', { orders: [order({ source: 'strategy', strategyShortId: '5a6b7c8d' }), order({ source: 'strategy', strategyShortId: null, id: '1a2b3c4d-0000-4000-8000-000000000009' })] });
    const text = (await runLine(core, 'orders', 'ko'))?.text ?? '';
    expect(text).toContain('· 전략 #5a6b7c8d');
    expect(text).toContain('· 전략 (삭제됨)');
  });
});

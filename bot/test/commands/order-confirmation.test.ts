import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_TTL_MS } from '../../src/commands/action-store.js';
import { replyToLines } from '../../src/commands/reply.js';
import { FAKE_TOKEN, FakeCore } from '../support/fake-core.js';
import { ME_OUTPUT, order, quote, SAMSUNG, SAMSUNG_PREF, SK_HYNIX } from '../support/fixtures.js';
import { press, runLine, testDeps } from '../support/harness.js';

let core: FakeCore;
beforeAll(async () => { core = await new FakeCore().start(); });
afterAll(async () => { await core.stop(); });
beforeEach(() => {
  core.calls.length = 0;
  core.ok('me', ME_OUTPUT).ok('price', (call) => {
    const code = (call.body.input as { query: string }).query;
    const symbol = [SAMSUNG, SAMSUNG_PREF, SK_HYNIX].find((s) => s.code === code) ?? SAMSUNG;
    return { symbol, quote: quote({ symbol: symbol.code }) };
  });
  core.ok('place_order', { order: order({ qtyShares: 1_000 }), queuePosition: 2, estimatedWaitMs: 1_500 });
});

const KIM = { platform: 'console', platformUserId: 'kim', chatId: 'kim', isPrivateChat: true, locale: 'ko' };

describe('order drafts', () => {
  it('should answer /buy with a draft to confirm and place nothing yet', async () => {
    const deps = testDeps(core);
    const reply = await runLine(core, '/buy 005930 1,000 71,000', 'ko', { deps });
    expect(core.callsTo('place_order')).toEqual([]);
    expect(replyToLines(reply!)).toEqual([
      '[페이퍼] 매수 주문 확인',
      '60초 안에 확인을 누르면 실행합니다.',
      '종목: 삼성전자(005930)', '구분: 매수', '수량: 1,000주', '가격: 지정가 71,000원', '예상 금액: 71,000,000원', '계좌: 페이퍼',
    ]);
    expect(reply?.actions).toEqual([
      { id: 'action-0001.0', label: '확인', style: 'buy' },
      { id: 'action-0001.1', label: '취소', style: 'cancel' },
    ]);
    for (const action of reply!.actions!) expect(Buffer.byteLength(action.id, 'ascii')).toBeLessThanOrEqual(64);
  });

  it('should estimate a market order from the last price, in English, with the sell style', async () => {
    const deps = testDeps(core);
    const reply = await runLine(core, 'sell 005930 10', 'en', { deps });
    expect(replyToLines(reply!)).toContain('Estimated amount: about KRW 720,000 (at the last price KRW 72,000)');
    expect(replyToLines(reply!)).toContain('Price: market');
    expect(reply?.title).toBe('[paper] Confirm sell order');
    expect(reply?.actions?.map((a) => [a.label, a.style])).toEqual([['Confirm', 'sell'], ['Cancel', 'cancel']]);
  });

  it('should place the order on Confirm, with a key derived from the draft and the presser identity', async () => {
    const deps = testDeps(core);
    const draft = await runLine(core, '/buy 005930 1,000 71,000', 'ko', { deps, key: 'console:kim:1:1' });
    const reply = await press(deps, draft!.actions![0]!.id, { key: 'press-77' });
    expect(core.callsTo('place_order')).toHaveLength(1);
    expect(core.callsTo('place_order')[0]).toMatchObject({
      authorization: `Bearer ${FAKE_TOKEN}`,
      body: { identity: KIM, idempotencyKey: 'order-draft:action-0001', input: { symbol: '005930', side: 'buy', qtyShares: 1_000, priceKrw: 71_000 } },
    });
    expect(reply.tone).toBe('success');
    expect(replyToLines(reply)).toEqual([
      '[페이퍼] 매수 주문 접수',
      '#1a2b3c4d 매수 삼성전자(005930) 1,000주 · 지정가 71,000원 · 대기',
      '대기 순번: 2번째 (약 2초)',
    ]);
  });

  it('should place a market order without a price on Confirm', async () => {
    const deps = testDeps(core);
    const draft = await runLine(core, 'sell 005930 10', 'en', { deps });
    await press(deps, draft!.actions![0]!.id, { locale: 'en' });
    expect(core.callsTo('place_order')[0]?.body.input).toEqual({ symbol: '005930', side: 'sell', qtyShares: 10 });
  });

  it('should place nothing on Cancel, and say so', async () => {
    const deps = testDeps(core);
    const draft = await runLine(core, 'buy 005930 3', 'ko', { deps });
    const reply = await press(deps, draft!.actions![1]!.id);
    expect(core.callsTo('place_order')).toEqual([]);
    expect(replyToLines(reply)).toEqual(['[페이퍼] 매수 주문 확인', '취소했습니다. 아무것도 실행하지 않았습니다.']);
    expect(reply.actions).toBeUndefined();
  });

  it('BOT-3: should refuse a press by someone else, privately, and leave the draft usable for its owner', async () => {
    const deps = testDeps(core);
    const draft = await runLine(core, 'buy 005930 3', 'ko', { deps });
    const other = await press(deps, draft!.actions![0]!.id, { as: 'lee' });
    expect(other).toEqual({ text: '다른 사람이 요청한 버튼이라 누를 수 없습니다.', tone: 'error', ephemeral: true });
    const samePersonOtherPlatform = await press(deps, draft!.actions![0]!.id, { platform: 'telegram' });
    expect(samePersonOtherPlatform.text).toBe('다른 사람이 요청한 버튼이라 누를 수 없습니다.');
    expect(core.callsTo('place_order')).toEqual([]);
    expect((await press(deps, draft!.actions![0]!.id)).tone).toBe('success');
    expect(core.callsTo('place_order')).toHaveLength(1);
  });

  it('BOT-9: should refuse a confirmation once it has expired, and accept it just before', async () => {
    const deps = testDeps(core);
    const late = await runLine(core, 'buy 005930 3', 'ko', { deps });
    await deps.clock.advance(ACTION_TTL_MS - 1);
    const early = await runLine(core, 'buy 005930 4', 'ko', { deps });
    await deps.clock.advance(1);
    expect(await press(deps, late!.actions![0]!.id, { locale: 'en' })).toEqual({ text: 'This button has expired. Send the command again.', tone: 'error', ephemeral: true });
    await deps.clock.advance(ACTION_TTL_MS - 2);
    expect((await press(deps, early!.actions![0]!.id)).tone).toBe('success');
    expect(core.callsTo('place_order').map((c) => (c.body.input as { qtyShares: number }).qtyShares)).toEqual([4]);
  });

  it('BOT-9: should place one order when Confirm is pressed twice at once, and refuse Cancel afterwards', async () => {
    const deps = testDeps(core);
    const draft = await runLine(core, 'buy 005930 3', 'ko', { deps });
    const [first, second] = await Promise.all([press(deps, draft!.actions![0]!.id), press(deps, draft!.actions![0]!.id, { key: 'press-2' })]);
    expect(core.callsTo('place_order')).toHaveLength(1);
    expect([first.tone, second.text]).toEqual(['success', '이미 처리된 요청입니다.']);
    expect((await press(deps, draft!.actions![1]!.id)).text).toBe('이미 처리된 요청입니다.');
  });

  it('should answer an unknown or malformed button id as expired', async () => {
    const deps = testDeps(core);
    for (const id of ['nope', 'action-9999.0', 'x'.repeat(100), 'action-0001.9']) {
      expect((await press(deps, id)).text).toBe('만료된 버튼입니다. 명령을 다시 입력하세요.');
    }
  });

  it('should show core\'s refusal at Confirm in the user\'s language', async () => {
    core.fail('place_order', 400, 'PRICE_OFF_TICK', { tickKrw: 100, belowKrw: 71_000, aboveKrw: 71_100 });
    const deps = testDeps(core);
    const draft = await runLine(core, 'buy 005930 10 71050', 'en', { deps });
    expect(await press(deps, draft!.actions![0]!.id, { locale: 'en' })).toEqual({ text: 'The price is not on the KRW 100 tick → KRW 71,000 or KRW 71,100', tone: 'error' });
  });

  it('should tell the user to check /orders when core does not answer the confirmed order in time', async () => {
    const deps = testDeps(core, { timeoutMs: 100 });
    const draft = await runLine(core, 'buy 005930 1', 'ko', { deps });
    core.on('place_order', async () => {
      await new Promise((r) => setTimeout(r, 500));
      return { status: 200, body: {} };
    });
    expect((await press(deps, draft!.actions![0]!.id)).text).toBe('응답이 늦어 주문 결과를 확인하지 못했습니다. 주문이 접수되었을 수 있으니 다시 주문하기 전에 /orders 로 확인하세요.');
  });

  it('should still make a draft of a limit order when no quote is available, naming the code', async () => {
    core.fail('price', 503, 'QUOTE_UNAVAILABLE');
    const reply = await runLine(core, 'buy 005930 2 70000', 'ko');
    expect(replyToLines(reply!)).toContain('종목: 005930');
    expect(reply?.actions).toHaveLength(2);
    expect((await runLine(core, 'buy 005930 2', 'ko'))?.text).toBe('시세를 가져올 수 없습니다. 잠시 후 다시 시도하세요.');
  });
});

describe('symbol choices', () => {
  it('should use the one match whose name is exactly what was typed', async () => {
    core.ok('symbols', { matches: [SAMSUNG, SAMSUNG_PREF] });
    const reply = await runLine(core, 'buy 삼성전자 10 71000');
    expect(core.callsTo('price')[0]?.body.input).toEqual({ query: '005930' });
    expect(reply?.title).toBe('[페이퍼] 매수 주문 확인');
  });

  it('should offer the candidates as buttons that go on with the chosen code', async () => {
    core.ok('symbols', { matches: [SAMSUNG, SAMSUNG_PREF] });
    const deps = testDeps(core);
    const reply = await runLine(core, 'buy 삼성 10', 'ko', { deps });
    expect(core.callsTo('place_order')).toEqual([]);
    expect(reply?.text).toBe('"삼성"에 해당하는 종목이 여러 개입니다. 종목코드로 다시 입력하세요:\n005930 삼성전자 (KOSPI)\n005935 삼성전자우 (KOSPI)');
    expect(reply?.actions).toEqual([
      { id: 'action-0001.0', label: '삼성전자 (005930)', style: 'choice' },
      { id: 'action-0001.1', label: '삼성전자우 (005935)', style: 'choice' },
    ]);
    const draft = await press(deps, 'action-0001.1');
    expect(replyToLines(draft)).toContain('종목: 삼성전자우(005935)');
    expect(replyToLines(draft)).toContain('수량: 10주');
    await press(deps, draft.actions![0]!.id);
    expect(core.callsTo('place_order')[0]?.body.input).toEqual({ symbol: '005935', side: 'buy', qtyShares: 10 });
  });

  it('should give buttons to at most 5 candidates and continue /price too', async () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ ...SAMSUNG, code: `00000${i}`, nameKo: `종목${i}` }));
    core.ok('symbols', { matches: many });
    const deps = testDeps(core);
    const reply = await runLine(core, 'price 종목', 'ko', { deps });
    expect(reply?.text.split('\n')).toHaveLength(9);
    expect(reply?.actions).toHaveLength(5);
    const price = await press(deps, reply!.actions![4]!.id);
    expect(core.callsTo('price').at(-1)?.body.input).toEqual({ query: '000004' });
    expect(price.tone).toBe('info');
  });
});

describe('admin halt asks first', () => {
  it('should not offer the halt to someone who is not an operator', async () => {
    const reply = await runLine(core, 'admin halt', 'en');
    expect(reply).toEqual({ text: 'You are not allowed to do that.', tone: 'error' });
    expect(core.callsTo('halt')).toEqual([]);
  });

  it('should halt only after Confirm, as the operator\'s chat identity, and only once', async () => {
    core.ok('me', { ...ME_OUTPUT, isOperator: true }).ok('halt', { halted: true });
    const deps = testDeps(core);
    const draft = await runLine(core, 'admin halt', 'ko', { deps });
    expect(draft?.title).toBe('전체 거래 중지 확인');
    expect(core.callsTo('halt')).toEqual([]);
    const done = await press(deps, draft!.actions![0]!.id);
    expect(done).toEqual({ title: '전체 거래 중지', text: '모든 주문 전송을 멈췄습니다. /admin resume 으로 재개합니다.', tone: 'success' });
    expect(core.callsTo('halt')).toEqual([expect.objectContaining({ path: '/v1/admin/halt', body: { actor: { identity: KIM }, input: {} } })]);
    expect((await press(deps, draft!.actions![0]!.id)).text).toBe('이미 처리된 요청입니다.');
    expect(core.callsTo('halt')).toHaveLength(1);
  });

  it('should halt nothing when the operator cancels or lets it expire', async () => {
    core.ok('me', { ...ME_OUTPUT, isOperator: true }).ok('halt', { halted: true });
    const deps = testDeps(core);
    const cancelled = await runLine(core, 'admin halt', 'ko', { deps });
    expect((await press(deps, cancelled!.actions![1]!.id)).text).toBe('취소했습니다. 아무것도 실행하지 않았습니다.');
    const expired = await runLine(core, 'admin halt', 'ko', { deps });
    await deps.clock.advance(ACTION_TTL_MS);
    expect((await press(deps, expired!.actions![0]!.id)).text).toBe('만료된 버튼입니다. 명령을 다시 입력하세요.');
    expect(core.callsTo('halt')).toEqual([]);
  });
});

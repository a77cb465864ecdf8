import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../src/commands/names.js';
import { replyToLines } from '../../src/commands/reply.js';
import { FakeCore } from '../support/fake-core.js';
import { ME_OUTPUT, order, quote, SAMSUNG, SK_HYNIX } from '../support/fixtures.js';
import { runLine, testDeps } from '../support/harness.js';

let core: FakeCore;
beforeAll(async () => { core = await new FakeCore().start(); });
afterAll(async () => { await core.stop(); });
afterEach(() => { core.calls.length = 0; });

describe('symbol names', () => {
  it('should use the only match of a name', async () => {
    core.ok('symbols', { matches: [SK_HYNIX] }).ok('price', { symbol: SK_HYNIX, quote: quote({ symbol: '000660' }) });
    await runLine(core, 'price 하이닉스');
    expect(core.callsTo('symbols')[0]?.body.input).toEqual({ query: '하이닉스', limit: 11 });
    expect(core.callsTo('price')[0]?.body.input).toEqual({ query: '000660' });
  });

  it('should list at most 10 candidates and say there are more', async () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ ...SAMSUNG, code: `10000${i % 10}`.slice(0, 5) + String(i % 10), nameKo: `종목${i}` }));
    core.ok('symbols', { matches: many });
    const reply = await runLine(core, 'price 종목', 'en');
    const lines = reply!.text.split('\n');
    expect(lines[0]).toBe('"종목" matches several symbols (first 10 shown). Send the command again with a code:');
    expect(lines).toHaveLength(11);
  });

  it('should answer SYMBOL_UNKNOWN when nothing matches', async () => {
    core.ok('symbols', { matches: [] });
    expect(await runLine(core, 'price 없는종목', 'ko')).toEqual({
      text: '종목을 찾을 수 없습니다: 없는종목. 6자리 종목코드나 정확한 종목명을 입력하세요.', tone: 'error',
    });
    expect((await runLine(core, 'price nothing', 'en'))?.text).toBe('No such symbol: nothing. Use a 6-character code or the exact name.');
  });

  it('should not look up a 6-character code', async () => {
    core.ok('price', { symbol: SAMSUNG, quote: quote() });
    await runLine(core, 'price 005930');
    expect(core.calls.map((c) => c.name)).toEqual(['price']);
  });
});

describe('other commands', () => {
  it('should answer help listing every command, telling core only for its audit log', async () => {
    core.ok('help', {});
    const reply = await runLine(core, 'start', 'en');
    expect(core.calls.map((c) => [c.name, c.body.input])).toEqual([['help', {}]]);
    expect(reply?.title).toBe('Tradedesk commands');
    expect(reply?.text).toContain('/buy SYMBOL QTY [PRICE] — buy (no price: market order)');
    expect(reply?.text.split('\n').filter((l) => l.startsWith('/'))).toHaveLength(COMMAND_NAMES.length);
    for (const name of COMMAND_NAMES) expect(reply?.text).toContain(`/${name}`);
  });

  it('should answer help even when core is down', async () => {
    core.fail('help', 503, 'BROKER_UNAVAILABLE');
    const reply = await runLine(core, 'help', 'ko', { deps: testDeps(core, { timeoutMs: 200 }) });
    expect(reply?.title).toBe('Tradedesk 명령어');
  });

  it('should link with the code joined from its parts', async () => {
    core.ok('link', { userName: 'kim', tier: 'basic' });
    const reply = await runLine(core, 'link K7QX M2PA RT', 'ko');
    expect(core.calls[0]?.body.input).toEqual({ code: 'K7QXM2PART' });
    expect(reply?.text).toBe('kim님, 이 채팅 계정이 연결되었습니다 (등급: 베이직). /help 로 명령어를 확인하세요.');
  });

  it('should show /me with the account kind', async () => {
    core.ok('me', ME_OUTPUT);
    const reply = await runLine(core, 'me', 'ko');
    expect(replyToLines(reply!)).toEqual([
      '[페이퍼] kim님의 정보', '등급: 베이직', '계좌: 페이퍼', '오늘 주문: 2/20회 사용 (남은 18회)', '1회 주문 한도: 10,000,000원',
    ]);
  });

  it('should show the price with the change from the previous close', async () => {
    core.ok('price', { symbol: SAMSUNG, quote: quote() });
    const reply = await runLine(core, 'price 005930', 'en');
    expect(replyToLines(reply!)).toEqual([
      'Samsung Electronics (005930 · KOSPI)',
      '🔴 KRW 72,000 ▲ KRW +1,000 (+1.41%)',
      'Previous close KRW 71,000',
      'Open: KRW 71,100', 'High: KRW 72,500', 'Low: KRW 70,900', 'Volume: 1,234,567 shares',
      'Lower ~ upper limit: KRW 49,700 ~ KRW 92,300',
    ]);
  });

  it('should list orders with fill progress and the account kind', async () => {
    core.ok('orders', { orders: [order({ state: 'partially_filled', filledQtyShares: 3, avgFillPriceKrw: 71_000 })] });
    const reply = await runLine(core, 'orders', 'ko');
    expect(replyToLines(reply!)).toEqual([
      '[페이퍼] 주문 내역 (1건)',
      '#1a2b3c4d 매수 삼성전자(005930) 10주 · 지정가 71,000원 · 부분 체결 · 체결 3/10주 (평균 71,000원)',
    ]);
  });

  it('should say the account kind even when there are no orders', async () => {
    core.ok('orders', { orders: [] }).ok('me', { ...ME_OUTPUT, accountKind: 'broker_mock' });
    const reply = await runLine(core, 'orders', 'ko');
    expect(replyToLines(reply!)).toEqual(['[모의투자] 주문 내역 (0건)', '주문 내역이 없습니다.']);
  });

  it('should cancel by the short id, accepting a leading #', async () => {
    core.ok('cancel_order', { order: order({ state: 'accepted' }), cancelRequested: true });
    const reply = await runLine(core, 'cancel #1A2B3C4D', 'en');
    expect(core.calls[0]?.body).toMatchObject({ idempotencyKey: 'k-1', input: { orderId: '1a2b3c4d' } });
    expect(replyToLines(reply!)).toEqual(['[paper] Cancel requested', '#1a2b3c4d buy 삼성전자 (005930) 10 shares · limit KRW 71,000 · accepted']);
  });

  it('should say when an order is already final and was not cancelled', async () => {
    core.ok('cancel_order', { order: order({ state: 'filled', filledQtyShares: 10, avgFillPriceKrw: 71_000 }), cancelRequested: false });
    const reply = await runLine(core, 'cancel 1a2b3c4d', 'ko');
    expect(reply?.title).toBe('[페이퍼] 취소하지 않음');
    expect(reply?.text.split('\n')[0]).toBe('이미 체결 완료 상태인 주문입니다.');
  });

  it('should list positions one per line with P&L', async () => {
    core.ok('positions', {
      accountKind: 'paper',
      positions: [{ symbol: '005930', name: '삼성전자', qtyShares: 10, avgPriceKrw: 71_000, lastKrw: 72_000, valueKrw: 720_000, unrealizedPnlKrw: 10_000 }],
    });
    const reply = await runLine(core, 'positions', 'ko');
    expect(replyToLines(reply!)).toEqual([
      '[페이퍼] 보유 종목 (1)',
      '삼성전자(005930) 10주 · 평균 71,000원 · 현재 72,000원 · 손익 +10,000원 (+1.41%)',
    ]);
  });

  it('should show the balance with the account kind', async () => {
    core.ok('balance', { accountKind: 'live', cashKrw: 1_000_000, positionsValueKrw: 720_000, totalKrw: 1_720_000 });
    const reply = await runLine(core, 'balance', 'ko');
    expect(replyToLines(reply!)).toEqual(['[실계좌] 잔고', '예수금: 1,000,000원', '주식 평가금액: 720,000원', '총 자산: 1,720,000원']);
  });
});

describe('failures', () => {
  it('should render core errors with their params', async () => {
    core.fail('link', 429, 'LINK_RATE_LIMITED', { retryAfterSec: 900 });
    expect((await runLine(core, 'link ABCD-EFGH-JK', 'ko'))?.text).toBe('연결 시도가 너무 많습니다. 900초 후에 다시 시도하세요.');
    core.fail('me', 403, 'NOT_LINKED');
    expect((await runLine(core, 'me', 'en'))?.text).toBe('This chat account is not linked yet. Send /link CODE with the code the operator gave you.');
  });

  it('should show core\'s INTERNAL error id and nothing else', async () => {
    core.fail('balance', 500, 'INTERNAL', { errorId: 'e-42' });
    expect(await runLine(core, 'balance', 'en')).toEqual({
      text: 'Something went wrong. If it keeps happening, give the operator error id e-42.', tone: 'error',
    });
  });

  it('should answer a generic message with an error id when core answers outside the contract', async () => {
    core.ok('balance', { nonsense: true });
    const reply = await runLine(core, 'balance', 'ko');
    expect(reply?.text).toMatch(/^처리 중 오류가 발생했습니다\. 계속되면 운영자에게 오류 번호 [0-9a-f]{8}를 알려 주세요\.$/);
  });

  it('should say core is unreachable when nothing listens', async () => {
    const gone = await new FakeCore().start();
    await gone.stop();
    expect((await runLine(gone, 'me', 'ko'))?.text).toBe('Tradedesk core에 연결할 수 없습니다. 잠시 후 다시 시도하세요.');
  });
});

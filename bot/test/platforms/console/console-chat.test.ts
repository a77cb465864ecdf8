import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBot } from '../../../src/bot.js';
import { FAKE_TOKEN, FakeCore } from '../../support/fake-core.js';
import { fill, ME_OUTPUT, notification, order, quote, SAMSUNG } from '../../support/fixtures.js';
import { waitFor } from '../../support/wait-for.js';

function capture() {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => { text += chunk.toString('utf8'); });
  return { output, text: () => text };
}

describe('console chat', () => {
  let core: FakeCore;
  beforeEach(async () => {
    core = await new FakeCore().start();
    core.ok('me', ME_OUTPUT).ok('price', { symbol: SAMSUNG, quote: quote() });
    core.on('place_order', () => {
      // The fill follows the answer, as it does when the paper broker fills at once.
      setTimeout(() => core.notify(notification({ kind: 'order_filled', fill: fill({ qtyShares: 10, orderFilledQtyShares: 10, orderState: 'filled' }) }, { id: 'fill-1' })), 30);
      return { status: 200, body: { order: order(), queuePosition: 0, estimatedWaitMs: 0 } };
    });
  });
  afterEach(async () => { await core.stop(); });

  it('should answer scripted lines in order, print the fill that follows, and end after the input ends', async () => {
    const input = new PassThrough();
    const { output, text } = capture();
    const startedMs = Date.now();
    const bot = await startBot({
      coreUrl: core.url, coreToken: FAKE_TOKEN, locale: 'ko',
      console: { as: 'kim', input, output, interactive: false, lingerMs: 200 },
    });
    input.end('me\nbuy 005930 10 71000\n1\n\nfrobnicate\n');
    await bot.done;

    expect(text()).toBe([
      '[페이퍼] kim님의 정보',
      '  등급: 베이직',
      '  계좌: 페이퍼',
      '  오늘 주문: 2/20회 사용 (남은 18회)',
      '  1회 주문 한도: 10,000,000원',
      '[페이퍼] 매수 주문 확인',
      '  60초 안에 확인을 누르면 실행합니다.',
      '  종목: 삼성전자(005930)',
      '  구분: 매수',
      '  수량: 10주',
      '  가격: 지정가 71,000원',
      '  예상 금액: 710,000원',
      '  계좌: 페이퍼',
      '  [1] 확인  [2] 취소',
      '✅ [페이퍼] 매수 주문 접수',
      '  #1a2b3c4d 매수 삼성전자(005930) 10주 · 지정가 71,000원 · 대기',
      '❌ 알 수 없는 명령어입니다: /frobnicate. /help 를 입력하면 명령어를 볼 수 있습니다.',
      '🔔 [페이퍼] 체결 완료',
      '  #1a2b3c4d 매수 삼성전자(005930) 10주 @ 71,000원 = 710,000원',
      '  체결 10/10주',
      '',
    ].join('\n'));
    expect(Date.now() - startedMs).toBeLessThan(2_000);
    expect(core.delivered).toEqual(['fill-1']);
    expect(core.subscribes).toEqual([{ type: 'subscribe', platforms: ['console'], platformUserIds: ['kim'] }]);
    await waitFor(() => core.sockets.size === 0);
  });

  it('should send the console identity and a per-line idempotency key', async () => {
    const input = new PassThrough();
    const bot = await startBot({
      coreUrl: core.url, coreToken: FAKE_TOKEN, locale: 'en',
      console: { as: 'lee', input, output: capture().output, interactive: false, lingerMs: 50 },
    });
    input.end('me\nbuy 005930 10 71000\n1\n');
    await bot.done;
    const [me] = core.calls;
    const [buy] = core.callsTo('place_order');
    expect(me?.body.identity).toEqual({ platform: 'console', platformUserId: 'lee', chatId: 'lee', isPrivateChat: true, locale: 'en' });
    expect(buy?.body.identity).toEqual(me?.body.identity);
    expect(buy?.body.idempotencyKey).toMatch(/^order-draft:[A-Za-z0-9_-]{22}$/);
    expect(me?.body.idempotencyKey).toBeUndefined();
  });

  it('should cancel a draft by its number, treat a number without choices as a command, and mark silent notifications', async () => {
    const input = new PassThrough();
    const { output, text } = capture();
    const bot = await startBot({
      coreUrl: core.url, coreToken: FAKE_TOKEN, locale: 'en',
      console: { as: 'kim', input, output, interactive: false, lingerMs: 200 },
    });
    input.write('buy 005930 1\n');
    await waitFor(() => text().includes('[2] Cancel'));
    core.notify(notification({ kind: 'order_accepted', order: order({ state: 'accepted' }) }, { id: 'quiet-1', locale: 'en', silent: true }));
    await waitFor(() => text().includes('🔕'));
    input.end('2\n2\n');
    await bot.done;
    expect(core.callsTo('place_order')).toEqual([]);
    expect(text()).toContain('Cancelled. Nothing was done.');
    expect(text()).toContain('❌ Unknown command: /2.');
    expect(text()).toContain('🔕 [paper] Order accepted');
  });

  it('should show a prompt in TTY mode and keep running until stopped', async () => {
    const input = new PassThrough();
    const { output, text } = capture();
    const bot = await startBot({
      coreUrl: core.url, coreToken: FAKE_TOKEN, locale: 'en',
      console: { as: 'kim', input, output, interactive: true },
    });
    input.write('help\n');
    await waitFor(() => text().includes('Tradedesk commands'));
    await new Promise((r) => setTimeout(r, 50));
    expect(text()).toContain('tradedesk> ');
    let ended = false;
    void bot.done.then(() => { ended = true; });
    await new Promise((r) => setTimeout(r, 50));
    expect(ended).toBe(false);
    await bot.stop();
    await bot.done;
  });

  it('should end right away when core is unreachable, after saying so for each line', async () => {
    await core.stop();
    const input = new PassThrough();
    const { output, text } = capture();
    const bot = await startBot({
      coreUrl: core.url, coreToken: FAKE_TOKEN, locale: 'en',
      console: { as: 'kim', input, output, interactive: false, lingerMs: 20 },
      eventStream: { backoff: { initialMs: 10, maxMs: 10 } },
    });
    input.end('balance\n');
    await bot.done;
    expect(text()).toBe('❌ Cannot reach Tradedesk core. Try again in a moment.\n');
    core = await new FakeCore().start();
  });
});

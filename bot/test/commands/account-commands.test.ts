import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { replyToLines } from '../../src/commands/reply.js';
import { createBotLogger } from '../../src/logger.js';
import { FakeCore } from '../support/fake-core.js';
import { order } from '../support/fixtures.js';
import { runLine, testDeps } from '../support/harness.js';

let core: FakeCore;
beforeAll(async () => { core = await new FakeCore().start(); });
afterAll(async () => { await core.stop(); });
beforeEach(() => { core.calls.length = 0; });

const PREFS = {
  modes: { order: 'on', fill: 'on', rejection: 'on', alert: 'silent', strategy: 'on', pre_open: 'off', close: 'on' },
  quietHours: { startHour: 22, endHour: 7 },
} as const;

describe('unlink and lang', () => {
  it('should unlink this chat account', async () => {
    core.ok('unlink', { userName: 'kim' });
    const reply = await runLine(core, 'unlink', 'ko', { key: 'u-1' });
    expect(core.callsTo('unlink')[0]?.body).toMatchObject({ idempotencyKey: 'u-1', input: {} });
    expect(reply?.text).toBe('kim님, 이 채팅 계정의 연결을 해제했습니다. 다시 쓰려면 운영자에게 새 코드를 받으세요.');
  });

  it('should set the language and answer in the new one', async () => {
    core.ok('lang', (call) => ({ locale: (call.body.input as { locale: string }).locale }));
    expect((await runLine(core, 'lang EN', 'ko'))?.text).toBe('I will answer in English from now on.');
    expect(core.callsTo('lang')[0]?.body.input).toEqual({ locale: 'en' });
    expect((await runLine(core, 'lang ko', 'en'))?.text).toBe('이제 한국어로 답합니다.');
  });

  it('should refuse a language it does not have, without calling core', async () => {
    expect((await runLine(core, 'lang fr', 'en'))?.text).toBe('"fr" is not a supported language. Use ko or en.');
    expect(core.calls).toEqual([]);
  });
});

describe('connect', () => {
  const APP_KEY = 'PSk3yV3ryS3cr3tAppK3y';
  const APP_SECRET = 'S3cr3t-Th4t-Must-N3v3r-Sh0w';
  const ACCOUNT = '50123456-01';

  function capturingDeps() {
    let logs = '';
    const sink = new Writable({ write(chunk, _enc, done) { logs += String(chunk); done(); } });
    return { deps: testDeps(core, { logger: createBotLogger({ level: 'trace', destination: sink }), timeoutMs: 200 }), logs: () => logs };
  }

  it('should send the credentials to core and answer with the account kind and core\'s masked account only', async () => {
    core.ok('connect', { broker: 'kis', accountKind: 'live', accountNumberMasked: '****-**01' });
    const { deps, logs } = capturingDeps();
    const reply = await runLine(core, `/connect KIS real ${APP_KEY} ${APP_SECRET} ${ACCOUNT}`, 'ko', { deps, key: 'c-1' });
    expect(core.callsTo('connect')[0]?.body).toMatchObject({
      idempotencyKey: 'c-1', input: { broker: 'kis', environment: 'real', appKey: APP_KEY, appSecret: APP_SECRET, accountNumber: ACCOUNT },
    });
    expect(replyToLines(reply!)).toEqual(['[실계좌] 증권 계좌 연결 완료', '한국투자증권 계좌 ****-**01를 연결했습니다. 키는 암호화해 저장했고 다시 보여 주지 않습니다. 브리지가 이 증권사를 지원하기 전까지 주문은 페이퍼 계좌로 나갑니다.']);
    for (const secret of [APP_KEY, APP_SECRET, ACCOUNT]) expect(logs()).not.toContain(secret);
  });

  it('should never echo or log a credential, whatever goes wrong', async () => {
    const { deps, logs } = capturingDeps();
    const replies: string[] = [];
    const line = `connect kiwoom mock ${APP_KEY} ${APP_SECRET} ${ACCOUNT}`;
    core.fail('connect', 502, 'BROKER_REJECTED', { reason: 'invalid appkey' });
    replies.push(JSON.stringify(await runLine(core, line, 'en', { deps })));
    core.ok('connect', { nonsense: APP_KEY });
    replies.push(JSON.stringify(await runLine(core, line, 'en', { deps })));
    core.on('connect', async () => { await new Promise((r) => setTimeout(r, 400)); return { status: 200, body: {} }; });
    replies.push(JSON.stringify(await runLine(core, line, 'en', { deps })));
    replies.push(JSON.stringify(await runLine(core, `connect kis real short ${APP_SECRET} ${ACCOUNT}`, 'en', { deps })));
    replies.push(JSON.stringify(await runLine(core, `connect kis real ${APP_KEY} ${APP_SECRET} 5012-X`, 'ko', { deps })));
    replies.push(JSON.stringify(await runLine(core, `connect kis real ${APP_KEY} ${APP_SECRET}`, 'ko', { deps })));
    expect(JSON.parse(replies[3]!)).toEqual({ text: 'The app key does not look right (at least 8 characters, no spaces). Nothing was stored.', tone: 'error' });
    expect(JSON.parse(replies[4]!).text).toBe('계좌번호 형식이 올바르지 않습니다. 12345678-01 처럼 입력하세요.');
    expect(logs()).toContain('command failed unexpectedly');
    for (const secret of [APP_KEY, APP_SECRET, ACCOUNT, '5012-X']) {
      expect(logs()).not.toContain(secret);
      for (const reply of replies) expect(reply).not.toContain(secret);
    }
  });
});

describe('queue', () => {
  it('should list queued orders with their place and wait, today\'s orders and the session', async () => {
    core.ok('queue', {
      accountKind: 'broker_mock',
      queued: [{ order: order({ accountKind: 'broker_mock' }), position: 3, estimatedWaitMs: 4_200 }],
      tradesUsedToday: 2, tradesLeftToday: 18, inSession: false,
    });
    expect(replyToLines((await runLine(core, 'queue', 'ko'))!)).toEqual([
      '[모의투자] 주문 대기열 (1건)',
      '#1a2b3c4d 매수 삼성전자(005930) 10주 · 지정가 71,000원 · 대기 · 대기 순번 3번째 (약 5초)',
      '오늘 주문: 2회 사용, 18회 남음',
      '증권사 세션: 로그인 대기 (차례가 오면 전환)',
    ]);
  });

  it('should say when nothing is queued and the session does not apply', async () => {
    core.ok('queue', { accountKind: 'paper', queued: [], tradesUsedToday: 0, tradesLeftToday: 20, inSession: null });
    expect(replyToLines((await runLine(core, 'queue', 'en'))!)).toEqual([
      '[paper] Order queue (0)', 'You have no queued orders.', 'Orders today: 0 used, 20 left', 'Broker session: not applicable',
    ]);
  });
});

describe('notify', () => {
  it('should show the settings without changing them', async () => {
    core.ok('notify', PREFS);
    const reply = await runLine(core, 'notify', 'ko');
    expect(core.callsTo('notify')[0]?.body.input).toEqual({});
    expect(replyToLines(reply!)).toEqual([
      '알림 설정', '바꾸려면: /notify 종류 on|silent|off · /notify quiet 22-07|off',
      '주문 접수: 켬', '체결: 켬', '거부: 켬', '가격 알림: 무음', '전략: 켬', '장 시작 전 요약: 끔', '장 마감 요약: 켬',
      '방해 금지 시간: 22시 ~ 07시 (KST, 무음으로 보냄)',
    ]);
  });

  it('should set one kind, quiet hours, or turn quiet hours off', async () => {
    core.ok('notify', { ...PREFS, quietHours: null });
    await runLine(core, 'notify fill silent', 'en');
    await runLine(core, 'notify quiet 22~7', 'en');
    const off = await runLine(core, 'notify quiet off', 'en');
    expect(core.callsTo('notify').map((c) => c.body.input)).toEqual([
      { kind: 'fill', mode: 'silent' }, { quietHours: { startHour: 22, endHour: 7 } }, { quietHours: null },
    ]);
    expect(replyToLines(off!)).toContain('Quiet hours: none');
    expect(off?.tone).toBe('success');
  });

  it.each([
    ['notify fill loud', '"loud" is not a setting. Use on, silent or off.'],
    ['notify quiet 22-22', 'Cannot read the quiet hours "22-22". Give start and end hours (0-23, KST) like 22-07, or off.'],
    ['notify quiet 25-07', 'Cannot read the quiet hours "25-07". Give start and end hours (0-23, KST) like 22-07, or off.'],
    ['notify news on', 'Unknown notification kind "news". Use one of order, fill, rejection, alert, strategy, pre_open, close, quiet.'],
    ['notify fill', 'Usage: /notify [KIND on|silent|off] · /notify quiet 22-07|off'],
  ])('should answer %j without calling core', async (line, text) => {
    expect(await runLine(core, line, 'en')).toEqual({ text, tone: 'error' });
    expect(core.calls).toEqual([]);
  });
});

describe('admin', () => {
  const ACTOR = { identity: { platform: 'console', platformUserId: 'kim', chatId: 'kim', isPrivateChat: true, locale: 'en' } };

  it('should resume, list users, set a tier and invite, as the operator\'s chat identity', async () => {
    core.ok('resume', { halted: false })
      .ok('users', { users: [{ userId: '00000000-0000-4000-8000-000000000001', userName: 'kim', tier: 'premium', isOperator: true, linkedChats: 2, tradesUsedToday: 3 }] })
      .ok('tier', { userName: 'lee', tier: 'basic' })
      .ok('invite', { userId: '00000000-0000-4000-8000-000000000002', userName: 'park', code: 'ABCD-EFGH-JK', expiresAt: Date.UTC(2025, 10, 21, 5, 5) });
    expect((await runLine(core, 'admin resume', 'en'))?.title).toBe('Trading resumed');
    expect((await runLine(core, 'admin users', 'en'))?.text).toBe('kim · premium · operator · 2 chats · 3 orders today');
    expect((await runLine(core, 'admin tier lee BASIC', 'en'))?.text).toBe('lee is now basic; limits and priority apply at once.');
    expect((await runLine(core, 'admin invite park free', 'ko'))?.text).toBe('park님(무료) 초대 코드: ABCD-EFGH-JK\n2025-11-21 14:05 KST까지 /link ABCD-EFGH-JK 로 연결할 수 있습니다.');
    expect(core.calls.map((c) => [c.path, c.body.input])).toEqual([
      ['/v1/admin/resume', {}], ['/v1/admin/users', {}], ['/v1/admin/tier', { name: 'lee', tier: 'basic' }],
      ['/v1/admin/invite', { name: 'park', tier: 'free', operator: false }],
    ]);
    expect(core.calls[0]?.body.actor).toEqual(ACTOR);
  });

  it('should show core\'s refusal of someone who is not an operator', async () => {
    core.fail('users', 403, 'NOT_AUTHORIZED');
    expect((await runLine(core, 'admin users', 'ko'))?.text).toBe('이 명령을 실행할 권한이 없습니다.');
  });

  it.each([
    ['admin', 'Usage: /admin halt|resume|users · /admin tier USER TIER · /admin invite USER TIER'],
    ['admin tier lee gold', 'Unknown tier "gold". Use free, basic or premium.'],
    ['admin invite "bad name" free', '"bad name" is not a user name. Use letters, digits, _ . - only.'],
  ])('should answer %j without calling core', async (line, text) => {
    expect(await runLine(core, line, 'en')).toEqual({ text, tone: 'error' });
    expect(core.calls).toEqual([]);
  });
});

describe('rate limits', () => {
  it('should show the tier\'s command rate limit with when to retry', async () => {
    core.fail('me', 429, 'COMMAND_RATE_LIMITED', { limitPerMinute: 30, retryAfterSec: 12 });
    expect((await runLine(core, 'me', 'ko'))?.text).toBe('명령이 너무 많습니다 (등급 한도: 분당 30회). 12초 후에 다시 시도하세요.');
    expect((await runLine(core, 'me', 'en'))?.text).toBe('Too many commands (your tier allows 30 a minute). Try again in 12 seconds.');
  });
});

import type { AlertView } from '@tradedesk/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseAlertLevel, parseCooldownSec } from '../../src/commands/alert.js';
import { FakeCore } from '../support/fake-core.js';
import { SAMSUNG, SAMSUNG_PREF } from '../support/fixtures.js';
import { press, runLine, testDeps } from '../support/harness.js';

let core: FakeCore;
beforeAll(async () => { core = await new FakeCore().start(); });
afterAll(async () => { await core.stop(); });
beforeEach(() => { core.calls.length = 0; });

const ID = '1a2b3c4d-0000-4000-8000-0000000000a1';

function view(overrides: Partial<AlertView> = {}): AlertView {
  return {
    id: ID, shortId: '1a2b3c4d', symbol: SAMSUNG, direction: 'above', target: { kind: 'price', priceKrw: 75_000 }, thresholdKrw: 75_000,
    repeat: false, cooldownSec: 0, state: 'armed', live: true, lastTriggeredAt: null, createdAt: Date.UTC(2026, 0, 5), ...overrides,
  };
}
const added = (alert: AlertView, extra: Record<string, unknown> = {}) => ({ action: 'add', alert, lastKrw: 74_000, alreadyBeyond: false, armedCount: 2, armedMax: 5, ...extra });

describe('alert levels and repeat intervals as typed', () => {
  it.each([
    ['75000', { kind: 'price', priceKrw: 75_000 }],
    ['75,000', { kind: 'price', priceKrw: 75_000 }],
    ['75000원', { kind: 'price', priceKrw: 75_000 }],
    ['+3%', { kind: 'percent', percentBp: 300 }],
    ['-5%', { kind: 'percent', percentBp: -500 }],
    ['2.5%', { kind: 'percent', percentBp: 250 }],
    ['-0.75%', { kind: 'percent', percentBp: -75 }],
    ['30%', { kind: 'percent', percentBp: 3000 }],
    ['31%', null], ['0', null], ['-75000', null], ['7.5', null], ['abc', null], ['1.234%', null], ['100000001', null],
  ])('reads %j as %j', (raw, expected) => {
    expect(parseAlertLevel(raw)).toEqual(expected);
  });

  it.each([
    ['10m', 600], ['90s', 90], ['1h', 3600], ['10분', 600], ['2시간', 7200], ['15', 900], ['24h', 86_400],
    ['59s', null], ['25h', null], ['soon', null],
  ])('reads the cooldown %j as %j seconds', (raw, expected) => {
    expect(parseCooldownSec(raw)).toBe(expected);
  });
});

describe('alert add', () => {
  it.each([
    ['alert add 005930 above 75,000', { action: 'add', symbol: '005930', direction: 'above', target: { kind: 'price', priceKrw: 75_000 }, repeat: false, cooldownSec: 600 }],
    ['alert add 005930 below -5%', { action: 'add', symbol: '005930', direction: 'below', target: { kind: 'percent', percentBp: -500 }, repeat: false, cooldownSec: 600 }],
    ['alert add 005930 above +3% repeat', { action: 'add', symbol: '005930', direction: 'above', target: { kind: 'percent', percentBp: 300 }, repeat: true, cooldownSec: 600 }],
    ['alert add 005930 above 80000 repeat 1h', { action: 'add', symbol: '005930', direction: 'above', target: { kind: 'price', priceKrw: 80_000 }, repeat: true, cooldownSec: 3600 }],
    ['alert add 005930 BELOW 60000 30m', { action: 'add', symbol: '005930', direction: 'below', target: { kind: 'price', priceKrw: 60_000 }, repeat: true, cooldownSec: 1800 }],
  ])('sends %j to core as typed input', async (line, input) => {
    core.ok('alert', added(view()));
    await runLine(core, line, 'ko', { key: 'k-1' });
    expect(core.callsTo('alert').map((c) => [c.body.input, c.body.idempotencyKey])).toEqual([[input, 'k-1']]);
  });

  it('renders the new alert in Korean and English with the count against the tier limit', async () => {
    core.ok('alert', added(view()));
    expect(await runLine(core, 'alert add 005930 above 75000', 'ko')).toEqual({
      title: '가격 알림 설정', text: '#1a2b3c4d 삼성전자(005930) 75,000원 이상 · 1회 · 켜짐\n켜진 알림 2/5개', tone: 'success',
    });
    expect(await runLine(core, 'alert add 005930 above 75000', 'en')).toEqual({
      title: 'Price alert set', text: '#1a2b3c4d Samsung Electronics (005930) at or above KRW 75,000 · once · on\n2/5 alerts on', tone: 'success',
    });
  });

  it('tells the user when the price is already past the level and when the alert is not live', async () => {
    core.ok('alert', added(view({ live: false, repeat: true, cooldownSec: 5400, target: { kind: 'percent', percentBp: 300 }, thresholdKrw: 72_100 }), { alreadyBeyond: true, lastKrw: 73_000 }));
    const reply = await runLine(core, 'alert add 005930 above +3% repeat 90m', 'ko');
    expect(reply?.text.split('\n')).toEqual([
      '#1a2b3c4d 삼성전자(005930) 전일 대비 +3.00% (72,100원) 이상 · 반복 (최소 1시간 30분 간격) · 켜짐',
      '⚠️ 실시간 시세 한도가 차서 아직 감시하지 못합니다. 저장해 두었고 자리가 나면 자동으로 감시를 시작합니다.',
      '현재가 73,000원가 이미 기준을 넘어 있어, 가격이 되돌아갔다가 다시 기준을 넘을 때 알립니다.',
      '켜진 알림 2/5개',
    ]);
    expect(reply?.tone).toBe('info');
  });

  it.each([
    ['alert add 005930 above lots', 'Cannot read the level "lots". Use a price in KRW like 75000, or a change from the previous close like +3% or -5% (at most ±30%).'],
    ['alert add 005930 above +45%', 'Cannot read the level "+45%". Use a price in KRW like 75000, or a change from the previous close like +3% or -5% (at most ±30%).'],
    ['alert add 005930 above 75000 repeat 10s', 'Cannot read the repeat interval "10s". Use e.g. repeat 10m, between 1 minute and 24 hours.'],
    ['alert add 005930 above 75000 often', 'Cannot read the repeat interval "often". Use e.g. repeat 10m, between 1 minute and 24 hours.'],
    ['alert add 005930 above 75000 repeat 10m now', 'Cannot read the repeat interval "repeat 10m now". Use e.g. repeat 10m, between 1 minute and 24 hours.'],
    ['alert add 005930 sideways 100', '"sideways" is not a direction. Use above or below.'],
    ['alert add 005930 above', 'Usage: /alert add SYMBOL above|below PRICE|±PCT% [repeat [10m]] · /alert list · /alert remove ID'],
    ['alert snooze', 'Usage: /alert add SYMBOL above|below PRICE|±PCT% [repeat [10m]] · /alert list · /alert remove ID'],
    ['alert list now', 'Usage: /alert add SYMBOL above|below PRICE|±PCT% [repeat [10m]] · /alert list · /alert remove ID'],
  ])('answers %j without calling core', async (line, text) => {
    expect(await runLine(core, line, 'en')).toEqual({ text, tone: 'error' });
    expect(core.calls).toEqual([]);
  });

  it('shows core\'s refusals in the user\'s language: the tier limit and a level too far from the price', async () => {
    core.fail('alert', 429, 'ALERTS_LIMIT', { limit: 5, tier: 'free' });
    expect((await runLine(core, 'alert add 005930 above 75000', 'ko'))?.text).toBe('가격 알림은 무료 등급에서 최대 5개까지 켜 둘 수 있습니다. /alert remove 로 하나를 지운 뒤 다시 추가하세요.');
    expect((await runLine(core, 'alert add 005930 above 75000', 'en'))?.text).toBe('The free tier keeps at most 5 price alerts on. Delete one with /alert remove, then add again.');
    core.fail('alert', 400, 'ALERT_PRICE_OUT_OF_RANGE', { priceKrw: 750_000, lastKrw: 70_000, minKrw: 14_000, maxKrw: 350_000 });
    expect((await runLine(core, 'alert add 005930 above 750000', 'en'))?.text).toBe('A level of KRW 750,000 is too far from the last price KRW 70,000. Use KRW 14,000 to KRW 350,000.');
  });

  it('resolves a name, offering choices when it is ambiguous, and goes on with the chosen code', async () => {
    core.ok('symbols', { matches: [SAMSUNG, SAMSUNG_PREF] }).ok('alert', added(view()));
    const deps = testDeps(core);
    const reply = await runLine(core, 'alert add 삼성 below 60000', 'ko', { deps });
    expect(core.callsTo('alert')).toEqual([]);
    await press(deps, reply!.actions![1]!.id);
    expect(core.callsTo('alert')[0]?.body.input).toEqual({ action: 'add', symbol: '005935', direction: 'below', target: { kind: 'price', priceKrw: 60_000 }, repeat: false, cooldownSec: 600 });
  });
});

describe('alert list and remove', () => {
  it('lists alerts with their condition and state, in both languages', async () => {
    const fired = view({
      id: '9f8e7d6c-0000-4000-8000-0000000000a2', shortId: '9f8e7d6c', direction: 'below', target: { kind: 'price', priceKrw: 60_000 }, thresholdKrw: 60_000,
      state: 'triggered', live: false, lastTriggeredAt: Date.UTC(2026, 0, 5, 1, 30),
    });
    core.ok('alert', { action: 'list', alerts: [view(), fired], armedMax: 20 });
    expect(await runLine(core, 'alert list', 'ko')).toEqual({
      title: '가격 알림 (켜짐 1/20개)',
      text: '#1a2b3c4d 삼성전자(005930) 75,000원 이상 · 1회 · 켜짐\n#9f8e7d6c 삼성전자(005930) 60,000원 이하 · 1회 · 울림 · 마지막 알림 2026-01-05 10:30 KST',
      tone: 'info',
    });
    core.ok('alert', { action: 'list', alerts: [], armedMax: 5 });
    expect(await runLine(core, 'alert list', 'en')).toEqual({ title: 'Price alerts (0/5 on)', text: 'No price alerts. Add one with /alert add SYMBOL above|below PRICE.', tone: 'info' });
  });

  it('removes by the listed id and shows what was removed; an unknown id is core\'s ALERT_NOT_FOUND', async () => {
    core.ok('alert', { action: 'remove', alert: view() });
    expect(await runLine(core, 'alert remove #1a2b3c4d', 'en')).toEqual({
      title: 'Price alert deleted', text: '#1a2b3c4d Samsung Electronics (005930) at or above KRW 75,000 · once · on', tone: 'success',
    });
    expect(core.callsTo('alert')[0]?.body.input).toEqual({ action: 'remove', id: '1a2b3c4d' });
    core.fail('alert', 404, 'ALERT_NOT_FOUND', { id: 'ffff' });
    expect((await runLine(core, 'alert remove ffff', 'ko'))?.text).toBe('가격 알림 ffff을(를) 찾을 수 없습니다. /alert list 로 번호를 확인하세요.');
  });
});

import { ERROR_CODES, ERROR_STATUS, ORDER_STATES, type ErrorCode } from '@tradedesk/contracts';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Dictionary } from '../../src/i18n/dictionary.js';
import { en } from '../../src/i18n/en.js';
import { dict, errorText, formatKrw, formatPct, formatQty, formatSignedKrw, resolveLocale, t } from '../../src/i18n/index.js';
import { ko } from '../../src/i18n/ko.js';

function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k)).sort();
}

describe('dictionaries', () => {
  it('should have exactly the same keys in Korean and English', () => {
    expect(keyPaths(en)).toEqual(keyPaths(ko));
  });

  it('should not compile a locale that lacks a key', () => {
    // @ts-expect-error an error code is missing
    const partial: Dictionary['errors'] = { VALIDATION_FAILED: () => '' };
    expect(partial).toBeDefined();
    expectTypeOf(en.errors).toEqualTypeOf<Record<ErrorCode, Dictionary['errors'][ErrorCode]>>();
  });

  it('should have a message for every error code in ERROR_STATUS, in both locales', () => {
    for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) {
      for (const locale of ['ko', 'en'] as const) {
        const text = errorText(locale, code, {});
        expect(text.length, `${locale} ${code}`).toBeGreaterThan(5);
      }
    }
    expect(Object.keys(ko.errors).sort()).toEqual([...ERROR_CODES].sort());
  });

  it('should name every order state', () => {
    for (const state of ORDER_STATES) {
      expect(dict('ko').orderState[state]).toBeTruthy();
      expect(dict('en').orderState[state]).toBeTruthy();
    }
  });
});

describe('error messages use their params', () => {
  const cases: Array<[ErrorCode, Record<string, number | string>, string, string]> = [
    ['PRICE_OFF_TICK', { tickKrw: 50, belowKrw: 10_050, aboveKrw: 10_100 }, '호가단위 50원에 맞지 않습니다 → 10,050원 또는 10,100원', 'The price is not on the KRW 50 tick → KRW 10,050 or KRW 10,100'],
    ['PRICE_OUT_OF_LIMIT', { lowerKrw: 49_700, upperKrw: 92_300 }, '가격이 오늘의 가격제한폭(49,700원 ~ 92,300원)을 벗어납니다.', "The price is outside today's limits (KRW 49,700 ~ KRW 92,300)."],
    ['LINK_RATE_LIMITED', { retryAfterSec: 60 }, '연결 시도가 너무 많습니다. 60초 후에 다시 시도하세요.', 'Too many link attempts. Try again in 60 seconds.'],
    ['DAILY_TRADE_LIMIT', { limit: 20 }, '오늘의 주문 한도(20회)를 모두 사용했습니다. 다음 거래일에 다시 이용하세요.', 'You have used all 20 orders for today. Try again next trading day.'],
    ['QTY_TOO_LARGE', { max: 10_000_000 }, '한 번에 주문할 수 있는 수량은 최대 10,000,000주입니다.', 'One order can carry at most 10,000,000 shares.'],
    ['INTERNAL', { errorId: 'abc123' }, '일시적인 오류가 발생했습니다. 계속되면 운영자에게 오류 번호 abc123를 알려 주세요.', 'Something went wrong. If it keeps happening, give the operator error id abc123.'],
    ['ORDER_NOT_CANCELLABLE', { state: 'filled' }, '취소할 수 없는 주문입니다 (상태: 체결 완료).', 'This order cannot be cancelled (it is filled).'],
    ['ORDER_VALUE_TOO_LARGE', { maxKrw: 10_000_000, valueKrw: 71_000_000 }, '주문 금액(71,000,000원)이 1회 한도(10,000,000원)를 넘습니다. 수량을 줄이세요.', 'The order value (KRW 71,000,000) is above your per-order limit (KRW 10,000,000). Lower the quantity.'],
  ];
  it.each(cases)('%s', (code, params, koText, enText) => {
    expect(errorText('ko', code, params)).toBe(koText);
    expect(errorText('en', code, params)).toBe(enText);
  });

  it('should render a missing param as ? rather than throw', () => {
    expect(errorText('en', 'PRICE_OUT_OF_LIMIT', {})).toBe("The price is outside today's limits (? ~ ?).");
  });
});

describe('formatting', () => {
  it('should format won and shares per locale', () => {
    expect(formatKrw('ko', 71_000)).toBe('71,000원');
    expect(formatKrw('en', 71_000)).toBe('KRW 71,000');
    expect(formatSignedKrw('ko', -5_000)).toBe('-5,000원');
    expect(formatSignedKrw('en', 1_000)).toBe('KRW +1,000');
    expect(formatQty('ko', 10)).toBe('10주');
    expect(formatQty('en', 10)).toBe('10 shares');
    expect(formatQty('en', 1)).toBe('1 share');
    expect(formatPct(0.0141)).toBe('+1.41%');
    expect(formatPct(-0.3)).toBe('-30.00%');
  });

  it('should type message params per key', () => {
    expect(t('ko', 'unknownCommand', { name: 'x' })).toContain('/x');
    // @ts-expect-error the params of unknownCommand are required
    expect(() => t('ko', 'unknownCommand')).toThrow();
  });

  it('should pick --lang, then DEFAULT_LOCALE, then Korean', () => {
    expect(resolveLocale('en', 'ko')).toBe('en');
    expect(resolveLocale(undefined, 'en')).toBe('en');
    expect(resolveLocale('fr', null)).toBe('ko');
    expect(resolveLocale()).toBe('ko');
  });
});

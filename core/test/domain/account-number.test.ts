import { describe, expect, it } from 'vitest';
import { maskAccountNumber, normalizeAccountNumber } from '../../src/domain/account-number.js';

describe('account numbers', () => {
  it('writes 8 digits, a dash and the product code, whether typed with a dash or not', () => {
    expect(normalizeAccountNumber('1234567801')).toBe('12345678-01');
    expect(normalizeAccountNumber('12345678-01')).toBe('12345678-01');
  });

  it('masks all but the last 2 digits', () => {
    expect(maskAccountNumber('12345678-01')).toBe('****-**01');
    expect(maskAccountNumber('9876543222')).toBe('****-**22');
  });

  it('refuses anything that is not 10 digits', () => {
    expect(() => normalizeAccountNumber('123456701')).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { parseChatLine } from '../../src/commands/parse.js';

describe('parseChatLine', () => {
  it('splits a slash command into a lower-cased name and its arguments', () => {
    expect(parseChatLine('/BUY 005930 10 71000')).toEqual({ name: 'buy', args: ['005930', '10', '71000'] });
  });

  it('accepts a command without the slash', () => {
    expect(parseChatLine('sell 005930 1,000')).toEqual({ name: 'sell', args: ['005930', '1,000'] });
  });

  it('drops the @botname suffix Telegram adds in groups', () => {
    expect(parseChatLine('/orders@TradedeskBot')).toEqual({ name: 'orders', args: [] });
  });

  it('keeps quoted names with spaces as one argument, straight or curly quotes', () => {
    expect(parseChatLine('/price "KODEX 200"')).toEqual({ name: 'price', args: ['KODEX 200'] });
    expect(parseChatLine('/buy \u201CKODEX 200\u201D 5')).toEqual({ name: 'buy', args: ['KODEX 200', '5'] });
  });

  it('returns null for an empty or blank line', () => {
    expect(parseChatLine('')).toBeNull();
    expect(parseChatLine('   \t ')).toBeNull();
  });

  it('bounds the number of arguments it keeps', () => {
    const parsed = parseChatLine(`help ${'x '.repeat(100)}`);
    expect(parsed?.args.length).toBe(20);
  });
});

import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { PlatformSendError } from '../../../src/platforms/platform-adapter.js';
import { routeText } from '../../../src/platforms/telegram/route-text.js';
import { toPlatformSendError } from '../../../src/platforms/telegram/send-errors.js';
import { SeenUpdates } from '../../../src/platforms/telegram/seen-updates.js';
import { escapeHtml, formatTelegramReply, visibleLength } from '../../../src/platforms/telegram/telegram-format.js';
import { parseTelegramHtml } from '../../support/fake-telegram-api.js';

describe('telegram reply format', () => {
  it('should escape & < > and nothing else', () => {
    expect(escapeHtml(`a & b < c > d "e" 'f'`)).toBe(`a &amp; b &lt; c &gt; d "e" 'f'`);
  });

  it('should mark the title by tone and put fields as bold name: value', () => {
    const { htmlChunks } = formatTelegramReply({ title: '잔고', text: '예수금', tone: 'success', fields: [{ name: '총 자산', value: '1,000원' }] });
    expect(htmlChunks).toEqual(['<b>✅ 잔고</b>\n예수금\n<b>총 자산</b>: 1,000원']);
    expect(formatTelegramReply({ text: '안 됩니다', tone: 'error' }).htmlChunks).toEqual(['❌ 안 됩니다']);
  });

  it('should split at line boundaries so that each message is within 4096 characters as Telegram counts them', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `${i} <&> ${'x'.repeat(20)}`);
    const { htmlChunks } = formatTelegramReply({ title: 'T', text: lines.join('\n') });
    expect(htmlChunks.length).toBeGreaterThan(1);
    for (const chunk of htmlChunks) expect(parseTelegramHtml(chunk).length).toBeLessThanOrEqual(4096);
    expect(htmlChunks.map(parseTelegramHtml).join('\n')).toBe(`T\n${lines.join('\n')}`);
    // Filled up: a chunk is only cut when the next line would not fit.
    expect(parseTelegramHtml(htmlChunks[0]!).length).toBeGreaterThan(4096 - 40);
  });

  it('should cut a single line longer than a message without breaking an entity or a surrogate pair', () => {
    const line = '&😀'.repeat(3000);
    const { htmlChunks } = formatTelegramReply({ text: line });
    expect(htmlChunks.length).toBe(3);
    for (const chunk of htmlChunks) expect(visibleLength(chunk)).toBeLessThanOrEqual(4096);
    expect(htmlChunks.map(parseTelegramHtml).join('')).toBe(line);
  });

  it('should lay out buttons: choices one per row, buy red, sell blue, confirm green', () => {
    const { keyboard } = formatTelegramReply({
      text: 'x',
      actions: [
        { id: 'g1.0', label: '삼성전자', style: 'choice' }, { id: 'g1.1', label: '삼성전자우', style: 'choice' },
        { id: 'g2.0', label: '매수', style: 'buy' }, { id: 'g2.1', label: '매도', style: 'sell' },
        { id: 'g2.2', label: '확인', style: 'confirm' }, { id: 'g2.3', label: '취소', style: 'cancel' },
      ],
    });
    expect(keyboard?.inline_keyboard).toEqual([
      [{ text: '삼성전자', callback_data: 'g1.0' }],
      [{ text: '삼성전자우', callback_data: 'g1.1' }],
      [
        { text: '매수', callback_data: 'g2.0', style: 'danger' }, { text: '매도', callback_data: 'g2.1', style: 'primary' },
        { text: '확인', callback_data: 'g2.2', style: 'success' }, { text: '취소', callback_data: 'g2.3' },
      ],
    ]);
    expect(formatTelegramReply({ text: 'x' }).keyboard).toBeUndefined();
  });

  it('should refuse an action id longer than callback_data allows', () => {
    expect(() => formatTelegramReply({ text: 'x', actions: [{ id: 'a'.repeat(65), label: 'x', style: 'confirm' }] })).toThrow(/64 bytes/);
  });
});

describe('telegram text routing', () => {
  const dm = { isPrivateChat: true, botUsername: 'TradedeskBot', awaitingCredentials: false };
  const group = { ...dm, isPrivateChat: false };

  it('should route by chat kind, addressee and the catalog', () => {
    expect(routeText('buy 005930 1', dm)).toEqual({ kind: 'run', text: 'buy 005930 1', command: 'buy', secret: false });
    expect(routeText('/start help', dm)).toMatchObject({ kind: 'run', command: 'help' });
    expect(routeText('/BUY@tradedeskbot 005930 1', group)).toEqual({ kind: 'private-only', command: 'buy' });
    expect(routeText('/price@TradedeskBot 005930', group)).toMatchObject({ kind: 'run', command: 'price' });
    expect(routeText('/price@OtherBot 005930', group)).toEqual({ kind: 'ignore' });
    expect(routeText('price 005930', group)).toEqual({ kind: 'ignore' });
    expect(routeText('/connect kis real k s 12345678-01', group)).toEqual({ kind: 'connect-outside-private' });
    expect(routeText('/connect', dm)).toEqual({ kind: 'ask-credentials' });
    expect(routeText('/connect kis real k s a', dm)).toMatchObject({ kind: 'run', command: 'connect', secret: true });
    expect(routeText('/nosuch', dm)).toEqual({ kind: 'run', text: '/nosuch', command: undefined, secret: false });
  });

  it('should take a slash-less message as the awaited credentials', () => {
    const awaiting = { ...dm, awaitingCredentials: true };
    expect(routeText(' kis mock k s a ', awaiting)).toEqual({ kind: 'run', text: '/connect kis mock k s a', command: 'connect', secret: true });
    expect(routeText('/help', awaiting)).toMatchObject({ kind: 'run', command: 'help', secret: false });
  });
});

describe('telegram send errors', () => {
  const grammyError = (code: number, description: string, retryAfter?: number) =>
    new GrammyError('x', { ok: false, error_code: code, description, ...(retryAfter ? { parameters: { retry_after: retryAfter } } : {}) }, 'sendMessage', {});

  it('should map 429, 5xx, 403, 400, 401 and network failures for the outbox', () => {
    expect(toPlatformSendError(grammyError(429, 'Too Many Requests', 7)).detail).toEqual({ status: 429, retryAfterMs: 7_000 });
    expect(toPlatformSendError(grammyError(502, 'Bad Gateway')).detail).toEqual({ status: 502 });
    expect(toPlatformSendError(grammyError(403, 'Forbidden: bot was blocked by the user')).detail).toEqual({ status: 403, permanent: true });
    expect(toPlatformSendError(grammyError(400, 'Bad Request: chat not found')).detail).toEqual({ status: 400, permanent: true });
    expect(toPlatformSendError(grammyError(401, 'Unauthorized')).detail).toEqual({ status: 401 });
    const network = toPlatformSendError(new HttpError('Network request for sendMessage failed', new Error('ECONNRESET')));
    expect(network).toBeInstanceOf(PlatformSendError);
    expect(network.detail).toEqual({});
  });
});

describe('seen updates', () => {
  it('should drop a repeated id and forget the oldest beyond its bound', () => {
    const seen = new SeenUpdates(3);
    expect([1, 2, 1, 3, 4].map((id) => seen.firstTime(id))).toEqual([true, true, false, true, true]);
    expect(seen.size).toBe(3);
    expect(seen.firstTime(1)).toBe(true);
    expect(seen.firstTime(4)).toBe(false);
  });
});

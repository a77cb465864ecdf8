import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { splitText, toDiscordMessages } from '../../../src/platforms/discord/format.js';
import { RecentInteractions } from '../../../src/platforms/discord/recent-interactions.js';
import { toPlatformSendError } from '../../../src/platforms/discord/send-errors.js';

describe('discord reply format', () => {
  it('should put at most 5 buttons in a row and 5 rows under the last message', () => {
    const actions = Array.from({ length: 27 }, (_, i) => ({ id: `a${i}`, label: `b${i}`, style: 'choice' as const }));
    const [message] = toDiscordMessages({ text: 'x', actions });
    expect(message?.components.map((row) => row.toJSON().components.length)).toEqual([5, 5, 5, 5, 5]);
  });

  it('should colour by tone, blurple when none is given', () => {
    expect(toDiscordMessages({ text: 'x' })[0]?.embeds[0]?.color).toBe(0x5865f2);
    expect(toDiscordMessages({ text: 'x', tone: 'error' })[0]?.embeds[0]?.color).toBe(0xed4245);
  });

  it('should move fields past 25 into a further message and clip long values to 1024', () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, value: i === 0 ? 'v'.repeat(2_000) : 'v' }));
    const messages = toDiscordMessages({ title: 't', text: 'x', fields, actions: [{ id: 'ok', label: 'OK', style: 'confirm' }] });
    expect(messages.map((m) => m.embeds[0]?.fields?.length)).toEqual([25, 5]);
    expect(messages[0]?.embeds[0]?.fields?.[0]?.value).toHaveLength(1_024);
    expect(messages.map((m) => m.components.length)).toEqual([0, 1]);
  });

  it('should never send an empty embed', () => {
    expect(toDiscordMessages({ text: '' })[0]?.embeds[0]?.description).toBe('\u200b');
  });

  it('should split text at line breaks, and mid-line only when a line is too long', () => {
    expect(splitText('aaa\nbbb\nccc', 7)).toEqual(['aaa\nbbb', 'ccc']);
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });
});

describe('discord interaction memory', () => {
  it('should see an id once, and forget the oldest past its bound', () => {
    const recent = new RecentInteractions(2);
    expect([recent.firstTime('1'), recent.firstTime('1'), recent.firstTime('2'), recent.firstTime('3')]).toEqual([true, false, true, true]);
    expect(recent.size).toBe(2);
    expect(recent.firstTime('1')).toBe(true);
  });
});

describe('discord send errors', () => {
  const apiError = (status: number, code: number) => new DiscordAPIError({ message: 'x', code }, code, status, 'POST', 'https://discord.com/api/v10/channels/1/messages', {});

  it('should not drop notifications when our own token is refused', () => {
    expect(toPlatformSendError(apiError(401, 0)).detail.permanent).toBe(false);
  });

  it('should treat a refused message as permanent', () => {
    expect(toPlatformSendError(apiError(400, 50035)).detail.permanent).toBe(true);
  });

  it('should treat network errors as retryable and keep URLs out of the message', () => {
    const error = toPlatformSendError(new TypeError('fetch failed https://discord.com/api/v10/interactions/1/secret-token'));
    expect(error.detail).toEqual({});
    expect(error.message).not.toContain('secret-token');
  });
});

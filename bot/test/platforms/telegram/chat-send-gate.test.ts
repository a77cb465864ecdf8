import { expect, it } from 'vitest';
import { ChatSendGate } from '../../../src/platforms/telegram/chat-send-gate.js';

/** Virtual time: `sleep` moves the clock instead of waiting. */
function virtualTime() {
  let nowMs = 0;
  return { now: () => nowMs, sleep: async (ms: number) => { nowMs += ms; } };
}

it('should keep messages to one chat a gap apart, in order, whoever sends them', async () => {
  const time = virtualTime();
  const gate = new ChatSendGate(1_000, time.now, time.sleep);
  const sentAt: Array<[string, number]> = [];
  const send = (label: string) => gate.run('42', async () => { sentAt.push([label, time.now()]); });
  await Promise.all([send('reply'), send('fill'), send('alert')]);
  expect(sentAt).toEqual([['reply', 0], ['fill', 1_000], ['alert', 2_000]]);
});

it('should not hold up another chat, and should count a failed send as sent', async () => {
  const time = virtualTime();
  const gate = new ChatSendGate(1_000, time.now, time.sleep);
  await expect(gate.run('1', async () => { throw new Error('429'); })).rejects.toThrow('429');
  const other = await gate.run('2', async () => time.now());
  expect(other).toBe(0);
  const again = await gate.run('1', async () => time.now());
  expect(again).toBe(1_000);
});

import type { Notification, Platform } from '@tradedesk/contracts';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { renderNotification } from '../../src/commands/render.js';
import { replyToLines, type ChatReply } from '../../src/commands/reply.js';
import { createBotLogger } from '../../src/logger.js';
import { coalesceReplies } from '../../src/notifications/coalesce.js';
import { OutboxRefusedError, PlatformOutbox } from '../../src/notifications/platform-outbox.js';
import { PlatformSendError, type NotificationDelivery, type NotificationTarget, type PlatformSendLimits } from '../../src/platforms/platform-adapter.js';
import { fill, notification, order } from '../support/fixtures.js';
import { ManualClock } from '../support/manual-clock.js';

interface Sent { atMs: number; target: NotificationTarget; reply: ChatReply; delivery: NotificationDelivery }

/** A platform that enforces its own limits: it counts every send that breaks them. */
class StrictFakeAdapter {
  readonly sent: Sent[] = [];
  violations = 0;
  attempts = 0;
  fail: ((attempt: number) => Error | 'hang' | null) = () => null;
  readonly #busyChats = new Set<string>();

  constructor(readonly platform: Platform, readonly sendLimits: PlatformSendLimits, readonly clock: ManualClock) {}

  async sendNotification(target: NotificationTarget, reply: ChatReply, delivery: NotificationDelivery): Promise<void> {
    const nowMs = this.clock.now();
    this.attempts += 1;
    const lastForChat = this.sent.filter((s) => s.target.chatId === target.chatId).at(-1);
    if (lastForChat && nowMs - lastForChat.atMs < this.sendLimits.perChatIntervalMs) this.violations += 1;
    if (this.sent.filter((s) => s.atMs > nowMs - 1_000).length + 1 > this.sendLimits.globalPerSecond) this.violations += 1;
    if (this.#busyChats.has(target.chatId)) this.violations += 1;
    if (replyToLines(reply).join('\n').length > this.sendLimits.maxMessageChars && reply.title?.includes('건')) this.violations += 1;
    const failure = this.fail(this.attempts);
    if (failure === 'hang') return new Promise(() => undefined);
    this.sent.push({ atMs: nowMs, target, reply, delivery });
    if (failure) throw failure;
    this.#busyChats.add(target.chatId);
    await new Promise<void>((r) => setImmediate(r));
    this.#busyChats.delete(target.chatId);
  }
}

const LIMITS: PlatformSendLimits = { perChatIntervalMs: 1_000, globalPerSecond: 3, maxMessageChars: 4_096 };
const forChat = (id: string, chat: string, overrides: Partial<Notification> = {}) => notification(
  { kind: 'order_accepted', order: order({ state: 'accepted' }) },
  { id, target: { platform: 'telegram', platformUserId: chat, chatId: chat }, ...overrides },
);

function setUp(limits = LIMITS, options: { backoff?: { initialMs?: number; maxMs?: number } } = {}) {
  const clock = new ManualClock();
  const adapter = new StrictFakeAdapter('telegram', limits, clock);
  let logs = '';
  const logger = createBotLogger({ level: 'info', destination: new Writable({ write(c, _e, done) { logs += String(c); done(); } }) });
  const outbox = new PlatformOutbox({ adapter, render: renderNotification, clock, logger, ...options });
  const outcomes = new Map<string, 'delivered' | 'refused'>();
  const deliver = (n: Notification) => outbox.deliver(n).then(() => outcomes.set(n.id, 'delivered'), () => outcomes.set(n.id, 'refused'));
  return { clock, adapter, outbox, outcomes, deliver, logs: () => logs.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string }) };
}

describe('PlatformOutbox', () => {
  it('should pace each chat and the platform as a whole, never breaking the limits', async () => {
    const { clock, adapter, outcomes, deliver } = setUp();
    for (let round = 0; round < 3; round++) {
      for (let chat = 0; chat < 8; chat++) void deliver(forChat(`n-${round}-${chat}`, `chat-${chat}`));
      await clock.advance(10);
    }
    await clock.runUntilIdle();
    expect(outcomes.size).toBe(24);
    expect([...outcomes.values()].every((o) => o === 'delivered')).toBe(true);
    expect(adapter.violations).toBe(0);
    expect(adapter.sent.length).toBeGreaterThanOrEqual(8);
  });

  it('should coalesce what waits for one chat into one message, within the size limit, the rest in the next', async () => {
    const { clock, adapter, outcomes, deliver } = setUp({ ...LIMITS, maxMessageChars: 200 });
    for (let i = 0; i < 6; i++) void deliver(forChat(`n-${i}`, 'kim'));
    await clock.runUntilIdle();
    expect(outcomes.size).toBe(6);
    expect(adapter.violations).toBe(0);
    expect(adapter.sent.length).toBeGreaterThanOrEqual(2);
    expect(adapter.sent.length).toBeLessThan(6);
    for (const s of adapter.sent) expect(replyToLines(s.reply).join('\n').length).toBeLessThanOrEqual(200);
    expect(adapter.sent[0]!.reply.title).toMatch(/^알림 \d건$/);
    expect(replyToLines(adapter.sent[0]!.reply)[1]).toBe('[페이퍼] 주문 접수됨');
    const parts = adapter.sent.map((s) => (s.reply.title?.startsWith('알림') ? Number(/\d+/.exec(s.reply.title)![0]) : 1));
    expect(parts.reduce((x, y) => x + y, 0)).toBe(6);
  });

  it('should send a coalesced message silently only if every part is silent', async () => {
    const { clock, adapter, deliver } = setUp();
    void deliver(forChat('a-1', 'kim', { silent: true }));
    await clock.advance(0);
    void deliver(forChat('a-2', 'kim', { silent: true }));
    void deliver(forChat('a-3', 'kim', { silent: true }));
    await clock.advance(1_000);
    void deliver(forChat('b-1', 'kim', { silent: true }));
    void deliver(forChat('b-2', 'kim', { silent: false }));
    await clock.runUntilIdle();
    expect(adapter.sent.map((s) => s.delivery.silent)).toEqual([true, true, false]);
  });

  it('should confirm a notification only after the adapter accepted it', async () => {
    const { clock, adapter, outcomes, deliver } = setUp();
    adapter.fail = () => 'hang';
    void deliver(forChat('n-1', 'kim'));
    await clock.runUntilIdle();
    expect(adapter.attempts).toBe(1);
    expect(outcomes.has('n-1')).toBe(false);
  });

  it('BOT-11: should wait the platform\'s retry-after, then send again and confirm', async () => {
    const { clock, adapter, outcomes, deliver } = setUp();
    adapter.fail = (attempt) => (attempt === 1 ? new PlatformSendError('429', { retryAfterMs: 7_000, status: 429 }) : null);
    void deliver(forChat('n-1', 'kim'));
    await clock.advance(6_999);
    expect(adapter.attempts).toBe(1);
    expect(outcomes.has('n-1')).toBe(false);
    await clock.advance(1);
    expect(adapter.attempts).toBe(2);
    expect(outcomes.get('n-1')).toBe('delivered');
    expect(adapter.sent.at(-1)!.atMs - adapter.sent[0]!.atMs).toBe(7_000);
  });

  it('BOT-11: should keep retrying a failing platform until it accepts, logging once per burst', async () => {
    const { clock, adapter, outcomes, deliver, logs } = setUp(LIMITS, { backoff: { initialMs: 100, maxMs: 800 } });
    adapter.fail = (attempt) => (attempt <= 6 ? new PlatformSendError('502', { status: 502 }) : null);
    void deliver(forChat('n-1', 'kim'));
    await clock.runUntilIdle();
    expect(adapter.attempts).toBe(7);
    expect(adapter.violations).toBe(0);
    expect(outcomes.get('n-1')).toBe('delivered');
    expect(logs().filter((l) => l.msg === 'notification sends failing; retrying with backoff')).toHaveLength(1);
    expect(logs().filter((l) => l.msg === 'notification sends recovered')).toHaveLength(1);
  });

  it('BOT-11: should back off exponentially up to the cap', async () => {
    const { clock, adapter, deliver } = setUp({ ...LIMITS, perChatIntervalMs: 0, globalPerSecond: 100 }, { backoff: { initialMs: 100, maxMs: 400 } });
    adapter.fail = (attempt) => (attempt <= 5 ? new Error('socket hang up') : null);
    void deliver(forChat('n-1', 'kim'));
    await clock.runUntilIdle();
    const times = adapter.sent.map((s) => s.atMs);
    expect(times.slice(1).map((t, i) => t - times[i]!)).toEqual([100, 200, 400, 400, 400]);
  });

  it('should confirm a permanently refused notification as handled and not retry it', async () => {
    const { clock, adapter, outcomes, deliver, logs } = setUp();
    adapter.fail = () => new PlatformSendError('bot was blocked by the user', { permanent: true, status: 403 });
    void deliver(forChat('n-1', 'kim'));
    await clock.runUntilIdle();
    expect(adapter.attempts).toBe(1);
    expect(outcomes.get('n-1')).toBe('delivered');
    expect(logs().filter((l) => l.msg.includes('refused for good'))).toHaveLength(1);
  });

  it('should not let one stuck chat hold up another', async () => {
    const { clock, adapter, outcomes, deliver } = setUp();
    adapter.fail = (attempt) => (attempt === 1 ? 'hang' : null);
    void deliver(forChat('stuck', 'kim'));
    void deliver(forChat('free', 'lee'));
    await clock.runUntilIdle();
    expect(outcomes.get('free')).toBe('delivered');
    expect(outcomes.has('stuck')).toBe(false);
  });

  it('should refuse beyond its bounds and after stop, leaving those for core to resend', async () => {
    const clock = new ManualClock();
    const adapter = new StrictFakeAdapter('telegram', LIMITS, clock);
    adapter.fail = () => 'hang';
    const outbox = new PlatformOutbox({ adapter, render: renderNotification, clock, queuedPerChatMax: 1, chatsMax: 2 });
    const take = (n: Notification) => outbox.deliver(n).then(() => 'delivered', (e: unknown) => (e instanceof OutboxRefusedError ? 'refused' : 'other'));
    const inFlight = take(forChat('a', 'kim'));
    await clock.advance(0);
    const waiting = take(forChat('b', 'kim'));
    await expect(take(forChat('c', 'kim'))).resolves.toBe('refused');
    const otherChat = take(forChat('d', 'lee'));
    await expect(take(forChat('e', 'park'))).resolves.toBe('refused');
    const stopping = outbox.stop(1_000);
    await clock.advance(1_000);
    await stopping;
    await expect(take(forChat('f', 'kim'))).resolves.toBe('refused');
    await expect(waiting).resolves.toBe('refused');
    expect(await Promise.race([inFlight, otherChat, new Promise((r) => setImmediate(() => r('pending')))])).toBe('pending');
  });

  it('should refuse a notification for another platform', async () => {
    const { outbox } = setUp();
    await expect(outbox.deliver(forChat('x', 'kim', { target: { platform: 'discord', platformUserId: '1', chatId: '1' } }))).rejects.toThrow('another platform');
  });
});

describe('coalesceReplies', () => {
  it('should keep one reply as it is and mark the tone by the worst part', () => {
    const filled = renderNotification(notification({ kind: 'order_filled', fill: fill() }));
    const rejected = renderNotification(notification({ kind: 'order_rejected', order: order({ state: 'rejected' }) }));
    expect(coalesceReplies('ko', [filled])).toBe(filled);
    const both = coalesceReplies('en', [filled, rejected]);
    expect(both.tone).toBe('error');
    expect(both.title).toBe('2 notifications');
    expect(both.text.split('\n\n')).toHaveLength(2);
  });
});

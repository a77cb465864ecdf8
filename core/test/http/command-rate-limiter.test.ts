import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/manual-clock.js';
import { CommandRateLimiter } from '../../src/http/command-rate-limiter.js';

const START_MS = Date.parse('2026-11-23T01:00:00Z');

function takeMany(limiter: CommandRateLimiter, userId: string, limit: number, count: number): number {
  let admitted = 0;
  for (let i = 0; i < count; i++) if (limiter.take(userId, limit).admitted) admitted += 1;
  return admitted;
}

describe('BOT-13 command rate limiter', () => {
  it('admits the limit within a minute and refuses the next, saying when one more fits', () => {
    const clock = new ManualClock(START_MS);
    const limiter = new CommandRateLimiter(clock);
    expect(takeMany(limiter, 'u1', 3, 3)).toBe(3);
    clock.advance(10_000);
    expect(limiter.take('u1', 3)).toEqual({ admitted: false, retryAfterMs: 50_000 });
  });

  it('slides: a command is forgotten exactly a minute after it ran, not 1 ms before', () => {
    const clock = new ManualClock(START_MS);
    const limiter = new CommandRateLimiter(clock);
    takeMany(limiter, 'u1', 2, 1);
    clock.advance(30_000);
    takeMany(limiter, 'u1', 2, 1);
    clock.advance(29_999);
    expect(limiter.take('u1', 2)).toEqual({ admitted: false, retryAfterMs: 1 });
    clock.advance(1);
    expect(limiter.take('u1', 2).admitted).toBe(true);
    expect(limiter.take('u1', 2)).toEqual({ admitted: false, retryAfterMs: 30_000 });
  });

  it('does not count refused commands, so a user who waits gets back in', () => {
    const clock = new ManualClock(START_MS);
    const limiter = new CommandRateLimiter(clock);
    takeMany(limiter, 'u1', 1, 1);
    for (let i = 0; i < 59; i++) {
      clock.advance(1_000);
      expect(limiter.take('u1', 1).admitted).toBe(false);
    }
    clock.advance(1_000);
    expect(limiter.take('u1', 1).admitted).toBe(true);
  });

  it('limits each user separately', () => {
    const limiter = new CommandRateLimiter(new ManualClock(START_MS));
    expect(takeMany(limiter, 'busy', 5, 20)).toBe(5);
    expect(takeMany(limiter, 'quiet', 5, 5)).toBe(5);
  });

  it('applies a lowered limit at once (a tier change down)', () => {
    const clock = new ManualClock(START_MS);
    const limiter = new CommandRateLimiter(clock);
    for (let i = 0; i < 6; i++) {
      limiter.take('u1', 60);
      clock.advance(1_000);
    }
    // Six in the last minute, ran at 0..5 s; under a limit of 2 the 5th must expire first (at 64 s).
    expect(limiter.take('u1', 2)).toEqual({ admitted: false, retryAfterMs: 58_000 });
  });

  it('forgets users idle for a minute, so memory stays bounded', () => {
    const clock = new ManualClock(START_MS);
    const limiter = new CommandRateLimiter(clock);
    for (let i = 0; i < 100; i++) limiter.take(`user-${i}`, 10);
    expect(limiter.trackedUsers).toBe(100);
    clock.advance(60_000);
    limiter.take('user-0', 10);
    expect(limiter.trackedUsers).toBe(1);
  });
});

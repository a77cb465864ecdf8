import { describe, expect, it } from 'vitest';
import { deferralVerdict, formatTable, latencyStats, parseBenchArgs, percentile, type LatencyRow } from '../../bench/latency-stats.js';

/** The benchmark's pure helpers; the timed run itself is `npm run bench:bot`. */
describe('bot latency benchmark helpers', () => {
  it('should take nearest-rank percentiles: always a measured value', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    // 10 samples: p99 is the largest (rank ceil(9.9) = 10), p50 the 5th.
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(() => percentile([], 50)).toThrow();
    expect(() => percentile([1], 101)).toThrow();
  });

  it('should summarize unsorted samples into n, mean, p50, p99 and max', () => {
    expect(latencyStats([30, 10, 20, 40])).toEqual({ n: 4, meanMs: 25, p50Ms: 20, p99Ms: 40, maxMs: 40 });
  });

  it('should print one markdown row per platform and command, with a dash where Telegram has no deferral', () => {
    const stats = (v: number) => latencyStats([v]);
    const rows: LatencyRow[] = [
      { platform: 'telegram', command: 'me', reply: stats(12.34) },
      { platform: 'discord', command: 'price 005930', reply: stats(9), defer: stats(1.25) },
    ];
    expect(formatTable(rows).split('\n')).toEqual([
      '| platform | command | n | mean ms | p50 ms | p99 ms | max ms | defer p50 ms | defer p99 ms | defer max ms |',
      '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      '| telegram | me | 1 | 12.3 | 12.3 | 12.3 | 12.3 | - | - | - |',
      '| discord | price 005930 | 1 | 9.0 | 9.0 | 9.0 | 9.0 | 1.3 | 1.3 | 1.3 |',
    ]);
  });

  it('should judge the slowest Discord deferral against Discord\'s 3 s', () => {
    const row = (deferMs: number): LatencyRow => ({ platform: 'discord', command: 'me', reply: latencyStats([1]), defer: latencyStats([deferMs]) });
    expect(deferralVerdict([row(2.5)])).toBe("Discord deferral: slowest 2.5 ms of Discord's 3000 ms: OK");
    expect(deferralVerdict([row(2.5), row(3_200)])).toMatch(/slowest 3200\.0 ms .*TOO SLOW$/);
    expect(deferralVerdict([])).toBe('Discord deferral: not measured');
  });

  it('should parse the arguments with their defaults and refuse nonsense', () => {
    expect(parseBenchArgs([])).toEqual({ n: 200, warmup: 5, pauseMs: 50, out: 'bench-results/bot-latency.json' });
    expect(parseBenchArgs(['--n', '100', '--warmup', '0', '--pause-ms', '10', '--out', 'x.json'])).toEqual({ n: 100, warmup: 0, pauseMs: 10, out: 'x.json' });
    expect(() => parseBenchArgs(['--n', '0'])).toThrow(/--n/);
    expect(() => parseBenchArgs(['--pause-ms', '1.5'])).toThrow(/--pause-ms/);
  });
});

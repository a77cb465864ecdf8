import { parseArgs } from 'node:util';

/** Summary of one series of latencies, in milliseconds. */
export interface LatencyStats {
  n: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** One line of the table: a platform and command, its reply latency and (Discord) its deferral latency. */
export interface LatencyRow {
  platform: 'telegram' | 'discord';
  command: string;
  reply: LatencyStats;
  defer?: LatencyStats;
}

/** Nearest-rank percentile (p in 0..100) of ascending `sorted`: a value that was actually measured. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  if (p < 0 || p > 100) throw new Error(`percentile out of range: ${p}`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** n, mean, p50, p99 and max of `samplesMs` (any order). */
export function latencyStats(samplesMs: readonly number[]): LatencyStats {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const sum = sorted.reduce((acc, v) => acc + v, 0);
  return { n: sorted.length, meanMs: sum / sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1)! };
}

const ms = (v: number) => v.toFixed(1);

/** The rows as a markdown table; Telegram has no deferral, so its defer columns read `-`. */
export function formatTable(rows: readonly LatencyRow[]): string {
  const lines = [
    '| platform | command | n | mean ms | p50 ms | p99 ms | max ms | defer p50 ms | defer p99 ms | defer max ms |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const d = r.defer ? [ms(r.defer.p50Ms), ms(r.defer.p99Ms), ms(r.defer.maxMs)] : ['-', '-', '-'];
      return `| ${r.platform} | ${r.command} | ${r.reply.n} | ${ms(r.reply.meanMs)} | ${ms(r.reply.p50Ms)} | ${ms(r.reply.p99Ms)} | ${ms(r.reply.maxMs)} | ${d.join(' | ')} |`;
    }),
  ];
  return lines.join('\n');
}

/** Discord drops an interaction not answered (here: deferred) within 3 s. */
export const DISCORD_DEFER_LIMIT_MS = 3_000;

/** Whether every Discord deferral came within Discord's 3 s, with the slowest one. */
export function deferralVerdict(rows: readonly LatencyRow[]): string {
  const maxes = rows.flatMap((r) => (r.defer ? [r.defer.maxMs] : []));
  if (maxes.length === 0) return 'Discord deferral: not measured';
  const slowest = Math.max(...maxes);
  return `Discord deferral: slowest ${ms(slowest)} ms of Discord's ${DISCORD_DEFER_LIMIT_MS} ms: ${slowest < DISCORD_DEFER_LIMIT_MS ? 'OK' : 'TOO SLOW'}`;
}

export interface BenchArgs {
  /** Timed commands per platform and command. */
  n: number;
  /** Untimed commands per platform and command before the timed ones. */
  warmup: number;
  /** Pause between one reply and the next command. */
  pauseMs: number;
  out: string;
}

function nonNegativeInt(name: string, raw: string, min = 0): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${raw}`);
  return value;
}

/** `--n 200 --warmup 5 --pause-ms 50 --out bench-results/bot-latency.json` (the defaults). */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      n: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '5' },
      'pause-ms': { type: 'string', default: '50' },
      out: { type: 'string', default: 'bench-results/bot-latency.json' },
    },
  });
  return {
    n: nonNegativeInt('n', values.n, 1),
    warmup: nonNegativeInt('warmup', values.warmup),
    pauseMs: nonNegativeInt('pause-ms', values['pause-ms']),
    out: values.out,
  };
}

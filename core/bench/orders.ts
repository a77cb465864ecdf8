import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { defaultOrdersBenchParams, formatReport, runOrdersBench } from './orders-report.js';

/**
 * `npm run bench:orders [-- --seed N] [--slots N] [--switch-ms MS] [--out FILE]`: the order-scheduling
 * benchmark (the setting is one slot and a 3 s switch; the options show what a second slot or
 * a faster switch buys against the same arrivals). Prints a
 * markdown table and the goal verdicts; writes the same data as JSON (default
 * bench-results/orders.json). Not a timed test: the results are in simulated time.
 */
export function main(argv: readonly string[]): void {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seed: { type: 'string', default: '1' },
      slots: { type: 'string', default: '1' },
      'switch-ms': { type: 'string', default: '3000' },
      out: { type: 'string', default: 'bench-results/orders.json' },
    },
  });
  const seed = wholeNumber('--seed', values.seed, 0);
  const params = defaultOrdersBenchParams(seed);
  params.connection = { ...params.connection, slotCount: wholeNumber('--slots', values.slots, 1), switchCostMs: wholeNumber('--switch-ms', values['switch-ms'], 0) };
  const report = runOrdersBench(params, () => performance.now());
  process.stdout.write(`${formatReport(report)}\n\n`);
  const outPath = resolve(values.out);
  mkdirSync(dirname(outPath), { recursive: true });
  // Infinity is not JSON: an unreachable bound is written as null.
  writeFileSync(outPath, `${JSON.stringify(report, (_key, v: unknown) => (v === Infinity ? null : v), 2)}\n`);
  process.stdout.write(`JSON: ${outPath} (seed ${seed}, ${(report.runtimeMs / 1000).toFixed(1)} s)\n`);
}

function wholeNumber(flag: string, raw: string | undefined, min: number): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${flag} must be a whole number ≥ ${min}, got ${raw}`);
  return value;
}

main(process.argv.slice(2));

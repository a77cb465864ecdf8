import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { defaultOrdersBenchParams, formatReport, runOrdersBench } from './orders-report.js';

/**
 * `npm run bench:orders [-- --seed N] [-- --out FILE]`: the order-scheduling benchmark. Prints a
 * markdown table and the goal verdicts; writes the same data as JSON (default
 * bench-results/orders.json). Not a timed test: the results are in simulated time.
 */
export function main(argv: readonly string[]): void {
  const { values } = parseArgs({
    args: [...argv],
    options: { seed: { type: 'string', default: '1' }, out: { type: 'string', default: 'bench-results/orders.json' } },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const report = runOrdersBench(defaultOrdersBenchParams(seed), () => performance.now());
  process.stdout.write(`${formatReport(report)}\n\n`);
  const outPath = resolve(values.out);
  mkdirSync(dirname(outPath), { recursive: true });
  // Infinity is not JSON: an unreachable bound is written as null.
  writeFileSync(outPath, `${JSON.stringify(report, (_key, v: unknown) => (v === Infinity ? null : v), 2)}\n`);
  process.stdout.write(`JSON: ${outPath} (seed ${seed}, ${(report.runtimeMs / 1000).toFixed(1)} s)\n`);
}

main(process.argv.slice(2));

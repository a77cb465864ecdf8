import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { SymbolMaster } from '../src/market/symbol-master.js';
import { defaultMarketBenchParams, formatMarketReport, runMarketBench } from './market-report.js';

/**
 * `npm run bench:market [-- --seed N] [-- --out FILE]`: ticks through core's market feed (quote
 * cache, 1-minute bars, the alert book and the strategy engine) with 100 symbols, 10,000 alerts and
 * 50 strategies over 10 simulated minutes. Prints a markdown table and the goal verdicts; writes the
 * same data as JSON (default bench-results/market.json).
 */
export function main(argv: readonly string[]): void {
  const { values } = parseArgs({
    args: [...argv],
    options: { seed: { type: 'string', default: '1' }, out: { type: 'string', default: 'bench-results/market.json' } },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const report = runMarketBench(defaultMarketBenchParams(seed), SymbolMaster.fromCsvFile(), () => performance.now());
  process.stdout.write(`${formatMarketReport(report)}\n\n`);
  const outPath = resolve(values.out);
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`JSON: ${outPath} (seed ${seed}, ${(report.runtimeMs / 1000).toFixed(1)} s)\n`);
}

main(process.argv.slice(2));

import { parseArgs } from 'node:util';
import { runSimulation } from './simulation.js';

/**
 * `npm run sim -- --seed N --days D [--day-minutes M] [--rate R] [--unlimited] [--calm] [--no-client-ids]`: one seeded
 * simulated run; exits 1 on any violated invariant, printing the seed to reproduce it.
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    days: { type: 'string', default: '1' },
    'day-minutes': { type: 'string', default: '390' },
    rate: { type: 'string', default: '0.3' },
    unlimited: { type: 'boolean', default: false },
    calm: { type: 'boolean', default: false },
    'no-client-ids': { type: 'boolean', default: false },
  },
});
const seed = Number(values.seed);
const result = await runSimulation(seed, {
  days: Number(values.days),
  dayMinutes: Number(values['day-minutes']),
  ordersPerMinutePerUser: Number(values.rate),
  sessionMode: values.unlimited ? 'unlimited' : 'single',
  clientOrderIds: !values['no-client-ids'],
  ...(values.calm ? { faults: false, crashEveryMinutes: 0, disconnectEveryMinutes: 0 } : {}),
});
console.log(JSON.stringify(result.stats));
console.log(`trace ${result.traceHash}`);
for (const v of result.violations) console.log(`VIOLATION ${v}`);
for (const l of result.liveness) console.log(`LIVENESS ${l}`);
if (result.violations.length > 0 || result.liveness.length > 0) {
  const flags = `${values.unlimited ? ' --unlimited' : ''}${values.calm ? ' --calm' : ''}${values['no-client-ids'] ? ' --no-client-ids' : ''}`;
  console.log(`FAILED with seed ${seed}: npm run sim -- --seed ${seed} --days ${values.days} --day-minutes ${values['day-minutes']} --rate ${values.rate}${flags}`);
  process.exitCode = 1;
} else {
  console.log(`ok: seed ${seed}, ${result.stats.orders} orders, ${result.stats.fills} fills, ${result.stats.crashes} crashes, ${result.stats.disconnects} disconnects, ${result.stats.realMs} ms`);
}

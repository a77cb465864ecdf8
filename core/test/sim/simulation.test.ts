import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../sim/simulation.js';

/** Short stormy days keep CI within budget; `npm run sim -- --seed N --days D` runs full ones. */
const SHORT_DAY = { dayMinutes: 8, ordersPerMinutePerUser: 0.6, crashEveryMinutes: 3, disconnectEveryMinutes: 5, checkEveryMs: 15_000 };

describe('deterministic simulation of core against the paper broker (single session, faults, crashes)', () => {
  it.each([101, 102])('SIM-4/SIM-5/SIM-6: seed %i keeps every invariant and ends with every order final', async (seed) => {
    const result = await runSimulation(seed, SHORT_DAY);
    const report = `seed ${seed} (reproduce: npm run sim -- --seed ${seed} --day-minutes 8 --rate 0.6): ${JSON.stringify({ violations: result.violations, liveness: result.liveness, stats: result.stats })}`;
    expect(result.violations, report).toEqual([]);
    expect(result.liveness, report).toEqual([]);
    expect(result.stats.orders, report).toBeGreaterThan(20);
    expect(result.stats.fills, report).toBeGreaterThan(0);
  }, 180_000);

  it.each([104])('IDEM-11/12 under the same storm on a broker without client order ids (like KIS, Kiwoom): seed %i', async (seed) => {
    const result = await runSimulation(seed, { ...SHORT_DAY, clientOrderIds: false });
    const report = `seed ${seed} (reproduce: npm run sim -- --seed ${seed} --day-minutes 8 --rate 0.6 --no-client-ids): ${JSON.stringify({ violations: result.violations, liveness: result.liveness, stats: result.stats })}`;
    expect(result.violations, report).toEqual([]);
    expect(result.liveness, report).toEqual([]);
    expect(result.stats.orders, report).toBeGreaterThan(20);
  }, 180_000);

  it('SIM-2: the same seed gives the same final state, and another seed a different one', async () => {
    const short = { ...SHORT_DAY, dayMinutes: 2 };
    const [a, b, c] = [await runSimulation(7, short), await runSimulation(7, short), await runSimulation(8, short)];
    expect(b.traceHash).toBe(a.traceHash);
    expect(c.traceHash).not.toBe(a.traceHash);
  }, 180_000);
});

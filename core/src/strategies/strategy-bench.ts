import type { StrategySpec } from '@tradedesk/contracts';
import { StrategyEngine, type EngineHooks, type LiveStrategy } from './strategy-engine.js';
import { initialKindState } from './strategy-kinds.js';

/**
 * `count` strategies spread over `symbols`, every kind in turn, with levels around `priceKrw`: the
 * load `npm run bench:market` runs (50 strategies over 100 symbols). Deterministic: the i-th
 * strategy is always the same, so runs compare.
 */
export function benchStrategySpecs(symbols: readonly string[], count: number, priceKrw = 70_000): StrategySpec[] {
  return Array.from({ length: count }, (_, i): StrategySpec => {
    const symbol = symbols[i % symbols.length]!;
    switch (i % 5) {
      case 0: return { kind: 'price_band', symbol, size: { qtyShares: 1 }, params: { buyAtOrBelowKrw: Math.round(priceKrw * 0.99), sellAtOrAboveKrw: Math.round(priceKrw * 1.01) } };
      case 1: return { kind: 'ma_cross', symbol, size: { amountKrw: 1_000_000 }, params: { shortPeriod: 5, longPeriod: 20 } };
      case 2: return { kind: 'rsi', symbol, size: { qtyShares: 1 }, params: { period: 14, buyBelow: 30, sellAbove: 70 } };
      case 3: return { kind: 'trailing_stop', symbol, size: { qtyShares: 1 }, params: { trailBps: 200 } };
      default: return { kind: 'dca', symbol, size: { amountKrw: 100_000 }, params: { schedule: { every: 'minutes', minutes: 5 } } };
    }
  });
}

/**
 * An engine loaded with `specs` and the caller's hooks, for measuring decisions alone (no I/O).
 * To measure through persistence and admission, insert the specs as rows and run StrategyRunner.
 */
export function benchEngine(specs: readonly StrategySpec[], hooks: EngineHooks, owner = { userId: 'bench', accountId: 'bench' }): StrategyEngine {
  const engine = new StrategyEngine(hooks);
  specs.forEach((spec, i) => {
    const strategy: LiveStrategy = { id: `bench-${i}`, ...owner, spec, seq: 0, state: initialKindState(spec.kind) };
    engine.add(strategy);
  });
  return engine;
}

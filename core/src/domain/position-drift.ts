/** One symbol whose quantity differs between core and the broker. Whole shares. */
export interface SymbolDrift {
  symbol: string;
  localQtyShares: number;
  brokerQtyShares: number;
}

/**
 * What to do about an account whose positions differ from the broker's (RECON-8):
 * - `none`: every symbol agrees;
 * - `adjust`: every difference is small: take the broker's quantities;
 * - `pause`: at least one difference is large: change nothing and get a human.
 */
export type DriftVerdict =
  | { action: 'none' }
  | { action: 'adjust'; drifts: SymbolDrift[] }
  | { action: 'pause'; drifts: SymbolDrift[] };

/**
 * Compares core's quantities with the broker's, symbol by symbol over the symbols on either side (a
 * symbol missing on one side counts as 0 there). The drift of a symbol is
 * |broker - local| / max(|broker|, |local|); it is small when at most `adjustMaxPct` percent
 * (inclusive), so with the default 2: 100 vs 101 shares (1 %) is small, 100 vs 110 (9.1 %) large,
 * and any symbol held on one side only (100 %) large. `drifts` lists every differing symbol, by code.
 *
 * @example driftVerdict(new Map([['005930', 100]]), new Map([['005930', 101]]), 2)
 *   // { action: 'adjust', drifts: [{ symbol: '005930', localQtyShares: 100, brokerQtyShares: 101 }] }
 */
export function driftVerdict(local: ReadonlyMap<string, number>, broker: ReadonlyMap<string, number>, adjustMaxPct: number): DriftVerdict {
  const symbols = [...new Set([...local.keys(), ...broker.keys()])].sort();
  const drifts: SymbolDrift[] = [];
  let large = false;
  for (const symbol of symbols) {
    const localQtyShares = local.get(symbol) ?? 0;
    const brokerQtyShares = broker.get(symbol) ?? 0;
    if (localQtyShares === brokerQtyShares) continue;
    drifts.push({ symbol, localQtyShares, brokerQtyShares });
    const larger = Math.max(Math.abs(localQtyShares), Math.abs(brokerQtyShares));
    // Multiplied out instead of divided, so whole-share inputs compare exactly at the boundary.
    if (Math.abs(brokerQtyShares - localQtyShares) * 100 > adjustMaxPct * larger) large = true;
  }
  if (drifts.length === 0) return { action: 'none' };
  return { action: large ? 'pause' : 'adjust', drifts };
}

/** Wait statistics of the orders that were sent; null fields when there were none. */
export interface WaitStats {
  count: number;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** Nearest-rank percentile (p in 0..100) of ascending `sortedMs`; null for an empty list. */
export function percentile(sortedMs: readonly number[], p: number): number | null {
  if (sortedMs.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sortedMs.length));
  return sortedMs[rank - 1]!;
}

/** p50, p99 and max of `waitsMs` (any order). */
export function waitStats(waitsMs: readonly number[]): WaitStats {
  const sorted = [...waitsMs].sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted.at(-1) ?? null };
}

/** "Not found" this many times in a row makes an accepted order `lost` (user and operator told). */
export const NOT_FOUND_LIMIT = 3;

/**
 * How far the broker's clock may be from ours when core compares an order's placement time with its
 * own send time (IDEM-11).
 */
export const BROKER_CLOCK_SKEW_MS = 2_000;

/** How long a submit may still be waiting for its answer: twice the bridge request timeout. */
export function submitInFlightWindowMs(deps: { config: { BRIDGE_REQUEST_TIMEOUT_MS: number } }): number {
  return 2 * deps.config.BRIDGE_REQUEST_TIMEOUT_MS;
}

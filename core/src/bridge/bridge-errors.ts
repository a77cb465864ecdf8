import type { BridgeError } from '@tradedesk/contracts';

/** The bridge answered a request with a classified broker error. */
export class BridgeRequestError extends Error {
  override name = 'BridgeRequestError';
  constructor(readonly error: BridgeError) {
    super(`${error.code}: ${error.reason}`);
  }
}

/**
 * No answer: the request timed out, or the connection dropped, after it may have reached the broker.
 * For an order this is "outcome unknown", never "failed".
 */
export class BridgeNoAnswerError extends Error {
  override name = 'BridgeNoAnswerError';
}

/**
 * The bridge answered, but not with a valid result (a protocol error: a bridge bug, or a frame
 * damaged on the way). Nothing in it can be trusted, so it counts as no answer: for an order,
 * "outcome unknown".
 */
export class BridgeBadAnswerError extends BridgeNoAnswerError {
  override name = 'BridgeBadAnswerError';
}

/** Not connected (or not ready): the request was not sent, so it is safe to try again later. */
export class BridgeNotConnectedError extends Error {
  override name = 'BridgeNotConnectedError';
}

/** What a failed answer without an `error` means: the request may have taken effect. */
export const NO_ERROR_GIVEN: BridgeError = { code: 'OUTCOME_UNKNOWN', reason: 'NO_ERROR_GIVEN' };

/**
 * Whether a failed request means the broker cannot be asked right now (not connected, no answer or
 * no valid one, busy, outcome unknown) rather than a definite answer. A read that fails this way
 * is answered from a cache or as BROKER_UNAVAILABLE, never as the user's mistake.
 */
export function isBrokerUnavailable(error: unknown): boolean {
  if (error instanceof BridgeNotConnectedError || error instanceof BridgeNoAnswerError) return true;
  return error instanceof BridgeRequestError && (error.error.code === 'RETRYABLE' || error.error.code === 'OUTCOME_UNKNOWN');
}

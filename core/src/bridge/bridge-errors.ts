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

/** Not connected (or not ready): the request was not sent, so it is safe to try again later. */
export class BridgeNotConnectedError extends Error {
  override name = 'BridgeNotConnectedError';
}

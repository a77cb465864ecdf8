import { BRIDGE_REQUESTS, type BridgeRequestResult, type BridgeRequestType } from '@tradedesk/contracts';
import { BridgeBadAnswerError } from './bridge-errors.js';

/**
 * Parses a successful answer with its request's result schema. An answer that does not match (an
 * empty body, a bridge of another version) throws BridgeBadAnswerError, never a ZodError, which
 * core would take for bad input from the user.
 */
export function parseBridgeResult<T extends BridgeRequestType>(type: T, result: unknown): BridgeRequestResult<T> {
  const parsed = BRIDGE_REQUESTS[type].result.safeParse(result);
  if (parsed.success) return parsed.data as BridgeRequestResult<T>;
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new BridgeBadAnswerError(`invalid ${type} result from the bridge: ${issues}`, { cause: parsed.error });
}

import type { ErrorCode, ErrorParams } from '@tradedesk/contracts';

/**
 * An error a person may see. core sends only the code and its params; the bot renders them in the
 * user's language. Anything that is not an AppError is answered as INTERNAL with an error id.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    options?: { cause?: unknown },
  ) {
    super(code, options);
  }
}

/** A broken invariant: a bug. Logged with everything needed to find it; never shown to a user. */
export class InvariantError extends Error {
  override name = 'InvariantError';
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}

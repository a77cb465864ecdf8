import { GrammyError, HttpError } from 'grammy';
import { PlatformSendError } from '../platform-adapter.js';

/**
 * A failed Bot API send as the outbox understands it (RELIABILITY BOT-11): a 429 left after the
 * retries carries when to come back; 403 (blocked, or the person never pressed Start) and 400 "chat
 * not found" are permanent; 5xx and network failures are retried later by the outbox. Any other 400
 * is permanent too: sending the same request again cannot succeed. A 401 (the bot's token was
 * revoked) is not: every send fails until an operator fixes it, and the notifications must wait.
 */
export function toPlatformSendError(err: unknown): PlatformSendError {
  if (err instanceof PlatformSendError) return err;
  if (err instanceof GrammyError) {
    const status = err.error_code;
    const message = `telegram ${err.method} failed: ${status} ${err.description}`;
    if (status === 429) {
      const retryAfterSec = err.parameters.retry_after ?? 1;
      return new PlatformSendError(message, { status, retryAfterMs: retryAfterSec * 1000 });
    }
    if (status === 400 || status === 403) return new PlatformSendError(message, { status, permanent: true });
    return new PlatformSendError(message, { status });
  }
  if (err instanceof HttpError) return new PlatformSendError(`telegram request failed: ${err.message}`);
  return new PlatformSendError(err instanceof Error ? err.message : 'telegram send failed');
}

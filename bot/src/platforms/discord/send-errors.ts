import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { PlatformSendError } from '../platform-adapter.js';

/** Discord error codes that no retry can fix: the person cannot be reached (CHAT-PLATFORMS.md A6). */
export const UNREACHABLE_USER_CODES: ReadonlySet<number> = new Set([
  50007, // Cannot send messages to this user (DMs off, blocked, no shared server)
  10013, // Unknown user
  10003, // Unknown channel
]);

/**
 * A failed send as {@link PlatformSendError}: unreachable user or another refusal of the message
 * itself (4xx) → permanent; a 429 left after @discordjs/rest's own waiting → retryAfterMs; 5xx,
 * timeouts and network errors → retry later. A 401 (our token) is not the message's fault, so it is
 * retried rather than dropped. Messages name the code only: errors carry URLs with tokens.
 */
export function toPlatformSendError(err: unknown): PlatformSendError {
  if (err instanceof PlatformSendError) return err;
  if (err instanceof RateLimitError) {
    return new PlatformSendError('discord rate limit', { retryAfterMs: Math.max(0, Math.ceil(err.retryAfter)), status: 429 });
  }
  if (err instanceof DiscordAPIError) {
    const code = Number(err.code);
    const permanent = UNREACHABLE_USER_CODES.has(code) || (err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 429);
    return new PlatformSendError(`discord refused the message (code ${err.code}, status ${err.status})`, { permanent, status: err.status });
  }
  if (err instanceof HTTPError) return new PlatformSendError(`discord answered ${err.status}`, { status: err.status });
  return new PlatformSendError(`discord unreachable (${err instanceof Error ? err.name : typeof err})`);
}

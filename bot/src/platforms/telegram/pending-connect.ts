/** How long `/connect` alone waits for the credentials message. */
export const CONNECT_PROMPT_TTL_MS = 5 * 60_000;

/**
 * People who typed `/connect` alone in a private chat and owe the credentials in their next message.
 * Keyed by user and chat; an entry expires after {@link CONNECT_PROMPT_TTL_MS} by the injected clock.
 * Bounded: past `capacity` the oldest entry is dropped (that person just types `/connect` again).
 */
export class PendingConnects {
  readonly #expiresAtMs = new Map<string, number>();
  readonly #now: () => number;
  readonly #capacity: number;

  constructor(now: () => number, capacity = 10_000) {
    this.#now = now;
    this.#capacity = capacity;
  }

  /** Starts waiting for `userId`'s credentials in `chatId`. */
  open(userId: string, chatId: string): void {
    const key = `${userId}:${chatId}`;
    this.#expiresAtMs.delete(key);
    this.#expiresAtMs.set(key, this.#now() + CONNECT_PROMPT_TTL_MS);
    if (this.#expiresAtMs.size > this.#capacity) {
      const oldest = this.#expiresAtMs.keys().next().value as string;
      this.#expiresAtMs.delete(oldest);
    }
  }

  /** Whether a prompt was open and unexpired; it is closed either way (one message answers it). */
  take(userId: string, chatId: string): boolean {
    const key = `${userId}:${chatId}`;
    const expiresAtMs = this.#expiresAtMs.get(key);
    this.#expiresAtMs.delete(key);
    return expiresAtMs !== undefined && this.#now() < expiresAtMs;
  }

  /** Whether a prompt is open and unexpired, without closing it. */
  isOpen(userId: string, chatId: string): boolean {
    const expiresAtMs = this.#expiresAtMs.get(`${userId}:${chatId}`);
    return expiresAtMs !== undefined && this.#now() < expiresAtMs;
  }
}

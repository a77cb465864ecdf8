/** Chats remembered at once; older entries are dropped once their gap has passed. */
const CHATS_REMEMBERED_MAX = 10_000;

/**
 * Keeps every message to one chat — command replies and notifications alike — at least `gapMs`
 * apart and in order (Telegram: about one message a second per chat, CHAT-PLATFORMS.md B3). The
 * notification outbox paces only notifications; without this, a fill right after a command's reply
 * would meet a 429.
 */
export class ChatSendGate {
  readonly #lastSendMs = new Map<string, number>();
  readonly #turns = new Map<string, Promise<void>>();

  constructor(
    private readonly gapMs: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Runs `send` for `chatId` after the chat's previous send (and its gap); resolves with its result. */
  run<T>(chatId: string, send: () => Promise<T>): Promise<T> {
    const previous = this.#turns.get(chatId) ?? Promise.resolve();
    const result = previous.then(async () => {
      const waitMs = (this.#lastSendMs.get(chatId) ?? -Infinity) + this.gapMs - this.now();
      if (waitMs > 0) await this.sleep(waitMs);
      try {
        return await send();
      } finally {
        this.#remember(chatId);
      }
    });
    const turn = result.then(() => undefined, () => undefined);
    this.#turns.set(chatId, turn);
    void turn.then(() => { if (this.#turns.get(chatId) === turn) this.#turns.delete(chatId); });
    return result;
  }

  #remember(chatId: string): void {
    this.#lastSendMs.delete(chatId);
    this.#lastSendMs.set(chatId, this.now());
    if (this.#lastSendMs.size <= CHATS_REMEMBERED_MAX) return;
    const staleBeforeMs = this.now() - this.gapMs;
    for (const [id, ms] of this.#lastSendMs) {
      if (ms >= staleBeforeMs) break; // insertion order = send order: the rest are newer
      this.#lastSendMs.delete(id);
    }
  }
}

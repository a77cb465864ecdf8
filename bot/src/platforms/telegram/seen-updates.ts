/**
 * The update ids seen lately, to handle a redelivered update once (RELIABILITY BOT-5): Telegram sends
 * an update again when a webhook answer was slow or a poll's offset was not confirmed. Bounded: the
 * oldest ids are forgotten first; redeliveries come soon after the first delivery.
 */
export class SeenUpdates {
  readonly #ids = new Set<number>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('SeenUpdates: capacity must be a positive integer');
    this.#capacity = capacity;
  }

  /** Records `updateId`; false when it was already seen (drop the update). */
  firstTime(updateId: number): boolean {
    if (this.#ids.has(updateId)) return false;
    this.#ids.add(updateId);
    if (this.#ids.size > this.#capacity) {
      const oldest = this.#ids.values().next().value as number;
      this.#ids.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.#ids.size;
  }
}

/**
 * The interaction ids seen lately, so a redelivered interaction (a gateway resume replays events)
 * is handled once (RELIABILITY BOT-5). Bounded: the oldest id is forgotten past `capacity`; a
 * redelivery that late would find its token expired anyway.
 */
export class RecentInteractions {
  readonly #seen = new Set<string>();

  constructor(readonly capacity = 4_096) {}

  /** True the first time an id is offered, false for a repeat. */
  firstTime(id: string): boolean {
    if (this.#seen.has(id)) return false;
    this.#seen.add(id);
    if (this.#seen.size > this.capacity) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.#seen.size;
  }
}

import { performance } from 'node:perf_hooks';

export interface Seen<T> {
  item: T;
  /** performance.now() when the fake recorded the item. */
  atMs: number;
}

/**
 * Watches a fake's record list (FakeTelegramApi.calls, FakeDiscordRest.requests) by wrapping that
 * array's `push`: the fakes push synchronously as they handle a request, so the time taken here is
 * when the fake got the bot's call, with no polling delay and no timer load on the bot's event loop.
 */
export class ReplyWatch<T> {
  readonly #waiters = new Set<{ match: (item: T) => boolean; resolve: (seen: Seen<T>) => void }>();

  constructor(list: T[]) {
    const push = list.push.bind(list);
    list.push = (...items: T[]) => {
      const atMs = performance.now();
      const length = push(...items);
      for (const item of items) {
        for (const waiter of this.#waiters) {
          if (!waiter.match(item)) continue;
          this.#waiters.delete(waiter);
          waiter.resolve({ item, atMs });
        }
      }
      return length;
    };
  }

  /** The next item matching; register it before causing the item, and it fails after `timeoutMs`. */
  next(match: (item: T) => boolean, what: string, timeoutMs = 10_000): Promise<Seen<T>> {
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (seen: Seen<T>) => { clearTimeout(timer); resolve(seen); },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }
}

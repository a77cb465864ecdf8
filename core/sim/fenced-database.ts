import type { SqlClient, SqlTx } from '../src/db/sql-client.js';

/** Thrown into a crashed core's pending work: from its point of view the process is gone. */
export class CrashedError extends Error {
  override name = 'CrashedError';
}

/**
 * The database as one core instance sees it. `crash()` fences the instance: every later call fails,
 * so work still in flight in the old instance cannot write anything, as if the process had died.
 * `armCrash(n)` crashes at the n-th call from now, i.e. at an arbitrary await in whatever the
 * instance is doing. It also counts calls in flight, so the simulation knows when work has settled.
 */
export class FencedDatabase implements SqlClient {
  private crashed = false;
  private crashAfterCalls: number | null = null;
  inFlight = 0;

  constructor(private readonly db: SqlClient, private readonly onCrash: () => void) {}

  get kind(): SqlClient['kind'] {
    return this.db.kind;
  }

  get isCrashed(): boolean {
    return this.crashed;
  }

  crash(): void {
    if (this.crashed) return;
    this.crashed = true;
    this.onCrash();
  }

  armCrash(afterCalls: number): void {
    this.crashAfterCalls = afterCalls;
  }

  private gate(): void {
    if (this.crashAfterCalls !== null && --this.crashAfterCalls <= 0) this.crash();
    if (this.crashed) throw new CrashedError('core crashed');
  }

  private async tracked<T>(work: () => Promise<T>): Promise<T> {
    this.gate();
    this.inFlight += 1;
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
    }
  }

  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]> {
    return this.tracked(() => this.db.query<R>(text, params));
  }

  exec(script: string): Promise<void> {
    return this.tracked(() => this.db.exec(script));
  }

  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    return this.tracked(() => this.db.transaction((tx) => fn({
      query: (text, params) => { this.gate(); return tx.query(text, params); },
      exec: (script) => { this.gate(); return tx.exec(script); },
    })));
  }

  /** The shared database stays open for the next instance. */
  async close(): Promise<void> {}
}

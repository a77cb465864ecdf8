import { sleep, type Clock } from '../../clock.js';
import { BROKER_REASONS, notFound, rejected, retryable } from '../broker-gateway.js';
import type { PaperFaultInjector } from './paper-faults.js';

/** `unlimited`: every account is always in session. `single`: a few login slots, like Kiwoom OpenAPI+. */
export type PaperSessionMode = 'unlimited' | 'single';

/** How the paper broker handles sessions. */
export interface PaperSessionOptions {
  mode: PaperSessionMode;
  /** `single` only: how many accounts may be in session at once. Default 1. */
  slots?: number;
  /** `single` only: how long a login takes on the injected clock. Default PAPER_SWITCH_COST_MS_DEFAULT. */
  switchCostMs?: number;
}

/** A Kiwoom OpenAPI+ login takes seconds (KIWOOM.md part B). */
export const PAPER_SWITCH_COST_MS_DEFAULT = 3_000;
/** The contract's bound on `sessionsResultSchema.accountRefs`. */
export const PAPER_SESSIONS_LISTED_MAX = 1_000;

interface SessionEntry {
  state: 'opening' | 'open';
  login: Promise<void> | undefined;
}

/**
 * Which accounts are logged in. In `single` mode an account holds a slot from the moment its login
 * starts; the login takes `switchCostMs`; a full house answers REJECTED SLOTS_FULL (core chooses
 * who leaves). Sessions are not persisted: a restart logs everyone out, as a process restart does.
 */
export class PaperSessions {
  readonly slots: number | null;
  readonly switchCostMs: number;
  private readonly entries = new Map<string, SessionEntry>();

  constructor(
    options: PaperSessionOptions,
    private readonly deps: { clock: Clock; faults: PaperFaultInjector; accountRefs: () => Iterable<string>; hasAccount: (accountRef: string) => boolean },
  ) {
    this.slots = options.mode === 'single' ? (options.slots ?? 1) : null;
    this.switchCostMs = options.mode === 'single' ? (options.switchCostMs ?? PAPER_SWITCH_COST_MS_DEFAULT) : 0;
  }

  /** Whether the account is logged in (always, with `slots: null`); a login in progress is not. */
  isInSession(accountRef: string): boolean {
    return this.slots === null || this.entries.get(accountRef)?.state === 'open';
  }

  /** Throws RETRYABLE NOT_IN_SESSION unless the account is in session. */
  assertInSession(accountRef: string): void {
    if (!this.isInSession(accountRef)) throw retryable(BROKER_REASONS.NOT_IN_SESSION, 'open a session for this account first');
  }

  /** The accounts in session (`unlimited`: every known account, up to PAPER_SESSIONS_LISTED_MAX). */
  list(): string[] {
    const refs = this.slots === null
      ? [...this.deps.accountRefs()]
      : [...this.entries].filter(([, e]) => e.state === 'open').map(([ref]) => ref);
    return refs.slice(0, PAPER_SESSIONS_LISTED_MAX);
  }

  /**
   * Logs `accountRef` in and resolves with the accounts in session. Already in session: at once.
   * Login in progress for it: waits for that login. Unknown account: NOT_FOUND UNKNOWN_ACCOUNT.
   * No free slot: REJECTED SLOTS_FULL. Crash injected, or closed while logging in: RETRYABLE
   * SWITCH_FAILED, slot free.
   */
  async open(accountRef: string): Promise<string[]> {
    if (this.slots === null) return this.list();
    const existing = this.entries.get(accountRef);
    if (existing?.login) await existing.login;
    if (existing) return this.list();
    if (!this.deps.hasAccount(accountRef)) throw notFound(BROKER_REASONS.UNKNOWN_ACCOUNT);
    if (this.entries.size >= this.slots) throw rejected(BROKER_REASONS.SLOTS_FULL, `all ${this.slots} session slots are taken`);
    const entry: SessionEntry = { state: 'opening', login: undefined };
    this.entries.set(accountRef, entry);
    entry.login = this.login(accountRef, entry);
    await entry.login;
    return this.list();
  }

  /** Logs `accountRef` out (aborting a login in progress); idempotent. */
  close(accountRef: string): string[] {
    this.entries.delete(accountRef);
    return this.list();
  }

  private async login(accountRef: string, entry: SessionEntry): Promise<void> {
    const crashes = this.deps.faults.crashesSwitch();
    await sleep(this.deps.clock, crashes ? Math.floor(this.switchCostMs / 2) : this.switchCostMs);
    if (this.entries.get(accountRef) !== entry) throw retryable(BROKER_REASONS.SWITCH_FAILED, 'login aborted by close_session');
    if (crashes) {
      this.entries.delete(accountRef);
      throw retryable(BROKER_REASONS.SWITCH_FAILED, 'injected fault: login crashed');
    }
    entry.state = 'open';
    entry.login = undefined;
  }
}

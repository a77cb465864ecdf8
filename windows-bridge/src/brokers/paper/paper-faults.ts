import { BRIDGE_REQUESTS, type BridgeRequestType } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import { z } from 'zod';
import { sleep, type Clock } from '../../clock.js';
import { createSeededRng, type Rng } from '../../rng.js';
import { AnswerWithheld, BrokerError, type AnswerCorruption, type TransportFaults } from '../broker-gateway.js';

const probabilitySchema = z.number().min(0).max(1);
const requestTypeSchema = z.enum(Object.keys(BRIDGE_REQUESTS) as [BridgeRequestType, ...BridgeRequestType[]]);
/** Answers and events are never held longer than this (keeps what is waiting bounded in time). */
export const PAPER_FAULT_DELAY_MS_MAX = 600_000;
/** Seed of the fault generator when `PaperFaults.seed` is not given. */
export const PAPER_FAULT_SEED_DEFAULT = 1;
/**
 * The fault seed derived from the feed's seed when none is given: a different number, so the fault
 * draws are not the feed's draws again.
 */
export function faultSeedFromFeedSeed(feedSeed: number): number {
  return (feedSeed ^ 0x5eedfa17) >>> 0;
}
/** How many injected faults `recentFaults` keeps (oldest dropped first). */
export const PAPER_FAULT_LOG_MAX = 1_000;

/**
 * Faults the paper broker injects, each a probability in 0..1 drawn from a seeded generator that is
 * separate from the feed's (enabling faults does not change prices). All optional; `{}` = none.
 * - `seed`: seeds the fault generator (same seed and same calls = same faults).
 * - `rejectProbability`: a new order or a cancel is refused with REJECTED INJECTED_FAULT (a new
 *   order is recorded as rejected, as any rejection is).
 * - `timeoutBeforeAccept`: a broker call (place, cancel, query, balance, quote) never completes:
 *   nothing happens and the bridge never answers.
 * - `timeoutAfterAccept`: the call completes at the broker (the order IS placed, the cancel done)
 *   but the bridge never answers.
 * - `delayMs` {min,max}: every answer and every batch of events is held for a uniform draw from the
 *   range (on the injected clock) before it is sent.
 * - `duplicateEvents`: an order event or fill is emitted twice (two seqs, same content).
 * - `reorderEvents`: the events of one broker action (e.g. accepted, fill, filled) are shuffled
 *   before they get their seq, so the stream stays gap-free but a fill may precede its accepted.
 * - `dropConnection`: after answering a request the bridge closes core's socket.
 * - `crashDuringSwitch`: an open_session fails halfway (after half the switch cost) with RETRYABLE
 *   SWITCH_FAILED; the slot is left free and the account is not in session.
 * Buggify points (SIM-8), rare paths forced for tests and the simulator:
 * - `truncateAnswer`: the answer frame is sent cut in the middle of its JSON (core cannot read it).
 * - `emptyAnswer`: the answer frame arrives with an empty body: `result: {}`, or no `error`.
 * - `corruptAnswersOf`: the requests whose answers those two may corrupt (default: every request).
 * - `fillBeforeAck`: a new order's fill goes to core before its ack: a fill at placement precedes
 *   the order's accepted event, and the place_order answer is held until the order's first fill
 *   has gone out, and a moment longer (see `paper-fill-before-ack.ts`).
 */
export const paperFaultsSchema = z.object({
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  rejectProbability: probabilitySchema.optional(),
  timeoutBeforeAccept: probabilitySchema.optional(),
  timeoutAfterAccept: probabilitySchema.optional(),
  delayMs: z.object({ min: z.number().int().min(0), max: z.number().int().max(PAPER_FAULT_DELAY_MS_MAX) })
    .refine((d) => d.min <= d.max, 'delayMs.min must not exceed delayMs.max').optional(),
  duplicateEvents: probabilitySchema.optional(),
  reorderEvents: probabilitySchema.optional(),
  dropConnection: probabilitySchema.optional(),
  crashDuringSwitch: probabilitySchema.optional(),
  truncateAnswer: probabilitySchema.optional(),
  emptyAnswer: probabilitySchema.optional(),
  corruptAnswersOf: z.array(requestTypeSchema).max(Object.keys(BRIDGE_REQUESTS).length).optional(),
  fillBeforeAck: probabilitySchema.optional(),
}).strict();
/** See `paperFaultsSchema`. */
export type PaperFaults = z.infer<typeof paperFaultsSchema>;

/** The kinds of fault, as recorded in `recentFaults`. */
export type PaperFaultKind =
  | 'reject' | 'timeoutBeforeAccept' | 'timeoutAfterAccept' | 'delayAnswer' | 'delayEvents'
  | 'duplicateEvent' | 'reorderEvents' | 'dropConnection' | 'crashDuringSwitch'
  | 'truncateAnswer' | 'emptyAnswer' | 'fillBeforeAck';

/** One injected fault: what, on which request (or `events` / `open_session`), and a delay if any. */
export interface InjectedFault {
  kind: PaperFaultKind;
  request: string;
  delayMs?: number;
}

/**
 * Draws and records faults for the paper broker. With no faults set it draws nothing and every
 * method is a pass-through, so behaviour is exactly that of a broker without fault injection.
 */
export class PaperFaultInjector implements TransportFaults {
  private faults: PaperFaults = {};
  private rng: Rng = createSeededRng(PAPER_FAULT_SEED_DEFAULT);
  private readonly log: InjectedFault[] = [];

  constructor(private readonly deps: { clock: Clock; logger: Logger }) {}

  /** Replaces the faults and reseeds the generator from `faults.seed` (default 1). */
  set(faults: PaperFaults): void {
    this.faults = paperFaultsSchema.parse(faults);
    this.rng = createSeededRng(this.faults.seed ?? PAPER_FAULT_SEED_DEFAULT);
  }

  /** The most recent injected faults, oldest first (at most PAPER_FAULT_LOG_MAX). */
  get recentFaults(): readonly InjectedFault[] {
    return this.log;
  }

  /** Whether events may be duplicated, shuffled or delayed (they are then batched per action). */
  get shapesEvents(): boolean {
    const f = this.faults;
    return (f.duplicateEvents ?? 0) > 0 || (f.reorderEvents ?? 0) > 0 || f.delayMs !== undefined;
  }

  /**
   * Runs a broker call with the answer faults: timeoutBeforeAccept (nothing runs, AnswerWithheld),
   * then the action, then timeoutAfterAccept (it ran, AnswerWithheld), then the answer delay. A
   * non-BrokerError from the action (a bug) is rethrown at once.
   */
  async answer<T>(request: BridgeRequestType, action: () => T): Promise<T> {
    if (this.chance(this.faults.timeoutBeforeAccept, 'timeoutBeforeAccept', request)) throw new AnswerWithheld(request, 'before_accept');
    let outcome: { ok: true; value: T } | { ok: false; error: BrokerError };
    try {
      outcome = { ok: true, value: action() };
    } catch (error) {
      if (!(error instanceof BrokerError)) throw error;
      outcome = { ok: false, error };
    }
    if (this.chance(this.faults.timeoutAfterAccept, 'timeoutAfterAccept', request)) throw new AnswerWithheld(request, 'after_accept');
    await sleep(this.deps.clock, this.delayMs('delayAnswer', request));
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** Whether to refuse this new order or cancel with REJECTED INJECTED_FAULT. */
  rejects(request: 'place_order' | 'cancel_order'): boolean {
    return this.chance(this.faults.rejectProbability, 'reject', request);
  }

  /** Whether the bridge should close core's socket after answering this request. */
  dropConnectionAfterRequest(request: BridgeRequestType): boolean {
    return this.chance(this.faults.dropConnection, 'dropConnection', request);
  }

  /** How to corrupt this answer on the wire (truncateAnswer, emptyAnswer), if at all. */
  corruptAnswer(request: BridgeRequestType): AnswerCorruption | undefined {
    const only = this.faults.corruptAnswersOf;
    if (only !== undefined && !only.includes(request)) return undefined;
    if (this.chance(this.faults.truncateAnswer, 'truncateAnswer', request)) return 'truncate';
    if (this.chance(this.faults.emptyAnswer, 'emptyAnswer', request)) return 'empty_body';
    return undefined;
  }

  /** Whether this new order's fill goes to core before its ack (accepted event and answer). */
  fillsBeforeAck(): boolean {
    return this.chance(this.faults.fillBeforeAck, 'fillBeforeAck', 'place_order');
  }

  /** Whether this login crashes halfway. */
  crashesSwitch(): boolean {
    return this.chance(this.faults.crashDuringSwitch, 'crashDuringSwitch', 'open_session');
  }

  /** Duplicates and shuffles one action's events as configured (a new array; `events` is untouched). */
  shapeEvents<E>(events: readonly E[]): E[] {
    const out: E[] = [];
    for (const event of events) {
      out.push(event);
      if (this.chance(this.faults.duplicateEvents, 'duplicateEvent', 'events')) out.push(event);
    }
    if (out.length > 1 && this.chance(this.faults.reorderEvents, 'reorderEvents', 'events')) {
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(this.rng.next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
    }
    return out;
  }

  /** How long to hold one batch of events (0 = send now). */
  eventDelayMs(): number {
    return this.delayMs('delayEvents', 'events');
  }

  private delayMs(kind: 'delayAnswer' | 'delayEvents', request: string): number {
    const range = this.faults.delayMs;
    if (range === undefined) return 0;
    const delayMs = range.min + Math.floor(this.rng.next() * (range.max - range.min + 1));
    if (delayMs > 0) this.record({ kind, request, delayMs });
    return delayMs;
  }

  /** Draws only for a fault that is set, so an unset fault never moves the sequence. */
  private chance(probability: number | undefined, kind: PaperFaultKind, request: string): boolean {
    if (probability === undefined || probability <= 0) return false;
    if (this.rng.next() >= probability) return false;
    this.record({ kind, request });
    return true;
  }

  private record(fault: InjectedFault): void {
    this.log.push(fault);
    if (this.log.length > PAPER_FAULT_LOG_MAX) this.log.splice(0, this.log.length - PAPER_FAULT_LOG_MAX);
    this.deps.logger.debug({ fault: fault.kind, request: fault.request, delayMs: fault.delayMs }, 'injected fault');
  }
}

import type { BrokerFill, OrderEvent } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import type { Clock } from '../../clock.js';
import type { BrokerEventSink } from '../broker-gateway.js';
import type { PaperFaultInjector } from './paper-faults.js';

/** An order event or fill on its way to the bridge's event stream. */
export type PaperEvent = { type: 'order_event'; event: OrderEvent } | { type: 'fill'; fill: BrokerFill };

/** Events held back by an injected delay beyond this are sent at once (bounded memory). */
export const PAPER_HELD_EVENTS_MAX = 10_000;

export interface PaperEventOutboxDeps {
  /** The broker's current sink. */
  sink(): BrokerEventSink;
  /** Events of an account out of session are never pushed (core finds them by query_orders). */
  isInSession(accountRef: string): boolean;
  faults: PaperFaultInjector;
  clock: Clock;
  logger: Logger;
  /** Delayed events are ready: write state and commit (the broker calls `flush` as part of it). */
  onReleased(): void;
}

/**
 * Between the paper broker and its sink. Drops the events of accounts out of session (like
 * OpenAPI+, which pushes only for the logged-in user; they are not sent later either). Without
 * event faults everything else passes straight through; with them, the events of one broker action
 * are collected until `flush` (called just before each state write), then duplicated, shuffled
 * and possibly held back, and only then handed to the sink, which gives them their seq.
 */
export class PaperEventOutbox {
  private batch: PaperEvent[] = [];
  private ready: PaperEvent[] = [];
  private readonly held = new Map<() => void, PaperEvent[]>();
  private heldCount = 0;

  constructor(private readonly deps: PaperEventOutboxDeps) {}

  /** Takes one event from the broker: dropped (out of session), forwarded, or batched until `flush`. */
  push(event: PaperEvent): void {
    const accountRef = event.type === 'fill' ? event.fill.accountRef : event.event.accountRef;
    if (!this.deps.isInSession(accountRef)) {
      this.deps.logger.debug({ accountRef, type: event.type }, 'event not pushed: account out of session');
      return;
    }
    if (this.deps.faults.shapesEvents) this.batch.push(event);
    else this.forward(event);
  }

  /** Hands released and (unless delayed) this action's events to the sink. */
  flush(): void {
    for (const event of this.ready.splice(0)) this.forward(event);
    if (this.batch.length === 0) return;
    const events = this.deps.faults.shapeEvents(this.batch);
    this.batch = [];
    const delayMs = this.deps.faults.eventDelayMs();
    if (delayMs <= 0 || this.heldCount + events.length > PAPER_HELD_EVENTS_MAX) {
      for (const event of events) this.forward(event);
      return;
    }
    this.heldCount += events.length;
    const stop = this.deps.clock.every(delayMs, () => this.release(stop));
    this.held.set(stop, events);
  }

  /** Releases every held batch now (on stop); true if anything is waiting for `flush`. */
  releaseAll(): boolean {
    for (const stop of [...this.held.keys()]) this.release(stop, false);
    return this.ready.length > 0;
  }

  private release(stop: () => void, notify = true): void {
    stop();
    const events = this.held.get(stop) ?? [];
    this.held.delete(stop);
    this.heldCount -= events.length;
    this.ready.push(...events);
    if (notify) this.deps.onReleased();
  }

  private forward(event: PaperEvent): void {
    const sink = this.deps.sink();
    if (event.type === 'fill') sink.fill(event.fill);
    else sink.orderEvent(event.event);
  }
}

import { brokerFillSchema, orderEventSchema, type BrokerFill, type OrderEvent, type Quote } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { BrokerEventSink } from '../brokers/broker-gateway.js';

/** Default bound on events kept for replay until core acknowledges them. */
export const REPLAY_BUFFER_EVENTS_MAX_DEFAULT = 10_000;

const sequencedEventSchema = z.discriminatedUnion('type', [
  z.object({ seq: z.number().int().positive(), type: z.literal('order_event'), event: orderEventSchema }),
  z.object({ seq: z.number().int().positive(), type: z.literal('fill'), fill: brokerFillSchema }),
]);
/** An order event or fill with its place in the bridge's gap-free sequence. */
export type SequencedEvent = z.infer<typeof sequencedEventSchema>;
/** An order event or fill before it has a sequence number. */
export type StreamPayload = { type: 'order_event'; event: OrderEvent } | { type: 'fill'; fill: BrokerFill };

const eventStreamSnapshotSchema = z.object({
  epoch: z.string().min(1).max(64),
  lastSeq: z.number().int().nonnegative(),
  events: z.array(sequencedEventSchema),
});
/** What is persisted so a restart keeps the epoch, the sequence and the unacknowledged events. */
export type EventStreamSnapshot = z.infer<typeof eventStreamSnapshotSchema>;

export interface EventStreamOptions {
  logger: Logger;
  bufferEventsMax?: number;
}

/**
 * Gives order events and fills a gap-free `seq` and keeps the ones core has not acknowledged, up to
 * a bound (when full, the oldest are dropped with a warning; core then recovers by reconciliation).
 *
 * Appending and delivering are separate: `append` assigns the seq, `commit` hands everything
 * appended so far to the listeners once the broker has made it durable.
 */
export class EventStream {
  readonly epoch: string;
  private readonly events: SequencedEvent[];
  private appendedSeq: number;
  private committedSeq: number;
  private readonly listeners = new Set<(event: SequencedEvent) => void>();
  private readonly logger: Logger;
  private readonly bufferEventsMax: number;

  private constructor(snapshot: EventStreamSnapshot, options: EventStreamOptions) {
    this.epoch = snapshot.epoch;
    this.events = [...snapshot.events];
    this.appendedSeq = this.committedSeq = snapshot.lastSeq;
    this.logger = options.logger;
    this.bufferEventsMax = options.bufferEventsMax ?? REPLAY_BUFFER_EVENTS_MAX_DEFAULT;
    this.enforceBound();
  }

  /** A new sequence (seq starts after 0) under a new epoch. */
  static fresh(epoch: string, options: EventStreamOptions): EventStream {
    return new EventStream({ epoch, lastSeq: 0, events: [] }, options);
  }

  /**
   * Restores a persisted stream. Throws if `persisted` is not a valid snapshot, or is internally
   * inconsistent (an event above `lastSeq`), because replaying a corrupt sequence would be worse
   * than starting a new epoch.
   */
  static restore(persisted: unknown, options: EventStreamOptions): EventStream {
    const snapshot = eventStreamSnapshotSchema.parse(persisted);
    const last = snapshot.events.at(-1);
    if (last && last.seq > snapshot.lastSeq) throw new Error('event stream snapshot has events above lastSeq');
    return new EventStream(snapshot, options);
  }

  /** The highest seq delivered (committed); what `bridge_hello` and `replay_complete` report. */
  get lastSeq(): number {
    return this.committedSeq;
  }

  get bufferedCount(): number {
    return this.events.length;
  }

  /** Assigns the next seq and buffers the event; listeners hear of it at the next `commit`. */
  append(payload: StreamPayload): SequencedEvent {
    this.appendedSeq += 1;
    const event: SequencedEvent = { seq: this.appendedSeq, ...payload };
    this.events.push(event);
    this.enforceBound();
    return event;
  }

  /** Delivers every appended, not yet delivered event to the listeners, in seq order. */
  commit(): void {
    if (this.committedSeq === this.appendedSeq) return;
    const fromSeq = this.committedSeq;
    this.committedSeq = this.appendedSeq;
    for (const event of this.events) {
      if (event.seq <= fromSeq) continue;
      for (const listener of this.listeners) listener(event);
    }
  }

  /** Committed events with seq > `afterSeq`, oldest first (what a reconnecting core needs). */
  since(afterSeq: number): SequencedEvent[] {
    return this.events.filter((e) => e.seq > afterSeq && e.seq <= this.committedSeq);
  }

  /** Cumulative acknowledgement: forget every event with seq ≤ `seq`. */
  ack(seq: number): void {
    const keepFrom = this.events.findIndex((e) => e.seq > Math.min(seq, this.committedSeq));
    this.events.splice(0, keepFrom === -1 ? this.events.length : keepFrom);
  }

  /** Registers a listener for committed events; returns the function that removes it. */
  onCommitted(listener: (event: SequencedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Everything appended (including not yet committed), for the broker's atomic state write. */
  snapshot(): EventStreamSnapshot {
    return { epoch: this.epoch, lastSeq: this.appendedSeq, events: [...this.events] };
  }

  private enforceBound(): void {
    const excess = this.events.length - this.bufferEventsMax;
    if (excess <= 0) return;
    const dropped = this.events.splice(0, excess);
    this.logger.warn(
      { droppedCount: excess, droppedThroughSeq: dropped.at(-1)?.seq, bufferEventsMax: this.bufferEventsMax },
      'replay buffer full; dropped oldest unacknowledged events (core must reconcile)',
    );
  }
}

/**
 * The sink a gateway writes to: order events and fills go into the stream (sequenced, buffered,
 * delivered on commit); quotes go straight to `sendQuote`.
 */
export function createStreamSink(stream: EventStream, sendQuote: (quote: Quote) => void): BrokerEventSink {
  return {
    orderEvent: (event) => void stream.append({ type: 'order_event', event }),
    fill: (fill) => void stream.append({ type: 'fill', fill }),
    quote: sendQuote,
    commit: () => stream.commit(),
  };
}

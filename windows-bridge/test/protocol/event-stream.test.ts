import type { OrderEvent } from '@tradedesk/contracts';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { EventStream, type SequencedEvent } from '../../src/protocol/event-stream.js';
import { silentLogger } from '../helpers.js';

const event = (clientOrderId: string): OrderEvent => ({ clientOrderId, brokerOrderId: 'P1', accountRef: 'a', status: 'accepted' });

describe('event stream', () => {
  it('should assign gap-free seqs starting at 1 and deliver them only on commit', () => {
    const stream = EventStream.fresh('e1', { logger: silentLogger });
    const delivered: SequencedEvent[] = [];
    stream.onCommitted((e) => delivered.push(e));
    stream.append({ type: 'order_event', event: event('a') });
    stream.append({ type: 'order_event', event: event('b') });
    expect(delivered).toEqual([]);
    expect(stream.lastSeq).toBe(0);
    expect(stream.since(0)).toEqual([]);
    stream.commit();
    stream.append({ type: 'order_event', event: event('c') });
    stream.commit();
    expect(delivered.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(stream.lastSeq).toBe(3);
  });

  it('should return committed events after a seq and forget acknowledged ones', () => {
    const stream = EventStream.fresh('e1', { logger: silentLogger });
    for (const id of ['a', 'b', 'c', 'd']) stream.append({ type: 'order_event', event: event(id) });
    stream.commit();
    expect(stream.since(2).map((e) => e.seq)).toEqual([3, 4]);
    stream.ack(2);
    expect(stream.bufferedCount).toBe(2);
    expect(stream.since(0).map((e) => e.seq)).toEqual([3, 4]);
    stream.ack(99);
    expect(stream.bufferedCount).toBe(0);
    expect(stream.lastSeq).toBe(4);
  });

  it('should drop the oldest events with a warning when the buffer bound is reached', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const stream = EventStream.fresh('e1', { logger, bufferEventsMax: 3 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) stream.append({ type: 'order_event', event: event(id) });
    stream.commit();
    expect(stream.bufferedCount).toBe(3);
    expect(stream.since(0).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(lines.some((l) => l.includes('"level":40') && l.includes('"droppedThroughSeq":'))).toBe(true);
  });

  it('should restore a snapshot with the same epoch and seq, and refuse an inconsistent one', () => {
    const stream = EventStream.fresh('e1', { logger: silentLogger });
    stream.append({ type: 'order_event', event: event('a') });
    const restored = EventStream.restore(JSON.parse(JSON.stringify(stream.snapshot())), { logger: silentLogger });
    expect([restored.epoch, restored.lastSeq, restored.since(0).length]).toEqual(['e1', 1, 1]);
    expect(() => EventStream.restore({ epoch: 'e1', lastSeq: 0, events: stream.snapshot().events }, { logger: silentLogger })).toThrow();
    expect(() => EventStream.restore({ nope: true }, { logger: silentLogger })).toThrow();
  });
});

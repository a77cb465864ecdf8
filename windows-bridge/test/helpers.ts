import type { BrokerFill, OrderEvent, Quote } from '@tradedesk/contracts';
import { pino, type Logger } from 'pino';
import { createManualClock, type ManualClock } from '../src/clock.js';
import type { BrokerEventSink } from '../src/brokers/broker-gateway.js';
import { PaperBroker, type PaperBrokerOptions } from '../src/brokers/paper/paper-broker.js';
import { createMemoryStateStore } from '../src/brokers/paper/paper-state-store.js';
import type { Rng } from '../src/rng.js';

/** 2026-03-02 10:00 KST (a Monday morning), far from the KST day boundary. */
export const START_MS = Date.UTC(2026, 2, 2, 1, 0, 0);

export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * An Rng that returns whatever `value` is set to, which steers the paper feed:
 * FLAT keeps prices unchanged, DOWN moves one tick down, UP one tick up (near the previous close).
 */
export interface ScriptedRng extends Rng {
  value: number;
}
export const FLAT = 0.99;
export const DOWN = 0;
export const UP = 0.5;

export function scriptedRng(value = FLAT): ScriptedRng {
  const rng = { value, next: () => rng.value };
  return rng;
}

export interface CapturedEvents {
  sink: BrokerEventSink;
  orderEvents: OrderEvent[];
  fills: BrokerFill[];
  quotes: Quote[];
  commitCount: number;
}

export function captureSink(): CapturedEvents {
  const captured: CapturedEvents = {
    orderEvents: [],
    fills: [],
    quotes: [],
    commitCount: 0,
    sink: {
      orderEvent: (e) => void captured.orderEvents.push(e),
      fill: (f) => void captured.fills.push(f),
      quote: (q) => void captured.quotes.push(q),
      commit: () => void (captured.commitCount += 1),
    },
  };
  return captured;
}

export interface PaperHarness {
  broker: PaperBroker;
  clock: ManualClock;
  rng: ScriptedRng;
  captured: CapturedEvents;
  /** Moves the clock one second and steps the feed once. */
  step(): void;
}

export function paperHarness(overrides: Partial<PaperBrokerOptions> = {}): PaperHarness {
  const clock = createManualClock(START_MS);
  const rng = scriptedRng();
  const broker = new PaperBroker({ clock, rng, store: createMemoryStateStore(), logger: silentLogger, ...overrides });
  const captured = captureSink();
  broker.setEventSink(captured.sink);
  return {
    broker,
    clock,
    rng,
    captured,
    step() {
      clock.advance(1_000);
      broker.step(clock.now());
    },
  };
}

/**
 * Opens a session and moves the manual clock over the switch cost so the login completes.
 * @example await openSessionNow(h, 'acct-1');
 */
export async function openSessionNow(h: PaperHarness, accountRef: string): Promise<string[]> {
  const opening = h.broker.openSession({ accountRef });
  h.clock.advance(h.broker.capabilities.switchCostMs);
  return (await opening).accountRefs;
}

/** Lets pending promise continuations run (they are microtasks after a manual clock's `advance`). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs `fn` and returns the BrokerError's contract error, failing if it did not throw one. */
export async function bridgeErrorOf(fn: () => Promise<unknown>): Promise<{ code: string; reason: string }> {
  try {
    await fn();
  } catch (error) {
    const bridgeError = (error as { bridgeError?: { code: string; reason: string } }).bridgeError;
    if (bridgeError) return { code: bridgeError.code, reason: bridgeError.reason };
    throw error;
  }
  throw new Error('expected a BrokerError');
}

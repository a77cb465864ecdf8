import type {
  BridgeCapabilities, BridgeRequestInput, BridgeRequestResult, BridgeRequestType, SequencedBridgeFrame,
} from '@tradedesk/contracts';
import { BrokerError, callGateway, type PaperBroker } from '@tradedesk/windows-bridge';
import { BridgeNoAnswerError, BridgeNotConnectedError, BridgeRequestError, NO_ERROR_GIVEN } from '../src/bridge/bridge-errors.js';
import { parseBridgeResult } from '../src/bridge/bridge-result.js';
import type { BridgeCursor } from '../src/bridge/bridge-connection.js';
import type { BrokerGateway } from '../src/ports/broker-gateway.js';
import type { SimClock } from './sim-clock.js';

const BRIDGE_ID = 'sim-bridge';
const EPOCH = 'sim-epoch';

/** The core instance events are delivered to; replaced on every simulated restart. */
export interface EventReceiver {
  readonly crashed: boolean;
  lastAppliedSeq(): Promise<number>;
  apply(frame: SequencedBridgeFrame, cursor: BridgeCursor): Promise<void>;
}

/**
 * The windows-bridge as core sees it, in-process and on virtual time: requests go straight to the
 * paper broker (with its injected faults), a withheld answer becomes a timeout after
 * `requestTimeoutMs` (virtual), as does an answer the buggify points truncate (core drops a frame
 * it cannot read), while one they empty fails as it does in core. Execution events get gap-free
 * seq numbers and are delivered in order to the current core instance, each until it is durably
 * applied. After a restart the new instance gets everything after its stored cursor again — the
 * bridge's replay buffer.
 */
export class SimBridge {
  private readonly log: SequencedBridgeFrame[] = [];
  private pending: Array<Pick<Extract<SequencedBridgeFrame, { type: 'fill' }>, 'type' | 'fill'> | Pick<Extract<SequencedBridgeFrame, { type: 'order_event' }>, 'type' | 'event'>> = [];
  private seq = 0;
  private receiver: EventReceiver | null = null;
  private delivering = false;
  connected = true;

  constructor(private readonly paper: PaperBroker, private readonly clock: SimClock, private readonly requestTimeoutMs: number) {
    paper.setEventSink({
      orderEvent: (event) => this.pending.push({ type: 'order_event', event }),
      fill: (fill) => this.pending.push({ type: 'fill', fill }),
      quote: () => undefined,
      commit: () => this.commit(),
    });
  }

  get capabilities(): BridgeCapabilities {
    return this.paper.capabilities;
  }

  /** A gateway for one core instance: it refuses to work for an instance that has crashed. */
  gatewayFor(receiver: EventReceiver): BrokerGateway {
    const bridge = this;
    return {
      get isReady() { return bridge.connected && !receiver.crashed; },
      get capabilities() { return bridge.capabilities; },
      request: (type, body) => bridge.request(receiver, type, body),
    };
  }

  /** The new instance replays from its cursor, then takes live events. */
  async attach(receiver: EventReceiver): Promise<void> {
    this.receiver = receiver;
    await this.deliver();
  }

  private async request<T extends BridgeRequestType>(receiver: EventReceiver, type: T, body: BridgeRequestInput<T>): Promise<BridgeRequestResult<T>> {
    if (!this.connected || receiver.crashed) throw new BridgeNotConnectedError('bridge not connected');
    const answer = callGateway(this.paper, type, body).then(
      (result: unknown) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const timeout = this.clock.sleep(this.requestTimeoutMs).then(() => null);
    const outcome = await Promise.race([answer, timeout]);
    const noAnswer = () => new BridgeNoAnswerError(`no answer to ${type} within ${this.requestTimeoutMs} ms`);
    if (outcome === null) throw noAnswer();
    const failure = outcome.ok ? undefined : outcome.error;
    if (failure instanceof Error && failure.name === 'AnswerWithheld') {
      await timeout;
      throw noAnswer();
    }
    if (failure !== undefined && !(failure instanceof BrokerError)) throw failure;
    // The answer goes out; the buggify points may corrupt it on the way (SIM-8).
    const corruption = this.paper.transportFaults.corruptAnswer(type);
    if (corruption === 'truncate') {
      // core drops a frame it cannot read: for the request, no answer.
      await timeout;
      throw noAnswer();
    }
    if (!outcome.ok) throw new BridgeRequestError(corruption === 'empty_body' ? NO_ERROR_GIVEN : (failure as BrokerError).bridgeError);
    return parseBridgeResult(type, corruption === 'empty_body' ? {} : outcome.result);
  }

  private commit(): void {
    for (const frame of this.pending) {
      this.seq += 1;
      this.log.push({ ...frame, v: 1, msgId: `sim-${this.seq}`, sentAt: this.clock.now(), seq: this.seq } as SequencedBridgeFrame);
    }
    this.pending = [];
    void this.deliver();
  }

  /** Delivers, in order, every event after the receiver's cursor; stops at the first failure (a crash). */
  private async deliver(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (;;) {
        const receiver = this.receiver;
        if (!receiver || receiver.crashed || !this.connected) return;
        const applied = await receiver.lastAppliedSeq();
        const next = this.log[applied]; // seq n is at index n - 1
        if (!next) return;
        await receiver.apply(next, { bridgeId: BRIDGE_ID, epoch: EPOCH, seq: next.seq });
      }
    } catch {
      // The instance crashed mid-apply: the event stays, and is replayed to the next instance.
    } finally {
      this.delivering = false;
    }
  }

  /** Events issued so far (for the trace). */
  get lastSeq(): number {
    return this.seq;
  }
}

export const SIM_BRIDGE_ID = BRIDGE_ID;
export const SIM_BRIDGE_EPOCH = EPOCH;

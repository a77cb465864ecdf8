import type { BridgeRequestInput, BridgeRequestResult, BridgeRequestType, Quote } from '@tradedesk/contracts';
import { BrokerError, callGateway, createManualClock, createMemoryStateStore, createSeededRng, PaperBroker, type PaperBrokerOptions } from '@tradedesk/windows-bridge';
import { pino } from 'pino';
import { BridgeNotConnectedError, BridgeRequestError } from '../../src/bridge/bridge-errors.js';
import type { BrokerGateway } from '../../src/ports/broker-gateway.js';

/**
 * The real paper broker behind core's BrokerGateway port, in-process (as the simulator does):
 * requests go through the bridge's own router and error classes, quotes go to `onQuote`.
 * `connected` false makes every request fail as BridgeConnection does when the socket is down.
 */
export class InProcessPaper implements BrokerGateway {
  readonly paper: PaperBroker;
  readonly paperClock = createManualClock(Date.UTC(2026, 2, 2, 1, 0, 0));
  connected = true;
  readonly requests: { type: BridgeRequestType; body: unknown }[] = [];

  constructor(onQuote: (quote: Quote) => void, options: Partial<PaperBrokerOptions> = {}) {
    this.paper = new PaperBroker({
      clock: this.paperClock, rng: createSeededRng(1), store: createMemoryStateStore(), logger: pino({ level: 'silent' }), ...options,
    });
    this.paper.setEventSink({ orderEvent: () => undefined, fill: () => undefined, commit: () => undefined, quote: onQuote });
  }

  get isReady(): boolean {
    return this.connected;
  }

  get capabilities() {
    return this.paper.capabilities;
  }

  async request<T extends BridgeRequestType>(type: T, body: BridgeRequestInput<T>): Promise<BridgeRequestResult<T>> {
    if (!this.connected) throw new BridgeNotConnectedError('bridge not ready');
    this.requests.push({ type, body });
    try {
      return await callGateway(this.paper, type, body) as BridgeRequestResult<T>;
    } catch (error) {
      if (error instanceof BrokerError) throw new BridgeRequestError(error.bridgeError);
      throw error;
    }
  }

  /** The connection drops and comes back: the bridge side starts with no subscriptions. */
  reconnect(): void {
    this.paper.resetQuoteSubscriptions();
  }

  /** One feed step at `nowMs` (quotes of subscribed symbols go to onQuote). */
  step(nowMs: number): void {
    const behindMs = nowMs - this.paperClock.now();
    if (behindMs > 0) this.paperClock.advance(behindMs);
    this.paper.step(nowMs);
  }
}

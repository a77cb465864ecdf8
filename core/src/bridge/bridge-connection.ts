import { EventEmitter } from 'node:events';
import {
  BRIDGE_FRAME_BYTES_MAX, BRIDGE_PROTOCOL_VERSION, bridgeToCoreSchema,
  type BridgeCapabilities, type BridgeRequestInput, type BridgeRequestResult, type BridgeRequestType,
  type BridgeToCore, type CoreToBridge, type Quote, type SequencedBridgeFrame,
} from '@tradedesk/contracts';
import type { Logger } from 'pino';
import PQueue from 'p-queue';
import WebSocket from 'ws';
import type { Clock } from '../ports/clock.js';
import type { IdSource } from '../ports/id-source.js';
import { BridgeBadAnswerError, BridgeNoAnswerError, BridgeNotConnectedError, BridgeRequestError, NO_ERROR_GIVEN } from './bridge-errors.js';
import { parseBridgeResult } from './bridge-result.js';

/** Applies one sequenced execution event durably, together with the new cursor, and returns when committed. */
export type ExecutionEventHandler = (frame: SequencedBridgeFrame, cursor: BridgeCursor) => Promise<void>;

export interface BridgeCursor { bridgeId: string; epoch: string; seq: number }

export interface BridgeCursorStore {
  /** The last applied seq for this bridge and epoch; 0 when the epoch is new. */
  lastAppliedSeq(bridgeId: string, epoch: string): Promise<number>;
}

export interface BridgeConnectionOptions {
  url: string;
  token: string;
  requestTimeoutMs: number;
  clock: Clock;
  ids: IdSource;
  logger: Logger;
  cursors: BridgeCursorStore;
  onExecutionEvent: ExecutionEventHandler;
  onQuote?: (quote: Quote) => void;
  reconnectDelayMsMax?: number;
  /** The broker's call limit: requests beyond it wait their turn here rather than being refused there. */
  callsPerMinuteMax: number;
}

/** A request waiting for its answer; `timeout` is aborted when the answer (or the close) comes first. */
interface Pending { resolve: (value: unknown) => void; reject: (error: Error) => void; timeout: AbortController; type: BridgeRequestType }

const PENDING_REQUESTS_MAX = 1_000;

/**
 * core's connection to the windows-bridge. Reconnects by itself; after each (re)connect it says which
 * event it applied last, applies the replay in order, and emits `ready` once the bridge reports the
 * replay complete. Events are applied one at a time, in seq order, each exactly once.
 *
 * Events: `ready` (capabilities), `disconnected`.
 */
export class BridgeConnection extends EventEmitter {
  private socket: WebSocket | null = null;
  private readonly pending = new Map<string, Pending>();
  private applyChain: Promise<void> = Promise.resolve();
  private cursor: BridgeCursor | null = null;
  private readyState = false;
  private stopped = false;
  private readonly abort = new AbortController();
  capabilities: BridgeCapabilities | null = null;
  private readonly callLimiter: PQueue;

  constructor(private readonly options: BridgeConnectionOptions) {
    super();
    this.callLimiter = new PQueue({ intervalCap: options.callsPerMinuteMax, interval: 60_000 });
  }

  get isReady(): boolean {
    return this.readyState;
  }

  /** Connects and keeps reconnecting (capped backoff) until `stop`. */
  start(): void {
    void this.connectLoop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort(new Error('stopped'));
    this.socket?.close(1000, 'core stopping');
    await this.applyChain;
  }

  /** Sends a request and resolves with the bridge's validated result. */
  async request<T extends BridgeRequestType>(type: T, body: BridgeRequestInput<T>): Promise<BridgeRequestResult<T>> {
    return this.callLimiter.add(() => this.sendRequest(type, body)) as Promise<BridgeRequestResult<T>>;
  }

  private async sendRequest<T extends BridgeRequestType>(type: T, body: BridgeRequestInput<T>): Promise<BridgeRequestResult<T>> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN || !this.readyState) throw new BridgeNotConnectedError('bridge not ready');
    if (this.pending.size >= PENDING_REQUESTS_MAX) throw new BridgeNotConnectedError('too many requests in flight');
    const msgId = this.options.ids.uuid();
    const result = new Promise<unknown>((resolve, reject) => {
      const timeout = new AbortController();
      this.pending.set(msgId, { resolve, reject, timeout, type });
      // On the injected clock, so a simulated day's timeouts follow virtual time.
      this.options.clock.sleep(this.options.requestTimeoutMs, timeout.signal).then(() => {
        if (!this.pending.delete(msgId)) return;
        reject(new BridgeNoAnswerError(`no answer to ${type} within ${this.options.requestTimeoutMs} ms`));
      }, () => undefined);
    });
    this.send({ v: BRIDGE_PROTOCOL_VERSION, msgId, sentAt: this.options.clock.now(), type: 'request', request: type, body });
    const answer = await result;
    try {
      return parseBridgeResult(type, answer);
    } catch (error) {
      if (error instanceof BridgeBadAnswerError) {
        this.options.logger.error({ msgId, request: type, err: error.message }, 'bridge protocol error: invalid result, treated as no answer; check the bridge version');
      }
      throw error;
    }
  }

  private async connectLoop(): Promise<void> {
    let delayMs = 200;
    const delayMsMax = this.options.reconnectDelayMsMax ?? 5_000;
    while (!this.stopped) {
      const connected = await this.connectOnce();
      if (this.stopped) return;
      delayMs = connected ? 200 : Math.min(delayMs * 2, delayMsMax);
      try {
        await this.options.clock.sleep(delayMs, this.abort.signal);
      } catch {
        return;
      }
    }
  }

  /** Resolves when the connection closes; true if it was open at some point. */
  private connectOnce(): Promise<boolean> {
    return new Promise((resolve) => {
      let opened = false;
      const socket = new WebSocket(this.options.url, {
        headers: { authorization: `Bearer ${this.options.token}` },
        maxPayload: BRIDGE_FRAME_BYTES_MAX,
        handshakeTimeout: 5_000,
      });
      this.socket = socket;
      socket.on('open', () => {
        opened = true;
        this.options.logger.info({ url: this.options.url }, 'bridge connected');
      });
      socket.on('message', (data) => this.onFrame(data.toString()));
      socket.on('error', (error) => this.options.logger.warn({ err: error.message }, 'bridge connection error'));
      socket.on('close', (code) => {
        this.onClosed(code);
        resolve(opened);
      });
    });
  }

  private onClosed(code: number): void {
    const wasReady = this.readyState;
    this.readyState = false;
    this.socket = null;
    for (const [msgId, p] of this.pending) {
      p.timeout.abort();
      p.reject(new BridgeNoAnswerError(`connection closed (${code}) before the answer to ${p.type}`));
      this.pending.delete(msgId);
    }
    if (wasReady) {
      this.options.logger.warn({ code }, 'bridge disconnected');
      this.emit('disconnected');
    }
  }

  private onFrame(text: string): void {
    const frame = this.parseFrame(text);
    if (!frame) return;
    switch (frame.type) {
      case 'bridge_hello':
        void this.onHello(frame);
        return;
      case 'replay_complete':
        // Queued behind the replayed events, so "ready" means every replayed event is applied.
        this.enqueue(async () => {
          this.readyState = true;
          this.emit('ready', this.capabilities);
        });
        return;
      case 'order_event':
      case 'fill':
        this.enqueue(() => this.applySequenced(frame));
        return;
      case 'quote':
        this.options.onQuote?.(frame.quote);
        return;
      case 'response':
        this.onResponse(frame);
    }
  }

  /**
   * A frame core cannot read (cut short, not the contract's shape) is logged as a protocol error and
   * dropped; the connection and everything else go on (PROTO-7). A request whose answer it was ends
   * with its timeout, as if no answer had come.
   */
  private parseFrame(text: string): BridgeToCore | undefined {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.options.logger.error({ problem: 'not_json', bytes: text.length }, 'bridge protocol error: frame ignored; check the bridge and the network');
      return undefined;
    }
    const parsed = bridgeToCoreSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const msgId = typeof record['msgId'] === 'string' ? record['msgId'].slice(0, 64) : undefined;
    this.options.logger.error({ problem: 'invalid_frame', msgId, bytes: text.length, err: parsed.error.message.slice(0, 300) }, 'bridge protocol error: frame ignored; check the bridge and the network');
    return undefined;
  }

  private async onHello(frame: Extract<BridgeToCore, { type: 'bridge_hello' }>): Promise<void> {
    this.capabilities = frame.capabilities;
    const lastAppliedSeq = await this.options.cursors.lastAppliedSeq(frame.bridgeId, frame.epoch);
    this.cursor = { bridgeId: frame.bridgeId, epoch: frame.epoch, seq: lastAppliedSeq };
    this.options.logger.info({ bridgeId: frame.bridgeId, epoch: frame.epoch, lastAppliedSeq, lastSeq: frame.lastSeq }, 'bridge hello');
    this.send({ v: BRIDGE_PROTOCOL_VERSION, msgId: this.options.ids.uuid(), sentAt: this.options.clock.now(), type: 'core_hello', lastAppliedSeq });
  }

  private async applySequenced(frame: SequencedBridgeFrame): Promise<void> {
    const cursor = this.cursor;
    if (!cursor) return;
    if (frame.seq <= cursor.seq) {
      // A replay of what we applied (possDup) is harmless (PROTO-2). Without possDup the bridge's
      // sequence went backwards: its session is not the one we know. Reset it; the reconnect
      // replays from our cursor and reconciliation runs before anything is sent (PROTO-3).
      if (!frame.possDup) {
        this.options.logger.error({ expected: cursor.seq + 1, seq: frame.seq }, 'bridge sequence too low without possDup; resetting the connection — check the bridge for a restart without its state');
        this.socket?.close(4004, 'sequence too low');
      }
      return;
    }
    if (frame.seq > cursor.seq + 1) {
      // A gap: ask again from what we have by reconnecting; nothing after the gap is applied.
      this.options.logger.warn({ expected: cursor.seq + 1, seq: frame.seq }, 'gap in bridge events; reconnecting for replay');
      this.socket?.close(4001, 'sequence gap');
      return;
    }
    const next = { ...cursor, seq: frame.seq };
    await this.options.onExecutionEvent(frame, next);
    this.cursor = next;
    this.send({ v: BRIDGE_PROTOCOL_VERSION, msgId: this.options.ids.uuid(), sentAt: this.options.clock.now(), type: 'ack', seq: frame.seq });
  }

  private enqueue(task: () => Promise<void>): void {
    this.applyChain = this.applyChain.then(task).catch((error: unknown) => {
      // Not acknowledged, so the bridge keeps it: a reconnect replays it.
      this.options.logger.error({ err: error }, 'applying a bridge event failed; reconnecting to replay it');
      this.socket?.close(4003, 'apply failed');
    });
  }

  private onResponse(frame: Extract<BridgeToCore, { type: 'response' }>): void {
    const pending = this.pending.get(frame.inReplyTo);
    if (!pending) return; // answered after its timeout: the caller already treats it as unknown
    this.pending.delete(frame.inReplyTo);
    pending.timeout.abort();
    if (frame.ok) {
      pending.resolve(frame.result);
      return;
    }
    if (!frame.error) {
      this.options.logger.error({ msgId: frame.inReplyTo, request: pending.type }, 'bridge protocol error: failed answer without an error, treated as outcome unknown; check the bridge version');
    }
    pending.reject(new BridgeRequestError(frame.error ?? NO_ERROR_GIVEN));
  }

  private send(frame: CoreToBridge): void {
    this.socket?.send(JSON.stringify(frame));
  }
}

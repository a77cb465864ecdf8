import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  BRIDGE_FRAME_BYTES_MAX,
  BRIDGE_PROTOCOL_VERSION,
  BRIDGE_REQUESTS,
  bridgeToCoreSchema,
  coreToBridgeSchema,
  type BridgeError,
  type BridgeToCore,
  type CoreToBridge,
  type Quote,
} from '@tradedesk/contracts';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Clock } from '../clock.js';
import { AnswerWithheld, BROKER_REASONS, BrokerError, type BrokerGateway } from '../brokers/broker-gateway.js';
import { callGateway } from './call-gateway.js';
import { emptiedAnswer, truncatedFrameText } from './corrupt-answer.js';
import type { EventStream, SequencedEvent } from './event-stream.js';

/** Close codes the bridge uses (4000-4999 are for applications). */
export const BRIDGE_CLOSE_CODES = {
  /** Another authenticated core connection took over. */
  REPLACED: 4000,
  /** The frame's `v` is not BRIDGE_PROTOCOL_VERSION (PROTO-7). */
  UNSUPPORTED_VERSION: 4002,
  /** Fault injection (`dropConnection`): the bridge dropped the connection on purpose. */
  INJECTED_FAULT: 4003,
} as const;

/** Requests a connection may have in flight; more are answered RETRYABLE/BUSY (bounded work). */
export const IN_FLIGHT_REQUESTS_MAX = 256;
/** Quotes are dropped, not queued, while this much is waiting in the socket's send buffer. */
export const QUOTE_SEND_BUFFER_BYTES_MAX = 1024 * 1024;

export interface BridgeServerOptions {
  host: string;
  /** 0 = an ephemeral port. */
  port: number;
  token: string;
  bridgeId: string;
  gateway: BrokerGateway;
  stream: EventStream;
  logger: Logger;
  clock: Clock;
  heartbeatIntervalMs: number;
  /** Makes msgIds unique across restarts (e.g. a few random hex digits). */
  msgIdPrefix: string;
}

interface Connection {
  readonly ws: WebSocket;
  readonly connNo: number;
  /** core_hello received: sequenced events go out live from now on. */
  live: boolean;
  alive: boolean;
  inFlight: number;
  stopHeartbeat: () => void;
}

/**
 * The WebSocket server core connects to. One active core connection at a time (a newer
 * authenticated one replaces it). Authentication is on the HTTP upgrade, before any frame is read
 * (PROTO-8). See `@tradedesk/contracts` bridge-protocol.ts for the frames.
 */
export class BridgeServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly expectedAuthDigest: Buffer;
  private active: Connection | undefined;
  private msgCounter = 0;
  private connCounter = 0;
  private readonly unsubscribeStream: () => void;

  constructor(private readonly options: BridgeServerOptions) {
    this.expectedAuthDigest = sha256(`Bearer ${options.token}`);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: BRIDGE_FRAME_BYTES_MAX });
    this.http = createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain', connection: 'close' }).end('WebSocket upgrade required\n');
    });
    this.http.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    this.unsubscribeStream = options.stream.onCommitted((event) => {
      if (this.active?.live) this.send(this.active, this.sequencedFrame(event, false));
    });
  }

  /** Listens; resolves with the bound port. */
  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.options.port, this.options.host, () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    const address = this.http.address();
    if (address === null || typeof address === 'string') throw new Error('bridge server has no TCP address');
    this.options.logger.info({ host: this.options.host, port: address.port }, 'bridge listening');
    return address.port;
  }

  /** Stops accepting, closes the core connection (1001 going away) and the listener. */
  async stop(): Promise<void> {
    this.unsubscribeStream();
    const conn = this.active;
    this.active = undefined;
    if (conn) {
      conn.stopHeartbeat();
      conn.ws.close(1001, 'bridge stopping');
    }
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** Sends a quote to core if it is connected and has said hello; never buffered or replayed. */
  sendQuote(quote: Quote): void {
    const conn = this.active;
    if (!conn?.live || conn.ws.bufferedAmount > QUOTE_SEND_BUFFER_BYTES_MAX) return;
    this.send(conn, { ...this.envelope(), type: 'quote', quote });
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', (error) => this.options.logger.debug({ err: error }, 'upgrade socket error'));
    if (!this.isAuthorized(req.headers.authorization)) {
      this.options.logger.warn({ remoteAddress: req.socket.remoteAddress }, 'bridge connection refused: bad or missing token');
      socket.once('finish', () => socket.destroy());
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  /** Constant-time: both sides are hashed to equal-length digests before `timingSafeEqual`. */
  private isAuthorized(header: string | undefined): boolean {
    if (typeof header !== 'string') return false;
    return timingSafeEqual(sha256(header), this.expectedAuthDigest);
  }

  private onConnection(ws: WebSocket): void {
    const previous = this.active;
    if (previous) {
      previous.stopHeartbeat();
      previous.ws.close(BRIDGE_CLOSE_CODES.REPLACED, 'replaced by a newer connection');
    }
    const conn: Connection = { ws, connNo: ++this.connCounter, live: false, alive: true, inFlight: 0, stopHeartbeat: () => undefined };
    this.active = conn;
    // Quote subscriptions belong to a connection: core subscribes again after it reconnects.
    this.options.gateway.resetQuoteSubscriptions();
    conn.stopHeartbeat = this.startHeartbeat(conn);
    const log = this.options.logger;
    log.info({ connNo: conn.connNo }, 'core connected');
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    ws.on('pong', () => { conn.alive = true; });
    ws.on('error', (error) => log.warn({ connNo: conn.connNo, err: error }, 'core connection error'));
    ws.on('close', (code) => {
      conn.stopHeartbeat();
      if (this.active === conn) this.active = undefined;
      log.info({ connNo: conn.connNo, code }, 'core disconnected');
    });
    const { gateway, stream, bridgeId } = this.options;
    this.send(conn, {
      ...this.envelope(), type: 'bridge_hello', bridgeId, epoch: stream.epoch,
      broker: gateway.broker, capabilities: gateway.capabilities, lastSeq: stream.lastSeq,
    });
  }

  /** ws README's broken-connection check: a peer that missed the previous ping is terminated (PROTO-6). */
  private startHeartbeat(conn: Connection): () => void {
    return this.options.clock.every(this.options.heartbeatIntervalMs, () => {
      if (!conn.alive) {
        this.options.logger.warn({ connNo: conn.connNo }, 'core missed a heartbeat; terminating the connection');
        conn.stopHeartbeat();
        conn.ws.terminate();
        return;
      }
      conn.alive = false;
      conn.ws.ping();
    });
  }

  private onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    if (conn !== this.active) return;
    const frame = this.parseFrame(conn, data, isBinary);
    if (!frame) return;
    switch (frame.type) {
      case 'core_hello':
        this.replay(conn, frame.lastAppliedSeq);
        return;
      case 'ack':
        this.options.stream.ack(frame.seq);
        return;
      case 'request':
        void this.handleRequest(conn, frame);
        return;
    }
  }

  /** JSON, then version, then the zod envelope; anything invalid is logged and dropped (PROTO-7). */
  private parseFrame(conn: Connection, data: RawData, isBinary: boolean): CoreToBridge | undefined {
    const log = this.options.logger;
    if (isBinary) {
      log.warn({ connNo: conn.connNo }, 'binary frame ignored');
      return undefined;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(rawDataToString(data));
    } catch {
      log.warn({ connNo: conn.connNo }, 'malformed frame ignored (not JSON)');
      return undefined;
    }
    const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const msgId = typeof record['msgId'] === 'string' ? record['msgId'].slice(0, 64) : undefined;
    if ('v' in record && record['v'] !== BRIDGE_PROTOCOL_VERSION) {
      log.warn({ connNo: conn.connNo, msgId, v: record['v'] }, 'unsupported protocol version; closing');
      conn.ws.close(BRIDGE_CLOSE_CODES.UNSUPPORTED_VERSION, 'unsupported protocol version');
      return undefined;
    }
    const parsed = coreToBridgeSchema.safeParse(raw);
    if (!parsed.success) {
      log.warn({ connNo: conn.connNo, msgId, issues: summarizeIssues(parsed.error.issues) }, 'invalid frame ignored');
      return undefined;
    }
    return parsed.data;
  }

  /** Replays what core has not applied (possDup), then says so; live events flow only after (PROTO-5). */
  private replay(conn: Connection, lastAppliedSeq: number): void {
    const { stream, logger } = this.options;
    const events = stream.since(lastAppliedSeq);
    const firstSeq = events[0]?.seq;
    if (lastAppliedSeq > stream.lastSeq) {
      logger.warn({ lastAppliedSeq, lastSeq: stream.lastSeq }, 'core is ahead of this bridge stream; core must reconcile');
    } else if (lastAppliedSeq < stream.lastSeq && firstSeq !== lastAppliedSeq + 1) {
      logger.warn({ lastAppliedSeq, firstSeq }, 'replay has a gap (events dropped from the buffer); core must reconcile');
    }
    for (const event of events) this.send(conn, this.sequencedFrame(event, true));
    this.send(conn, { ...this.envelope(), type: 'replay_complete', lastSeq: stream.lastSeq });
    conn.live = true;
    logger.info({ connNo: conn.connNo, lastAppliedSeq, replayedCount: events.length }, 'replay complete');
  }

  private async handleRequest(conn: Connection, frame: Extract<CoreToBridge, { type: 'request' }>): Promise<void> {
    await this.answerRequest(conn, frame);
    if (this.options.gateway.transportFaults?.dropConnectionAfterRequest(frame.request) && conn.ws.readyState === WebSocket.OPEN) {
      this.options.logger.info({ connNo: conn.connNo, msgId: frame.msgId }, 'injected fault: dropping the core connection');
      conn.ws.close(BRIDGE_CLOSE_CODES.INJECTED_FAULT, 'injected fault');
    }
  }

  /** Answers one request, except one whose answer the gateway withholds (fault injection). */
  private async answerRequest(conn: Connection, frame: Extract<CoreToBridge, { type: 'request' }>): Promise<void> {
    const reply = (body: { ok: true; result: unknown } | { ok: false; error: BridgeError }) =>
      this.sendAnswer(conn, frame, { ...this.envelope(), type: 'response', inReplyTo: frame.msgId, ...body });
    if (conn.inFlight >= IN_FLIGHT_REQUESTS_MAX) {
      reply({ ok: false, error: { code: 'RETRYABLE', reason: BROKER_REASONS.BUSY } });
      return;
    }
    const spec = BRIDGE_REQUESTS[frame.request];
    const body = spec.request.safeParse(frame.body);
    if (!body.success) {
      const message = summarizeIssues(body.error.issues).slice(0, 500);
      reply({ ok: false, error: { code: 'BAD_REQUEST', reason: BROKER_REASONS.BAD_REQUEST, message } });
      return;
    }
    conn.inFlight += 1;
    try {
      const result = await callGateway(this.options.gateway, frame.request, body.data);
      const checked = spec.result.safeParse(result);
      if (!checked.success) throw new Error(`gateway returned an invalid ${frame.request} result`, { cause: checked.error });
      reply({ ok: true, result: checked.data });
    } catch (error) {
      if (error instanceof AnswerWithheld) {
        this.options.logger.debug({ msgId: frame.msgId, request: frame.request, stage: error.stage }, 'injected fault: answer withheld');
        return;
      }
      reply({ ok: false, error: this.classifyFailure(frame, error) });
    } finally {
      conn.inFlight -= 1;
    }
  }

  /** Sends an answer, corrupted first when the gateway's buggify points say so (SIM-8, tests only). */
  private sendAnswer(conn: Connection, request: Extract<CoreToBridge, { type: 'request' }>, response: Extract<BridgeToCore, { type: 'response' }>): void {
    const corruption = this.options.gateway.transportFaults?.corruptAnswer(request.request);
    if (corruption === undefined) {
      this.send(conn, response);
      return;
    }
    this.options.logger.info({ connNo: conn.connNo, msgId: request.msgId, request: request.request, corruption }, 'injected fault: corrupted answer');
    if (corruption === 'empty_body') this.send(conn, emptiedAnswer(response));
    else this.send(conn, response, truncatedFrameText);
  }

  /** A BrokerError is already classified; anything else is a bug, and a state change may have happened. */
  private classifyFailure(frame: Extract<CoreToBridge, { type: 'request' }>, error: unknown): BridgeError {
    if (error instanceof BrokerError) return error.bridgeError;
    this.options.logger.error({ msgId: frame.msgId, request: frame.request, err: error }, 'request failed unexpectedly; check the broker adapter');
    const changesState = frame.request === 'place_order' || frame.request === 'cancel_order';
    return { code: changesState ? 'OUTCOME_UNKNOWN' : 'RETRYABLE', reason: BROKER_REASONS.INTERNAL };
  }

  private sequencedFrame(event: SequencedEvent, possDup: boolean): BridgeToCore {
    const base = { ...this.envelope(), seq: event.seq, ...(possDup ? { possDup: true } : {}) };
    return event.type === 'order_event'
      ? { ...base, type: 'order_event', event: event.event }
      : { ...base, type: 'fill', fill: event.fill };
  }

  private envelope(): { v: typeof BRIDGE_PROTOCOL_VERSION; msgId: string; sentAt: number } {
    this.msgCounter += 1;
    return { v: BRIDGE_PROTOCOL_VERSION, msgId: `${this.options.msgIdPrefix}-${this.msgCounter.toString(36)}`, sentAt: this.options.clock.now() };
  }

  /**
   * Outbound frames are checked against the contract too; a failure is a bridge bug, never sent.
   * `corrupt` (buggify only) garbles the checked text on its way out.
   */
  private send(conn: Connection, frame: BridgeToCore, corrupt?: (text: string) => string): void {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    const checked = bridgeToCoreSchema.safeParse(frame);
    if (!checked.success) {
      this.options.logger.error({ msgId: frame.msgId, type: frame.type, issues: summarizeIssues(checked.error.issues) }, 'outbound frame invalid; not sent');
      return;
    }
    const text = JSON.stringify(checked.data);
    conn.ws.send(corrupt ? corrupt(text) : text);
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function rawDataToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function summarizeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

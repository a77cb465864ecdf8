import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorCode, ErrorParams, Notification } from '@tradedesk/contracts';
import { WebSocketServer, type WebSocket } from 'ws';

export const FAKE_TOKEN = 'test-service-token-0123456789';

export interface RecordedCall {
  path: string;
  name: string;
  authorization: string | undefined;
  body: { identity?: unknown; idempotencyKey?: string; input?: unknown; actor?: unknown };
}

export type Answer = { status: number; body: unknown; headers?: Record<string, string> };
export type Handler = (call: RecordedCall) => Answer | Promise<Answer>;

/**
 * A real HTTP + WebSocket peer on 127.0.0.1 that speaks core's contract: it records every call,
 * answers from per-command handlers, and serves `/v1/events` for notifications.
 */
export class FakeCore {
  readonly calls: RecordedCall[] = [];
  readonly subscribes: unknown[] = [];
  readonly delivered: string[] = [];
  readonly sockets = new Set<WebSocket>();
  readonly #handlers = new Map<string, Handler>();
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  #deliveredWaiters: Array<() => void> = [];
  url = '';

  constructor() {
    this.#server = createServer((req, res) => void this.#onRequest(req, res));
    this.#wss = new WebSocketServer({
      server: this.#server,
      path: '/v1/events',
      verifyClient: (info: { req: IncomingMessage }) => info.req.headers.authorization === `Bearer ${FAKE_TOKEN}`,
    });
    this.#wss.on('connection', (socket) => this.#onSocket(socket));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Answers `name` with 200 and `output` (or a function of the call). */
  ok(name: string, output: (call: RecordedCall) => unknown): this;
  ok(name: string, output: unknown): this;
  ok(name: string, output: unknown): this {
    this.#handlers.set(name, (call) => ({ status: 200, body: typeof output === 'function' ? (output as (c: RecordedCall) => unknown)(call) : output }));
    return this;
  }

  /** Answers `name` with a contract error body. */
  fail(name: string, status: number, code: ErrorCode, params: ErrorParams = {}): this {
    this.#handlers.set(name, () => ({ status, body: { error: { code, params } } }));
    return this;
  }

  on(name: string, handler: Handler): this {
    this.#handlers.set(name, handler);
    return this;
  }

  callsTo(name: string): RecordedCall[] {
    return this.calls.filter((c) => c.name === name);
  }

  /** Sends a notification to every connected bot. */
  notify(notification: Notification): void {
    for (const socket of this.sockets) socket.send(JSON.stringify({ type: 'notification', notification }));
  }

  /** Resolves once `count` ids in total were confirmed. */
  async waitForDelivered(count: number): Promise<void> {
    while (this.delivered.length < count) await new Promise<void>((r) => this.#deliveredWaiters.push(r));
  }

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/v1\/(commands|admin)\/([a-z_]+)$/.exec(req.url ?? '');
    const call: RecordedCall = {
      path: req.url ?? '',
      name: match?.[2] ?? '',
      authorization: req.headers.authorization,
      body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'),
    };
    this.calls.push(call);
    const answer = req.headers.authorization !== `Bearer ${FAKE_TOKEN}`
      ? { status: 401, body: { error: { code: 'UNAUTHENTICATED', params: {} } } }
      : await (this.#handlers.get(call.name) ?? notFound)(call);
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  }

  #onSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('message', (data) => {
      const event = JSON.parse(String(data)) as { type: string; ids?: string[] };
      if (event.type === 'subscribe') {
        this.subscribes.push(event);
        socket.send(JSON.stringify({ type: 'subscribed' }));
      } else if (event.type === 'delivered') {
        this.delivered.push(...(event.ids ?? []));
        this.#deliveredWaiters.splice(0).forEach((r) => r());
      }
    });
  }
}

const notFound: Handler = (call) => ({ status: 400, body: { error: { code: 'UNKNOWN_COMMAND', params: { name: call.name } } } });

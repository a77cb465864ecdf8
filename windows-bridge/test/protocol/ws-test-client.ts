import { BRIDGE_PROTOCOL_VERSION, bridgeToCoreSchema, type BridgeToCore } from '@tradedesk/contracts';
import { WebSocket } from 'ws';

export const TOKEN = 'test-token-0123456789abcdef';

/** A core-side test client: collects parsed frames and lets a test wait for the next one of a type. */
export interface TestClient {
  ws: WebSocket;
  frames: BridgeToCore[];
  /** Every text frame as received, in order, including ones that are not valid frames (kept out of `frames`). */
  raw: string[];
  /** The oldest frame of `type` not returned before (frames of other types stay available). */
  next<T extends BridgeToCore['type']>(type: T, timeoutMs?: number): Promise<Extract<BridgeToCore, { type: T }>>;
  sendRaw(data: string): void;
  send(frame: Record<string, unknown>): string;
  request(request: string, body: unknown): Promise<Extract<BridgeToCore, { type: 'response' }>>;
  closed: Promise<{ code: number }>;
}

let msgNo = 0;

/** Connects with `Authorization: Bearer <token>`; resolves once open. */
export async function connectClient(port: number, options: { token?: string; autoPong?: boolean } = {}): Promise<TestClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`, {
    headers: { authorization: `Bearer ${options.token ?? TOKEN}` },
    autoPong: options.autoPong ?? true,
  });
  const frames: BridgeToCore[] = [];
  const raw: string[] = [];
  const consumed = new Set<number>();
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    raw.push(String(data));
    const frame = parseFrame(String(data));
    if (frame) frames.push(frame);
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<{ code: number }>((resolve) => ws.on('close', (code) => resolve({ code })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const client: TestClient = {
    ws,
    frames,
    raw,
    closed,
    async next(type, timeoutMs = 2_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = frames.findIndex((f, i) => f.type === type && !consumed.has(i));
        if (index !== -1) {
          consumed.add(index);
          return frames[index] as never;
        }
        const remainingMs = deadline - Date.now();
        if (remainingMs <= 0) throw new Error(`no ${type} frame within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, remainingMs);
          waiters.push(() => { clearTimeout(timer); resolve(); });
        });
      }
    },
    sendRaw: (data) => ws.send(data),
    send(frame) {
      const msgId = `c-${++msgNo}`;
      ws.send(JSON.stringify({ v: BRIDGE_PROTOCOL_VERSION, msgId, sentAt: 0, ...frame }));
      return msgId;
    },
    async request(request, body) {
      const msgId = client.send({ type: 'request', request, body });
      const frame = await client.next('response');
      if (frame.inReplyTo !== msgId) throw new Error(`response to ${frame.inReplyTo}, expected ${msgId}`);
      return frame;
    },
  };
  return client;
}

/** A valid frame, or undefined for text that is not one (a test looks at `raw` for those). */
function parseFrame(text: string): BridgeToCore | undefined {
  try {
    return bridgeToCoreSchema.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** The HTTP status the server answered an upgrade with, when it refused it. */
export function upgradeStatus(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', (error) => {
      if (!/Unexpected server response/.test(String(error))) reject(error);
    });
  });
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookCallback, type Bot } from 'grammy';

/** Bound on a webhook request body: an update is a few KB; anything near this is not from Telegram. */
const WEBHOOK_BODY_BYTES_MAX = 1_000_000;

export interface WebhookServerOptions {
  /** Only this path takes updates (the path of the URL given to setWebhook). */
  path: string;
  /** Telegram echoes it in `X-Telegram-Bot-Api-Secret-Token`; anything else gets 401. */
  secret: string;
  port: number;
  /** Default loopback: a TLS terminator in front forwards to it. */
  host?: string;
}

/**
 * The webhook receiver: a node:http server handing POSTs on `path` to grammY's `webhookCallback`,
 * which compares the secret header in constant time and answers 401 before any handler runs
 * (RELIABILITY BOT-4). A slow handler does not make Telegram resend: after 10 s the request is
 * answered and the update keeps running.
 */
export class WebhookServer {
  readonly #server: Server;
  readonly #options: WebhookServerOptions;

  constructor(bot: Bot, options: WebhookServerOptions) {
    if (options.secret === '') throw new Error('WebhookServer: a secret is required');
    this.#options = options;
    const callback = webhookCallback(bot, 'http', { secretToken: options.secret, onTimeout: 'return', timeoutMilliseconds: 10_000 });
    this.#server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'POST' || path !== options.path) {
        res.writeHead(404).end();
        return;
      }
      if (Number(req.headers['content-length'] ?? 0) > WEBHOOK_BODY_BYTES_MAX) {
        res.writeHead(413).end();
        return;
      }
      callback(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(400);
        res.end();
      });
    });
  }

  /** Listens; resolves with the port (useful when 0 asked for any free one). */
  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#options.port, this.#options.host ?? '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    return (this.#server.address() as AddressInfo).port;
  }

  /** Stops taking updates and closes idle connections. */
  async close(): Promise<void> {
    if (!this.#server.listening) return;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    await closed;
  }
}

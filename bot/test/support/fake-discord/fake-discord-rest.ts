import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake REST API received, with its parsed JSON body (null when it had none). */
export interface RecordedRestRequest {
  method: string;
  /** Path without the query, e.g. `/v10/interactions/1/tok/callback`. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: unknown;
  /** The raw body as received, to check that no secret left the bot in any form. */
  rawBody: string;
  /** The body's bytes (a multipart upload carries binary files). */
  rawBytes: Buffer;
  contentType: string | undefined;
  atMs: number;
}

export interface RestAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A canned answer for the next requests matching `method` + `path`; `times` how many (default 1). */
interface Override {
  method: string;
  path: RegExp;
  answer: RestAnswer;
  times: number;
}

export const FAKE_BOT_USER = { id: '900000000000000001', username: 'tradedesk', discriminator: '0', global_name: null, avatar: null, bot: true } as const;
export const DM_CHANNEL_PREFIX = '700000000000000';

let snowflakeCounter = 0n;
/** A fresh snowflake-shaped id (increasing, like Discord's). */
export function nextSnowflake(): string {
  snowflakeCounter += 1n;
  return (1_300_000_000_000_000_000n + snowflakeCounter).toString();
}

/**
 * Discord's REST API on 127.0.0.1, just enough for a discord.js bot: gateway discovery, command
 * registration, interaction callbacks, webhook edits and follow-ups, DMs. Every request is
 * recorded; answers carry X-RateLimit headers; {@link answerNext} switches in 429s, 5xx or API errors.
 */
export class FakeDiscordRest {
  readonly requests: RecordedRestRequest[] = [];
  readonly #server: Server;
  readonly #overrides: Override[] = [];
  /** Delays answers to interaction callbacks (to let a deadline pass). */
  callbackDelayMs = 0;
  gatewayUrl = '';
  url = '';

  constructor() {
    this.#server = createServer((req, res) => void this.#onRequest(req, res));
  }

  /** The `rest.api` root to give discord.js (it appends `/v10`). */
  get apiRoot(): string {
    return `${this.url}/api`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Answers the next `times` requests matching with `answer` instead of the normal one. */
  answerNext(method: string, path: RegExp, answer: RestAnswer, times = 1): this {
    this.#overrides.push({ method, path, answer, times });
    return this;
  }

  /** Requests whose method matches and whose path matches `path`. */
  find(method: string, path: RegExp): RecordedRestRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBytes = Buffer.concat(chunks);
    const rawBody = rawBytes.toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const path = decodeURIComponent(url.pathname).replace(/^\/api/, '');
    const recorded: RecordedRestRequest = {
      method: req.method ?? 'GET', path, query: url.searchParams, authorization: req.headers.authorization,
      body: rawBody && (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(rawBody) : null,
      rawBody, rawBytes, contentType: req.headers['content-type'], atMs: Date.now(),
    };
    this.requests.push(recorded);
    const override = this.#takeOverride(recorded);
    let answer = override ?? this.#answer(recorded);
    if (!override && /\/callback$/.test(path) && this.callbackDelayMs > 0) {
      await new Promise((r) => setTimeout(r, this.callbackDelayMs));
    }
    answer ??= { status: 404, body: { message: 'Unknown route', code: 0 } };
    res.writeHead(answer.status, {
      ...(answer.body === undefined ? {} : { 'content-type': 'application/json' }),
      'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '4', 'x-ratelimit-reset-after': '1', 'x-ratelimit-bucket': 'fake-bucket',
      ...answer.headers,
    });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }

  #takeOverride(request: RecordedRestRequest): RestAnswer | null {
    const index = this.#overrides.findIndex((o) => o.method === request.method && o.path.test(request.path));
    if (index < 0) return null;
    const override = this.#overrides[index]!;
    override.times -= 1;
    if (override.times <= 0) this.#overrides.splice(index, 1);
    return override.answer;
  }

  #answer(request: RecordedRestRequest): RestAnswer | null {
    const { method, path } = request;
    if (method === 'GET' && path === '/v10/gateway/bot') {
      return { status: 200, body: { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } };
    }
    if (method === 'PUT' && /^\/v10\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      const body = (request.body as Array<Record<string, unknown>>) ?? [];
      return { status: 200, body: body.map((c) => ({ ...c, id: nextSnowflake(), application_id: path.split('/')[3], version: nextSnowflake(), type: 1 })) };
    }
    if (method === 'POST' && /^\/v10\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return { status: 204 };
    const webhook = /^\/v10\/webhooks\/(\d+)\/[^/]+(\/messages\/@original)?$/.exec(path);
    if (webhook && (method === 'PATCH' || method === 'POST')) {
      return { status: 200, body: fakeMessage(request.body, { channelId: '800000000000000001', webhookId: webhook[1]! }) };
    }
    if (method === 'POST' && path === '/v10/users/@me/channels') {
      const recipientId = String((request.body as { recipient_id?: string } | null)?.recipient_id ?? '');
      return { status: 200, body: { id: dmChannelIdFor(recipientId), type: 1, last_message_id: null, recipients: [{ id: recipientId, username: `user${recipientId.slice(-4)}`, discriminator: '0', global_name: null, avatar: null }] } };
    }
    const channel = /^\/v10\/channels\/(\d+)\/messages$/.exec(path);
    if (channel && method === 'POST') return { status: 200, body: fakeMessage(request.body, { channelId: channel[1]! }) };
    return null;
  }
}

/** The DM channel id the fake gives a user: stable, so tests can match it. */
export function dmChannelIdFor(userId: string): string {
  return `${DM_CHANNEL_PREFIX}${userId.slice(-4).padStart(4, '0')}`;
}

/** A message object as Discord returns it after a send or an edit. */
export function fakeMessage(sent: unknown, where: { channelId: string; webhookId?: string }): Record<string, unknown> {
  const body = (sent ?? {}) as { content?: string; embeds?: unknown[]; components?: unknown[]; flags?: number };
  return {
    id: nextSnowflake(), channel_id: where.channelId, author: FAKE_BOT_USER, content: body.content ?? '',
    timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [],
    mention_roles: [], attachments: [], embeds: body.embeds ?? [], components: body.components ?? [], pinned: false,
    type: 0, flags: body.flags ?? 0, ...(where.webhookId ? { webhook_id: where.webhookId, application_id: where.webhookId } : {}),
  };
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallbackQuery, Chat, Message, Update, User, UserFromGetMe } from 'grammy/types';

export const FAKE_BOT_TOKEN = '123456:TEST-fake-bot-token';

export const FAKE_BOT_INFO: UserFromGetMe = {
  id: 123456, is_bot: true, first_name: 'Tradedesk', username: 'TradedeskTestBot',
  can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false,
  can_connect_to_business: false, has_main_web_app: false, has_topics_enabled: false,
  allows_users_to_create_topics: false, can_manage_bots: false, supports_join_request_queries: false,
};

/** One Bot API call as the fake received it, and how it answered. */
export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  status: number;
  atMs: number;
}

/** A refusal to force on a method: 429 (with retry_after), 5xx, 400, 403. */
export interface ForcedFailure {
  status: number;
  description?: string;
  retryAfterSec?: number;
}

export interface FakeTelegramApiOptions {
  token?: string;
  botInfo?: UserFromGetMe;
  now?: () => number;
  /** Minimum gap between two messages to one chat (Telegram: ~1 per second). */
  perChatIntervalMs?: number;
  /** Clock jitter forgiven on the per-chat gap (requests leave and arrive a few ms apart). */
  perChatToleranceMs?: number;
  /** Messages per rolling second over all chats (Telegram: ~30). */
  globalPerSecond?: number;
}

interface StoredMessage {
  message: Message;
  /** The raw HTML sent (for assertions on escaping). */
  html: string | undefined;
  replyMarkup: unknown;
  fromBot: boolean;
}

type Answer = { status: number; body: unknown };
class ApiFailure extends Error {
  constructor(readonly status: number, readonly description: string, readonly retryAfterSec?: number) {
    super(description);
  }
}

const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'tg-emoji', 'code', 'pre', 'blockquote', 'tg-time']);

/**
 * Telegram's HTML parse mode as the Bot API applies it (CHAT-PLATFORMS.md B4): only the allowed tags,
 * balanced; `&` only as `&lt; &gt; &amp; &quot;` or a numeric entity; a bare `<` or `>` is an error.
 * Returns the visible text, whose length is what the 4096 limit counts.
 */
export function parseTelegramHtml(html: string): string {
  const stack: string[] = [];
  let visible = '';
  let i = 0;
  while (i < html.length) {
    const c = html[i]!;
    if (c === '<') {
      const end = html.indexOf('>', i);
      if (end === -1) throw new ApiFailure(400, `Bad Request: can't parse entities: unclosed start tag at byte offset ${i}`);
      const tag = html.slice(i + 1, end);
      const closing = tag.startsWith('/');
      const name = (closing ? tag.slice(1) : tag).split(/\s/)[0]!.toLowerCase();
      if (!ALLOWED_TAGS.has(name)) throw new ApiFailure(400, `Bad Request: can't parse entities: unsupported start tag "${name}" at byte offset ${i}`);
      if (closing) {
        if (stack.pop() !== name) throw new ApiFailure(400, `Bad Request: can't parse entities: unmatched end tag at byte offset ${i}`);
      } else stack.push(name);
      i = end + 1;
    } else if (c === '>') {
      throw new ApiFailure(400, `Bad Request: can't parse entities: character '>' is reserved at byte offset ${i}`);
    } else if (c === '&') {
      const entity = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(html.slice(i));
      if (!entity) throw new ApiFailure(400, `Bad Request: can't parse entities: character '&' is reserved at byte offset ${i}`);
      visible += ({ lt: '<', gt: '>', amp: '&', quot: '"' } as Record<string, string>)[entity[1]!.toLowerCase()] ?? '?';
      i += entity[0].length;
    } else {
      visible += c;
      i += 1;
    }
  }
  if (stack.length > 0) throw new ApiFailure(400, `Bad Request: can't parse entities: can't find end tag corresponding to start tag "${stack.at(-1)}"`);
  return visible;
}

/**
 * A fake Telegram Bot API server on 127.0.0.1 for acceptance tests: point grammY's `client.apiRoot`
 * at {@link url}. It keeps chats and messages, serves long polling (`getUpdates` with offset and
 * timeout) or delivers to a webhook, checks HTML and sizes like Telegram, and enforces the flood
 * limits (per chat and overall) with 429 + `retry_after`. Failures can be forced per method.
 */
export class FakeTelegramApi {
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  readonly calls: ApiCall[] = [];
  /** 429s the fake sent because a flood limit was exceeded (not forced ones). */
  floodRefusals = 0;
  readonly commandMenus = new Map<string, Array<{ command: string; description: string }>>();
  readonly answeredCallbackQueries = new Set<string>();
  webhook: { url: string; secret: string | undefined } | null = null;
  /** Status codes the bot's webhook answered, in order. */
  readonly webhookStatuses: number[] = [];
  url = '';
  readonly #server: Server;
  readonly #options: Required<Omit<FakeTelegramApiOptions, 'token' | 'botInfo'>>;
  readonly #chats = new Map<number, Chat>();
  readonly #messages = new Map<number, Map<number, StoredMessage>>();
  readonly #forced = new Map<string, ForcedFailure[]>();
  readonly #blocked = new Set<number>();
  readonly #undeletable = new Set<number>();
  readonly #lastSendAtMs = new Map<number, number>();
  readonly #recentSendsMs: number[] = [];
  readonly #pendingCallbackQueries = new Set<string>();
  #updates: Update[] = [];
  #pollWaiters: Array<() => void> = [];
  #nextUpdateId = 1_000;
  #nextMessageId = 1;
  #nextQueryId = 1;

  constructor(options: FakeTelegramApiOptions = {}) {
    this.token = options.token ?? FAKE_BOT_TOKEN;
    this.botInfo = options.botInfo ?? FAKE_BOT_INFO;
    this.#options = {
      now: options.now ?? Date.now,
      perChatIntervalMs: options.perChatIntervalMs ?? 1_000,
      perChatToleranceMs: options.perChatToleranceMs ?? 30,
      globalPerSecond: options.globalPerSecond ?? 30,
    };
    this.#server = createServer((req, res) => void this.#onRequest(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#pollWaiters.splice(0).forEach((wake) => wake());
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  // --- the people on the other side -------------------------------------------------------------

  /** A private chat with `user` (the user pressed Start). */
  privateChat(user: User): Chat.PrivateChat {
    const chat: Chat.PrivateChat = { id: user.id, type: 'private', first_name: user.first_name };
    this.#chats.set(chat.id, chat);
    return chat;
  }

  group(id: number, title = 'Trading club'): Chat.SupergroupChat {
    const chat: Chat.SupergroupChat = { id, type: 'supergroup', title };
    this.#chats.set(chat.id, chat);
    return chat;
  }

  /** `user` writes `text` in `chat`: the message is stored (so it can be deleted) and an update queued. */
  userSends(from: User, chat: Chat, text: string): Update {
    const command = /^\/\S+/.exec(text);
    const message = {
      message_id: this.#nextMessageId++, date: Math.floor(this.#options.now() / 1000), chat, from, text,
      ...(command ? { entities: [{ type: 'bot_command' as const, offset: 0, length: command[0].length }] } : {}),
    } as Message.TextMessage;
    this.#store(chat.id, { message, html: undefined, replyMarkup: undefined, fromBot: false });
    return this.enqueue({ update_id: this.#nextUpdateId++, message } as Update);
  }

  /** `user` presses the button with `data` under the bot's `message`. */
  userPresses(from: User, message: Message, data: string): Update {
    const query: CallbackQuery = { id: String(this.#nextQueryId++), from, message, chat_instance: '42', data };
    this.#pendingCallbackQueries.add(query.id);
    return this.enqueue({ update_id: this.#nextUpdateId++, callback_query: query } as Update);
  }

  /** Queues an update (again, for a redelivery), or posts it to the webhook when one is set. */
  enqueue(update: Update): Update {
    if (this.webhook) {
      void this.postToWebhook(update, this.webhook.secret).then((status) => this.webhookStatuses.push(status));
      return update;
    }
    this.#updates.push(update);
    this.#pollWaiters.splice(0).forEach((wake) => wake());
    return update;
  }

  /** POSTs an update to the webhook with the given secret header (none when undefined); the status. */
  async postToWebhook(update: Update, secret: string | undefined, url = this.webhook?.url): Promise<number> {
    if (!url) throw new Error('no webhook set');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret !== undefined ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
      body: JSON.stringify(update),
    });
    await response.arrayBuffer();
    return response.status;
  }

  // --- switches ---------------------------------------------------------------------------------

  /** The next `times` calls of `method` fail with `failure`. */
  failNext(method: string, failure: ForcedFailure, times = 1): this {
    const queue = this.#forced.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.#forced.set(method, queue);
    return this;
  }

  /** The user behind this private chat blocked the bot: sends get 403. */
  block(chatId: number): this {
    this.#blocked.add(chatId);
    return this;
  }

  /** The bot has no right to delete messages in this chat. */
  denyDeletes(chatId: number): this {
    this.#undeletable.add(chatId);
    return this;
  }

  // --- what the bot did -------------------------------------------------------------------------

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages the bot sent to a chat and that still exist, in order. */
  botMessages(chatId: number): Array<{ message: Message; html: string | undefined; replyMarkup: unknown }> {
    return [...(this.#messages.get(chatId)?.values() ?? [])].filter((m) => m.fromBot);
  }

  hasMessage(chatId: number, messageId: number): boolean {
    return this.#messages.get(chatId)?.has(messageId) ?? false;
  }

  /** Updates not yet confirmed by a getUpdates offset. */
  get unconfirmedUpdates(): number {
    return this.#updates.length;
  }

  // --- the Bot API ------------------------------------------------------------------------------

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url ?? '');
    const body = Buffer.concat(chunks);
    const payload = req.headers['content-type']?.includes('multipart/form-data')
      ? parseMultipart(body, req.headers['content-type'])
      : parsePayload(body.toString('utf8'), req.headers['content-type']);
    const method = match?.[2] ?? '';
    let answer: Answer;
    if (!match || match[1] !== this.token) {
      answer = { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
    } else {
      try {
        answer = { status: 200, body: { ok: true, result: await this.#call(method, payload, res) } };
      } catch (err) {
        if (!(err instanceof ApiFailure)) throw err;
        answer = {
          status: err.status,
          body: { ok: false, error_code: err.status, description: err.description, ...(err.retryAfterSec !== undefined ? { parameters: { retry_after: err.retryAfterSec } } : {}) },
        };
      }
    }
    if (method !== 'getUpdates') this.calls.push({ method, payload, status: answer.status, atMs: this.#options.now() });
    if (res.destroyed) return;
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  }

  async #call(method: string, p: Record<string, unknown>, res: ServerResponse): Promise<unknown> {
    const forced = this.#forced.get(method)?.shift();
    if (forced) {
      const description = forced.description ?? (forced.status === 429 ? `Too Many Requests: retry after ${forced.retryAfterSec ?? 1}` : forced.status >= 500 ? 'Internal Server Error' : 'Bad Request');
      throw new ApiFailure(forced.status, description, forced.status === 429 ? (forced.retryAfterSec ?? 1) : undefined);
    }
    switch (method) {
      case 'getMe': return this.botInfo;
      case 'getUpdates': return this.#getUpdates(p, res);
      case 'sendMessage': return this.#sendMessage(p);
      case 'sendPhoto': return this.#sendPhoto(p);
      case 'editMessageText': return this.#editMessage(p, true);
      case 'editMessageReplyMarkup': return this.#editMessage(p, false);
      case 'answerCallbackQuery': return this.#answerCallbackQuery(p);
      case 'deleteMessage': return this.#deleteMessage(p);
      case 'sendChatAction': this.#chat(p.chat_id); return true;
      case 'setMyCommands': return this.#setMyCommands(p);
      case 'setWebhook': return this.#setWebhook(p);
      case 'deleteWebhook': this.webhook = null; return true;
      default: throw new ApiFailure(404, 'Not Found');
    }
  }

  async #getUpdates(p: Record<string, unknown>, res: ServerResponse): Promise<Update[]> {
    if (this.webhook) throw new ApiFailure(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = Number(p.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(p.limit ?? 100)));
    const timeoutSec = Math.min(50, Number(p.timeout ?? 0));
    // An offset confirms every update before it.
    this.#updates = this.#updates.filter((u) => u.update_id >= offset);
    if (this.#updates.length === 0 && timeoutSec > 0) {
      await new Promise<void>((resolve) => {
        // The response closing before it was written means the bot aborted the poll.
        const timer = setTimeout(wake, timeoutSec * 1000);
        res.once('close', wake);
        this.#pollWaiters.push(wake);
        function wake() {
          clearTimeout(timer);
          res.off('close', wake);
          resolve();
        }
      });
    }
    return this.#updates.filter((u) => u.update_id >= offset).slice(0, limit);
  }

  #sendMessage(p: Record<string, unknown>): Message {
    const chat = this.#chat(p.chat_id);
    const text = String(p.text ?? '');
    const visible = p.parse_mode === 'HTML' ? parseTelegramHtml(text) : text;
    if (visible.trim() === '') throw new ApiFailure(400, 'Bad Request: message text is empty');
    if (visible.length > 4096) throw new ApiFailure(400, 'Bad Request: message is too long');
    this.#checkFloodLimits(chat.id);
    const message = {
      message_id: this.#nextMessageId++, date: Math.floor(this.#options.now() / 1000), chat,
      from: this.botInfo, text: visible, ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
    } as Message.TextMessage;
    this.#store(chat.id, { message, html: p.parse_mode === 'HTML' ? text : undefined, replyMarkup: p.reply_markup, fromBot: true });
    return message;
  }

  /** A photo upload (B7): the file arrives as a multipart part ({@link UploadedFile}); caption at most 1,024 visible characters. */
  #sendPhoto(p: Record<string, unknown>): Message {
    const chat = this.#chat(p.chat_id);
    const photo = p.photo;
    if (!(photo instanceof Object) || !('bytes' in photo)) throw new ApiFailure(400, 'Bad Request: there is no photo in the request');
    const caption = p.caption === undefined ? '' : String(p.caption);
    const visible = p.parse_mode === 'HTML' ? parseTelegramHtml(caption) : caption;
    if (visible.length > 1024) throw new ApiFailure(400, 'Bad Request: message caption is too long');
    this.#checkFloodLimits(chat.id);
    const message = {
      message_id: this.#nextMessageId++, date: Math.floor(this.#options.now() / 1000), chat, from: this.botInfo,
      photo: [{ file_id: `photo-${this.#nextMessageId}`, file_unique_id: `u${this.#nextMessageId}`, width: 960, height: 540 }],
      ...(visible ? { caption: visible } : {}), ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
    } as unknown as Message.PhotoMessage;
    this.#store(chat.id, { message, html: p.parse_mode === 'HTML' ? caption : undefined, replyMarkup: p.reply_markup, fromBot: true });
    return message;
  }

  /** Per chat: one message per interval; overall: `globalPerSecond` in any rolling second (B3). */
  #checkFloodLimits(chatId: number): void {
    const nowMs = this.#options.now();
    const { perChatIntervalMs, perChatToleranceMs, globalPerSecond } = this.#options;
    const lastMs = this.#lastSendAtMs.get(chatId);
    if (lastMs !== undefined && nowMs - lastMs < perChatIntervalMs - perChatToleranceMs) {
      this.floodRefusals += 1;
      const retryAfterSec = Math.max(1, Math.ceil((perChatIntervalMs - (nowMs - lastMs)) / 1000));
      throw new ApiFailure(429, `Too Many Requests: retry after ${retryAfterSec}`, retryAfterSec);
    }
    while (this.#recentSendsMs.length > 0 && this.#recentSendsMs[0]! <= nowMs - 1000) this.#recentSendsMs.shift();
    if (this.#recentSendsMs.length >= globalPerSecond) {
      this.floodRefusals += 1;
      throw new ApiFailure(429, 'Too Many Requests: retry after 1', 1);
    }
    this.#lastSendAtMs.set(chatId, nowMs);
    this.#recentSendsMs.push(nowMs);
  }

  #editMessage(p: Record<string, unknown>, withText: boolean): Message {
    const chat = this.#chat(p.chat_id);
    const stored = this.#messages.get(chat.id)?.get(Number(p.message_id));
    if (!stored || !stored.fromBot) throw new ApiFailure(400, 'Bad Request: message to edit not found');
    const html = withText ? String(p.text ?? '') : stored.html;
    const visible = withText ? (p.parse_mode === 'HTML' ? parseTelegramHtml(html ?? '') : html ?? '') : (stored.message as Message.TextMessage).text;
    if (withText && visible.length > 4096) throw new ApiFailure(400, 'Bad Request: message is too long');
    const markup = p.reply_markup ?? (withText ? undefined : stored.replyMarkup);
    if (visible === (stored.message as Message.TextMessage).text && JSON.stringify(markup) === JSON.stringify(stored.replyMarkup)) {
      throw new ApiFailure(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
    }
    stored.message = { ...stored.message, text: visible } as Message;
    stored.html = html;
    stored.replyMarkup = markup;
    return stored.message;
  }

  #answerCallbackQuery(p: Record<string, unknown>): true {
    const id = String(p.callback_query_id ?? '');
    if (!this.#pendingCallbackQueries.delete(id)) throw new ApiFailure(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
    this.answeredCallbackQueries.add(id);
    return true;
  }

  #deleteMessage(p: Record<string, unknown>): true {
    const chat = this.#chat(p.chat_id);
    if (this.#undeletable.has(chat.id)) throw new ApiFailure(400, "Bad Request: message can't be deleted");
    if (!this.#messages.get(chat.id)?.delete(Number(p.message_id))) throw new ApiFailure(400, 'Bad Request: message to delete not found');
    return true;
  }

  #setMyCommands(p: Record<string, unknown>): true {
    const commands = p.commands as Array<{ command: string; description: string }> | undefined;
    if (!Array.isArray(commands) || commands.length > 100) throw new ApiFailure(400, 'Bad Request: commands must be an array of at most 100');
    for (const c of commands) {
      if (!/^[a-z0-9_]{1,32}$/.test(c.command)) throw new ApiFailure(400, 'Bad Request: BOT_COMMAND_INVALID');
      if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) throw new ApiFailure(400, 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
    }
    this.commandMenus.set(String(p.language_code ?? ''), commands);
    return true;
  }

  #setWebhook(p: Record<string, unknown>): true {
    const secret = p.secret_token === undefined ? undefined : String(p.secret_token);
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw new ApiFailure(400, 'Bad Request: secret token contains unallowed characters');
    this.webhook = { url: String(p.url), secret };
    return true;
  }

  #chat(chatId: unknown): Chat {
    const id = Number(chatId);
    const chat = this.#chats.get(id);
    if (!chat) throw new ApiFailure(400, 'Bad Request: chat not found');
    if (this.#blocked.has(id)) throw new ApiFailure(403, 'Forbidden: bot was blocked by the user');
    return chat;
  }

  #store(chatId: number, stored: StoredMessage): void {
    const messages = this.#messages.get(chatId) ?? new Map<number, StoredMessage>();
    messages.set(stored.message.message_id, stored);
    this.#messages.set(chatId, messages);
  }
}

/** A file part of a multipart request (grammY's InputFile upload). */
export interface UploadedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/**
 * grammY sends uploads as multipart/form-data (unquoted filenames, no space after colons, which
 * stricter parsers refuse): text fields as strings (JSON ones parsed), files as {@link UploadedFile}.
 */
function parseMultipart(body: Buffer, contentType: string): Record<string, unknown> {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) throw new ApiFailure(400, 'Bad Request: multipart without boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const payload: Record<string, unknown> = {};
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const partStart = at + delimiter.length + 2;
    const next = body.indexOf(delimiter, partStart);
    if (next < 0) break;
    const part = body.subarray(partStart, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + 4);
    const name = /name="?([^";\r\n]+)"?/i.exec(headers.replace(/filename=[^;\r\n]*/i, ''))?.[1] ?? '';
    const filename = /filename="?([^";\r\n]+)"?/i.exec(headers)?.[1];
    if (filename !== undefined) {
      payload[name] = { name: filename, type: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? '', bytes: new Uint8Array(content) } satisfies UploadedFile;
    } else {
      const value = content.toString('utf8');
      payload[name] = /^[[{]/.test(value) ? JSON.parse(value) as unknown : value;
    }
    at = next;
  }
  // A file field refers to its part by `attach://<part name>`.
  for (const [key, value] of Object.entries(payload)) {
    if (typeof value === 'string' && value.startsWith('attach://')) payload[key] = payload[value.slice('attach://'.length)];
  }
  return payload;
}

function parsePayload(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}

/** A Telegram user with a client language. */
export function telegramUser(id: number, languageCode = 'ko', firstName = `user${id}`): User {
  return { id, is_bot: false, first_name: firstName, language_code: languageCode };
}

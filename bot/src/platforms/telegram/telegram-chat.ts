import { randomUUID } from 'node:crypto';
import type { Locale } from '@tradedesk/contracts';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Api, Bot, GrammyError, InputFile, type Context, type NextFunction, type Transformer } from 'grammy';
import type { Message, UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';
import { replyToLines, type ChatReply, type ReplyImage } from '../../commands/reply.js';
import type { EventSubscription } from '../../event-stream-client.js';
import { t } from '../../i18n/index.js';
import { silentLogger } from '../../logger.js';
import type {
  ChatPlatformAdapter, InboundHandlers, NotificationDelivery, NotificationTarget, PlatformSendLimits,
} from '../platform-adapter.js';
import { ChatSendGate } from './chat-send-gate.js';
import { registerCommandMenu } from './command-menu.js';
import { CONNECT_PROMPT_TTL_MS, PendingConnects } from './pending-connect.js';
import { routeText } from './route-text.js';
import { SeenUpdates } from './seen-updates.js';
import { toPlatformSendError } from './send-errors.js';
import { escapeHtml, formatTelegramReply, TELEGRAM_CAPTION_CHARS_MAX, TELEGRAM_MESSAGE_CHARS_MAX } from './telegram-format.js';
import { localeFromLanguageCode, telegramIdempotencyKey, telegramIdentity } from './telegram-identity.js';
import { telegramText } from './texts.js';
import { WebhookServer } from './webhook-server.js';

/** Telegram's limits for proactive messages (CHAT-PLATFORMS.md B3), with margin under 30/s. */
export const TELEGRAM_SEND_LIMITS: PlatformSendLimits = {
  perChatIntervalMs: 1_000, globalPerSecond: 25, maxMessageChars: TELEGRAM_MESSAGE_CHARS_MAX,
};

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/** How long a button press may keep the client's spinner while its reply is computed. */
export const CALLBACK_ANSWER_WAIT_MS = 500;
/** Longest `answerCallbackQuery` text (B2). */
const CALLBACK_ANSWER_CHARS_MAX = 200;

/** A reply as one plain line for a callback answer, cut to Telegram's limit. */
function plainText(reply: ChatReply): string {
  const text = replyToLines(reply).join('\n');
  return text.length > CALLBACK_ANSWER_CHARS_MAX ? `${text.slice(0, CALLBACK_ANSWER_CHARS_MAX - 1)}…` : text;
}

export interface TelegramChatOptions {
  /** The bot token (never logged). */
  token: string;
  /** The Bot API root, no trailing slash (a local telegram-bot-api server, or a fake in tests). */
  apiRoot?: string;
  /**
   * Where updates come from: `auto` = webhook when configured, else long polling; `manual` = the
   * caller feeds them with `bot.handleUpdate` (an embedding that receives updates itself, tests).
   */
  intake?: 'auto' | 'manual';
  /** Receive updates by webhook instead of long polling. */
  webhook?: { url: string; secret: string; port: number; host?: string } | undefined;
  /** The bot's own user; when given, start-up needs no getMe (tests). */
  botInfo?: UserFromGetMe;
  /** For the adapter's own texts when the person's client names no language we speak. */
  defaultLocale?: Locale;
  logger?: Logger;
  /** Epoch ms; expires pending `/connect` prompts. */
  now?: () => number;
  /** Waits between the messages of a split reply (per-chat pacing). */
  sleep?: (ms: number) => Promise<void>;
  /** Long-polling wait per getUpdates, in seconds (default 30). */
  pollTimeoutSec?: number;
  /**
   * API transformers installed beneath the retries, as grammY recommends for tests: they see every
   * attempt and may answer without a network.
   */
  apiTransformers?: Transformer[];
}

/**
 * The Telegram adapter (grammY). Long polling with @grammyjs/runner (updates of one chat in order),
 * or a webhook when configured. Text messages and button presses go to the neutral layer with the
 * sender's identity and `tg:<update_id>` as idempotency key; replies come back as HTML with inline
 * buttons. Platform rules live here: account commands only in private chats, `/connect` messages
 * deleted, repeated updates dropped, flood limits honoured (auto-retry on every call).
 */
export class TelegramChat implements ChatPlatformAdapter {
  readonly platform = 'telegram' as const;
  readonly subscription: EventSubscription = { platforms: ['telegram'] };
  readonly sendLimits = TELEGRAM_SEND_LIMITS;
  readonly done: Promise<void>;
  /** The grammY bot; `bot.handleUpdate(update)` feeds an update in tests. */
  readonly bot: Bot;
  readonly #notifyApi: Api;
  readonly #options: TelegramChatOptions;
  readonly #logger: Logger;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #gate: ChatSendGate;
  readonly #seen = new SeenUpdates();
  readonly #pending: PendingConnects;
  #handlers: InboundHandlers | null = null;
  #runner: RunnerHandle | null = null;
  #webhook: WebhookServer | null = null;
  #finish!: () => void;

  constructor(options: TelegramChatOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger();
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#pending = new PendingConnects(options.now ?? Date.now);
    this.#gate = new ChatSendGate(TELEGRAM_SEND_LIMITS.perChatIntervalMs, options.now ?? Date.now, this.#sleep);
    this.done = new Promise((resolve) => { this.#finish = resolve; });
    const client = options.apiRoot ? { apiRoot: options.apiRoot } : {};
    this.bot = new Bot(options.token, { client, ...(options.botInfo ? { botInfo: options.botInfo } : {}) });
    // Interactive replies: someone is waiting, so give up on long flood waits rather than answer late.
    this.bot.api.config.use(...(options.apiTransformers ?? []), autoRetry({ maxDelaySeconds: 10, maxRetryAttempts: 3, rethrowHttpErrors: true }));
    // Notifications: short waits in place; longer ones, 5xx and network failures go back to the outbox.
    this.#notifyApi = new Api(options.token, client);
    this.#notifyApi.config.use(...(options.apiTransformers ?? []), autoRetry({
      maxDelaySeconds: 5, maxRetryAttempts: 2, rethrowInternalServerErrors: true, rethrowHttpErrors: true,
    }));
    this.#install();
  }

  #install(): void {
    this.bot.use((ctx, next) => this.#errorBoundary(ctx, next));
    this.bot.use((ctx, next) => (this.#seen.firstTime(ctx.update.update_id) ? next() : undefined));
    this.bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
    this.bot.on('message:text', (ctx) => this.#onText(ctx, ctx.message));
    this.bot.on('callback_query:data', (ctx) => this.#onAction(ctx, ctx.callbackQuery.data));
  }

  /** Registers the command menu, then takes updates by webhook or long polling. */
  async start(handlers: InboundHandlers): Promise<void> {
    this.#handlers = handlers;
    await this.bot.init();
    await registerCommandMenu(this.bot.api).catch((err: unknown) => this.#logger.warn({ err }, 'telegram command menu not registered'));
    if (this.#options.intake === 'manual') return;
    const webhook = this.#options.webhook;
    if (webhook) {
      this.#webhook = new WebhookServer(this.bot, { path: new URL(webhook.url).pathname, secret: webhook.secret, port: webhook.port, host: webhook.host });
      await this.#webhook.listen();
      await this.bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES] });
      return;
    }
    // getUpdates fails while a webhook is set (B1); a previous deployment may have left one.
    await this.bot.api.deleteWebhook();
    this.#runner = run(this.bot, {
      runner: { fetch: { timeout: this.#options.pollTimeoutSec ?? 30, allowed_updates: [...ALLOWED_UPDATES] }, silent: true },
    });
    this.#runner.task()?.catch((err: unknown) => {
      this.#logger.error({ err }, 'telegram polling stopped; check the bot token and that no other instance polls');
      this.#finish();
    });
  }

  async stop(): Promise<void> {
    await this.#runner?.stop();
    await this.#webhook?.close();
    this.#finish();
    await this.done;
  }

  /** Sends a notification, split as needed; a refusal becomes a {@link PlatformSendError}. */
  async sendNotification(target: NotificationTarget, reply: ChatReply, delivery: NotificationDelivery): Promise<void> {
    try {
      await this.#send(this.#notifyApi, target.chatId, reply, { silent: delivery.silent });
    } catch (err) {
      const sendError = toPlatformSendError(err);
      if (sendError.detail.permanent) this.#logger.warn({ err: sendError, platform: 'telegram' }, 'telegram notification refused for good');
      throw sendError;
    }
  }

  async #errorBoundary(ctx: Context, next: NextFunction): Promise<void> {
    try {
      await next();
    } catch (err) {
      const errorId = randomUUID().slice(0, 8);
      this.#logger.error({ err, errorId, updateId: ctx.update.update_id }, 'telegram update failed');
      if (!ctx.chat) return;
      const text = t(this.#locale(ctx), 'unexpectedError', { errorId });
      await this.bot.api.sendMessage(ctx.chat.id, escapeHtml(text), { parse_mode: 'HTML' })
        .catch((sendErr: unknown) => this.#logger.warn({ err: sendErr, errorId }, 'telegram error reply not sent'));
    }
  }

  async #onText(ctx: Context, message: Message & { text: string }): Promise<void> {
    const handlers = this.#requireHandlers();
    if (!message.from) return;
    const identity = telegramIdentity(message.from, message.chat);
    const locale = this.#locale(ctx);
    const awaiting = identity.isPrivateChat && this.#pending.take(identity.platformUserId, identity.chatId);
    const route = routeText(message.text, { isPrivateChat: identity.isPrivateChat, botUsername: ctx.me.username, awaitingCredentials: awaiting });
    const reply = (text: string) => this.#reply(message, { text });
    switch (route.kind) {
      case 'ignore':
        return;
      case 'connect-outside-private': {
        const deleted = await this.#deleteMessage(message);
        const text = telegramText(locale, 'connectDeletedOutsidePrivate', this.#privateChatLink(ctx));
        return reply(deleted ? text : `${text}\n${telegramText(locale, 'connectNotDeleted')}`);
      }
      case 'private-only':
        return reply(telegramText(locale, 'privateChatOnly', route.command, this.#privateChatLink(ctx)));
      case 'ask-credentials':
        this.#pending.open(identity.platformUserId, identity.chatId);
        return reply(telegramText(locale, 'connectAskCredentials', CONNECT_PROMPT_TTL_MS / 60_000));
      case 'run': {
        // The credentials leave the chat before anything else happens; a failed delete is said.
        const notDeleted = route.secret && !(await this.#deleteMessage(message));
        if (route.command !== undefined && route.command !== 'help') this.#showTyping(message.chat.id);
        const answer = await handlers.handleText({ identity, idempotencyKey: telegramIdempotencyKey(ctx.update.update_id), text: route.text });
        if (notDeleted) await reply(telegramText(locale, 'connectNotDeleted'));
        if (answer) await this.#reply(message, answer);
      }
    }
  }

  /**
   * A button press. The client shows a spinner until the query is answered (B6), so it is answered
   * as soon as the action's reply is known, or after {@link CALLBACK_ANSWER_WAIT_MS} at the latest.
   * A refusal (someone else's button, expired, already pressed: an `ephemeral` reply) is shown to the
   * presser alone in that answer and leaves the message as it was; any other reply replaces the
   * message, its buttons removed unless it brings new ones.
   */
  async #onAction(ctx: Context, actionId: string): Promise<void> {
    const handlers = this.#requireHandlers();
    const message = ctx.callbackQuery?.message;
    if (!message || !ctx.from) {
      await this.#answerQuery(ctx);
      return;
    }
    const identity = telegramIdentity(ctx.from, message.chat);
    const pending = handlers.handleAction({ identity, idempotencyKey: telegramIdempotencyKey(ctx.update.update_id), actionId });
    const early = await Promise.race([pending, this.#sleep(CALLBACK_ANSWER_WAIT_MS).then(() => null)]);
    if (early?.ephemeral) {
      await this.#answerQuery(ctx, plainText(early));
      return;
    }
    await this.#answerQuery(ctx);
    const answer = early ?? (await pending);
    if (answer.ephemeral) {
      await this.#send(this.bot.api, message.chat.id, answer, { silent: false });
      return;
    }
    // An inaccessible message (date 0) cannot be edited, nor can a text become a photo: answer with a new one instead.
    if (message.date === 0 || answer.image) {
      await this.#send(this.bot.api, message.chat.id, answer, { silent: false });
      return;
    }
    const { htmlChunks, keyboard } = formatTelegramReply(answer);
    const [first = '', ...rest] = htmlChunks;
    await this.bot.api.editMessageText(message.chat.id, message.message_id, first, {
      parse_mode: 'HTML', reply_markup: rest.length === 0 && keyboard ? keyboard : { inline_keyboard: [] },
    }).catch((err: unknown) => {
      if (err instanceof GrammyError && /message is not modified/i.test(err.description)) return;
      throw err;
    });
    if (rest.length > 0) await this.#sendChunks(this.bot.api, message.chat.id, rest, keyboard, { silent: false });
  }

  async #answerQuery(ctx: Context, text?: string): Promise<void> {
    await ctx.answerCallbackQuery(text ? { text, show_alert: true } : undefined)
      .catch((err: unknown) => this.#logger.debug({ err }, 'callback query not answered'));
  }

  /** Answers a message in its chat; in a group as a reply to it, so it is clear whom it answers. */
  async #reply(message: Message, reply: ChatReply): Promise<void> {
    const replyTo = message.chat.type === 'private' ? undefined : message.message_id;
    await this.#send(this.bot.api, message.chat.id, reply, { silent: false, replyTo });
  }

  /** Sends a reply as one or more messages; how many. */
  async #send(api: Api, chatId: number | string, reply: ChatReply, options: { silent: boolean; replyTo?: number | undefined }): Promise<number> {
    if (reply.image) return this.#sendPhoto(api, chatId, reply, reply.image, options);
    const { htmlChunks, keyboard } = formatTelegramReply(reply);
    await this.#sendChunks(api, chatId, htmlChunks, keyboard, options);
    return htmlChunks.length;
  }

  /**
   * A reply with a picture (B7): sendPhoto from a Buffer (a retry re-reads it intact), the reply as its
   * caption when it fits in 1,024 characters; else the title as the caption and the text after it.
   */
  async #sendPhoto(api: Api, chatId: number | string, reply: ChatReply, image: ReplyImage, options: { silent: boolean; replyTo?: number | undefined }): Promise<number> {
    const whole = formatTelegramReply(reply, TELEGRAM_CAPTION_CHARS_MAX);
    const fits = whole.htmlChunks.length === 1;
    const caption = fits ? whole.htmlChunks[0]! : formatTelegramReply({ text: '', title: reply.title ?? image.alt, tone: reply.tone ?? 'info' }, TELEGRAM_CAPTION_CHARS_MAX).htmlChunks[0]!;
    await this.#gate.run(String(chatId), () => api.sendPhoto(chatId, new InputFile(Buffer.from(image.png), image.name), {
      caption,
      parse_mode: 'HTML',
      ...(options.silent ? { disable_notification: true } : {}),
      ...(fits && whole.keyboard ? { reply_markup: whole.keyboard } : {}),
      ...(options.replyTo !== undefined ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } } : {}),
    }));
    if (fits) return 1;
    const rest = formatTelegramReply({ ...reply, title: undefined });
    await this.#sendChunks(api, chatId, rest.htmlChunks, rest.keyboard, { silent: options.silent });
    return 1 + rest.htmlChunks.length;
  }

  /** Sends the chunks of one reply in order, paced like any messages to one chat; buttons on the last. */
  async #sendChunks(
    api: Api, chatId: number | string, chunks: readonly string[], keyboard: ReturnType<typeof formatTelegramReply>['keyboard'],
    options: { silent: boolean; replyTo?: number | undefined },
  ): Promise<void> {
    for (const [i, html] of chunks.entries()) {
      const last = i === chunks.length - 1;
      await this.#gate.run(String(chatId), () => api.sendMessage(chatId, html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(options.silent ? { disable_notification: true } : {}),
        ...(last && keyboard ? { reply_markup: keyboard } : {}),
        ...(i === 0 && options.replyTo !== undefined ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } } : {}),
      }));
    }
  }

  /** Deletes a message that may hold secrets; false when Telegram refused (no rights, too old). */
  async #deleteMessage(message: Message): Promise<boolean> {
    try {
      await this.bot.api.deleteMessage(message.chat.id, message.message_id);
      return true;
    } catch (err) {
      this.#logger.warn({ err: err instanceof GrammyError ? { status: err.error_code, description: err.description } : undefined }, 'telegram message with secrets not deleted');
      return false;
    }
  }

  /** "typing…" while core works (C4); purely cosmetic, so never waited for. */
  #showTyping(chatId: number): void {
    void this.bot.api.sendChatAction(chatId, 'typing').catch((err: unknown) => this.#logger.debug({ err }, 'typing not shown'));
  }

  /** `https://t.me/<bot>?start=help`: opens the private chat, pressing Start if never done (C3). */
  #privateChatLink(ctx: Context): string {
    return `https://t.me/${ctx.me.username}?start=help`;
  }

  #locale(ctx: Context): Locale {
    return localeFromLanguageCode(ctx.from?.language_code) ?? this.#options.defaultLocale ?? 'ko';
  }

  #requireHandlers(): InboundHandlers {
    if (!this.#handlers) throw new Error('TelegramChat: update before start()');
    return this.#handlers;
  }
}

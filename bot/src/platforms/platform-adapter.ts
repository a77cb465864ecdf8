import type { ChatIdentity, Notification, Platform, SymbolInfo } from '@tradedesk/contracts';
import type { ChatCommand } from '../commands/context.js';
import type { ChatTextMessage } from '../commands/dispatch.js';
import type { ChatReply } from '../commands/reply.js';
import type { EventSubscription } from '../event-stream-client.js';

/** Where a notification goes: the platform's user and chat ids. */
export type NotificationTarget = Notification['target'];

/** A press on a button the neutral layer put under a reply ({@link ChatReply.actions}). */
export interface ChatActionPress {
  /** Who pressed: checked against the person the button was made for. */
  identity: ChatIdentity;
  /** The platform's delivery id (callback_query id, interaction id). */
  idempotencyKey: string;
  actionId: string;
}

/** What an adapter calls for each incoming message; the neutral layer answers with a reply. */
export interface InboundHandlers {
  /** A free-text line (`/buy 005930 10`); null means nothing to answer (an empty line). */
  handleText(message: ChatTextMessage): Promise<ChatReply | null>;
  /** An already structured command (a Discord slash command with its options as tokens). */
  handleCommand(command: ChatCommand): Promise<ChatReply>;
  /** A button press; the reply replaces the message that held the button (buttons removed unless it has new ones). */
  handleAction(press: ChatActionPress): Promise<ChatReply>;
  /**
   * Symbols matching partial input, for autocomplete (at most `limit`), asked as the person typing
   * (so their command budget applies); never throws (empty on failure).
   */
  suggestSymbols(identity: ChatIdentity, query: string, limit: number): Promise<SymbolInfo[]>;
}

/** How a notification is shown. */
export interface NotificationDelivery {
  /** Without sound (Telegram `disable_notification`, Discord SUPPRESS_NOTIFICATIONS). */
  silent: boolean;
}

/**
 * The seam between the neutral layer and one chat platform. An adapter only translates: platform
 * events into {@link ChatTextMessage} / {@link ChatCommand} / {@link ChatActionPress}, and
 * {@link ChatReply} into the platform's messages. No business rule here.
 */
export interface ChatPlatformAdapter {
  readonly platform: Platform;
  /** The notifications this adapter wants from core's event stream. */
  readonly subscription: EventSubscription;
  /**
   * What the platform tolerates for proactive messages; the notification outbox paces and coalesces
   * to stay within it (CHAT-PLATFORMS.md A4, B3).
   */
  readonly sendLimits: PlatformSendLimits;
  /** Starts taking messages. */
  start(handlers: InboundHandlers): Promise<void>;
  /**
   * Shows a rendered notification (possibly several coalesced into one reply) in the target chat;
   * resolves once the platform accepted it (splitting a long reply into several messages as needed).
   * Throws {@link PlatformSendError} when the platform refused.
   */
  sendNotification(target: NotificationTarget, reply: ChatReply, delivery: NotificationDelivery): Promise<void>;
  /** Resolves when the adapter ended by itself (the console's input ended); long-lived adapters resolve on stop. */
  readonly done: Promise<void>;
  /** Stops taking messages; resolves when intake has stopped. */
  stop(): Promise<void>;
}

export interface PlatformSendLimits {
  /** Minimum gap between two proactive messages to the same chat (Telegram ~1 s). */
  perChatIntervalMs: number;
  /** Proactive messages per second over all chats (Telegram ~30, Discord 50 requests). */
  globalPerSecond: number;
  /** Longest text one message can carry (Telegram 4096, Discord embed description 4096). */
  maxMessageChars: number;
}

/**
 * A send the platform refused. `retryAfterMs` when it said when to come back (a 429 left after the
 * library's own retries); `permanent` when retrying cannot help (blocked by the user, chat not found):
 * the notification is then confirmed to core as handled so it is not re-sent forever.
 */
export class PlatformSendError extends Error {
  constructor(message: string, readonly detail: { retryAfterMs?: number; permanent?: boolean; status?: number } = {}) {
    super(message);
    this.name = 'PlatformSendError';
  }
}

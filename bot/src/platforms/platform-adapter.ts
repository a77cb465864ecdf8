import type { Notification, Platform } from '@tradedesk/contracts';
import type { ChatCommand } from '../commands/context.js';
import type { ChatTextMessage } from '../commands/dispatch.js';
import type { ChatReply } from '../commands/reply.js';
import type { EventSubscription } from '../event-stream-client.js';

/** Where a notification goes: the platform's user and chat ids. */
export type NotificationTarget = Notification['target'];

/** What an adapter calls for each incoming message; the neutral layer answers with a reply. */
export interface InboundHandlers {
  /** A free-text line (`/buy 005930 10`); null means nothing to answer (an empty line). */
  handleText(message: ChatTextMessage): Promise<ChatReply | null>;
  /** An already structured command (a Discord slash command with its options as tokens). */
  handleCommand(command: ChatCommand): Promise<ChatReply>;
}

/**
 * The seam between the neutral layer and one chat platform (console now; Discord and Telegram
 * later). An adapter only translates: platform events into {@link ChatTextMessage} /
 * {@link ChatCommand}, and {@link ChatReply} into the platform's messages. No business rule here.
 */
export interface ChatPlatformAdapter {
  readonly platform: Platform;
  /** The notifications this adapter wants from core's event stream. */
  readonly subscription: EventSubscription;
  /** Starts taking messages. */
  start(handlers: InboundHandlers): Promise<void>;
  /** Shows a rendered notification in the target chat; resolves once the platform accepted it. */
  sendNotification(target: NotificationTarget, reply: ChatReply): Promise<void>;
  /** Resolves when the adapter ended by itself (the console's input ended); long-lived adapters resolve on stop. */
  readonly done: Promise<void>;
  /** Stops taking messages; resolves when intake has stopped. */
  stop(): Promise<void>;
}

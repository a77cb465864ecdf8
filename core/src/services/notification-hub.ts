import {
  accountKindOf, botToCoreEventSchema, EVENT_STREAM_IN_FLIGHT_MAX,
  type Broker, type BrokerEnvironment, type CoreToBotEvent, type Notification, type Platform,
} from '@tradedesk/contracts';
import type WebSocket from 'ws';
import type { CoreDeps } from '../deps.js';
import { listUndelivered, markDelivered, type PendingNotificationRow } from '../store/notifications-store.js';

interface Subscriber {
  socket: WebSocket;
  platforms: Platform[];
  platformUserIds: string[] | undefined;
  /** Sent and not yet confirmed: not sent again on this connection. Bounded by EVENT_STREAM_IN_FLIGHT_MAX. */
  inFlight: Set<string>;
  /**
   * Recently confirmed here: a read of the outbox that began before a confirmation was recorded
   * still lists it as undelivered, and must not send it again. Bounded by CONFIRMED_REMEMBERED_MAX.
   */
  confirmed: Set<string>;
  pushing: boolean;
  again: boolean;
}

const REPUSH_INTERVAL_MS = 5_000;
const CONFIRMED_REMEMBERED_MAX = 2_000;

/**
 * The outbox's delivery side: sends each undelivered notification to the bots that serve its chat
 * account and marks it delivered only when a bot confirms the platform accepted it. Whatever is
 * unconfirmed when a connection drops, or core restarts, is sent again.
 */
export class NotificationHub {
  private readonly subscribers = new Set<Subscriber>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: CoreDeps) {
    deps.signals.on('notifications-created', () => this.pushAll());
  }

  start(): void {
    // A safety net: another core process may have written notifications we were not signalled about.
    this.timer = setInterval(() => this.pushAll(), REPUSH_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    for (const s of this.subscribers) s.socket.close(1001, 'core stopping');
  }

  attach(socket: WebSocket): void {
    const subscriber: Subscriber = { socket, platforms: [], platformUserIds: undefined, inFlight: new Set(), confirmed: new Set(), pushing: false, again: false };
    socket.on('message', (data) => void this.onMessage(subscriber, data.toString()));
    socket.on('close', () => this.subscribers.delete(subscriber));
  }

  private async onMessage(subscriber: Subscriber, text: string): Promise<void> {
    const parsed = botToCoreEventSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      this.deps.log.events.warn('malformed event-stream message ignored');
      return;
    }
    const message = parsed.data;
    if (message.type === 'subscribe') {
      subscriber.platforms = message.platforms;
      subscriber.platformUserIds = message.platformUserIds;
      this.subscribers.add(subscriber);
      this.send(subscriber, { type: 'subscribed' });
      void this.push(subscriber);
      return;
    }
    try {
      await markDelivered(this.deps.db, message.ids, this.deps.clock.now());
    } catch (error) {
      // Left undelivered: the bot drops an id it already delivered, so a resend is harmless.
      this.deps.log.events.warn({ err: error }, 'could not record deliveries; they will be re-sent');
    }
    for (const id of message.ids) {
      subscriber.inFlight.delete(id);
      subscriber.confirmed.add(id);
    }
    // Sets iterate in insertion order: drop the oldest beyond the bound.
    for (const id of subscriber.confirmed) {
      if (subscriber.confirmed.size <= CONFIRMED_REMEMBERED_MAX) break;
      subscriber.confirmed.delete(id);
    }
    void this.push(subscriber);
  }

  private pushAll(): void {
    for (const subscriber of this.subscribers) void this.push(subscriber);
  }

  private async push(subscriber: Subscriber): Promise<void> {
    if (subscriber.pushing) {
      subscriber.again = true;
      return;
    }
    subscriber.pushing = true;
    try {
      do {
        subscriber.again = false;
        const room = EVENT_STREAM_IN_FLIGHT_MAX - subscriber.inFlight.size;
        if (room <= 0 || subscriber.platforms.length === 0) break;
        const rows = await listUndelivered(this.deps.db, subscriber, room + subscriber.inFlight.size);
        for (const row of rows.filter((r) => !subscriber.inFlight.has(r.id) && !subscriber.confirmed.has(r.id)).slice(0, room)) {
          subscriber.inFlight.add(row.id);
          this.send(subscriber, { type: 'notification', notification: this.toNotification(row) });
        }
      } while (subscriber.again);
    } catch (error) {
      this.deps.log.events.warn({ err: error }, 'could not read the outbox; will retry');
    } finally {
      subscriber.pushing = false;
    }
  }

  private toNotification(row: PendingNotificationRow): Notification {
    return {
      id: row.id,
      target: { platform: row.platform, platformUserId: row.platform_user_id, chatId: row.dm_chat_id },
      locale: row.locale ?? this.deps.config.DEFAULT_LOCALE,
      accountKind: row.broker ? accountKindOf(row.broker as Broker, row.environment as BrokerEnvironment) : null,
      createdAt: row.created_at.getTime(),
      silent: row.silent,
      payload: row.payload,
    };
  }

  private send(subscriber: Subscriber, event: CoreToBotEvent): void {
    if (subscriber.socket.readyState === subscriber.socket.OPEN) subscriber.socket.send(JSON.stringify(event));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

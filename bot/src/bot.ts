import type { Readable, Writable } from 'node:stream';
import type { Locale, Platform } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import { ActionStore } from './commands/action-store.js';
import { systemClock, type Clock } from './commands/clock.js';
import type { CommandDeps } from './commands/dispatch.js';
import { createInboundHandlers } from './commands/inbound.js';
import { renderNotification } from './commands/render.js';
import { CoreClient } from './core-client.js';
import { EventStreamClient, type EventStreamClientOptions, type EventStreamStatus, type EventSubscription } from './event-stream-client.js';
import { botLoggers, createBotLogger } from './logger.js';
import { PlatformOutbox, type PlatformOutboxOptions } from './notifications/platform-outbox.js';
import { ConsoleChat } from './platforms/console/console-chat.js';
import type { ChatPlatformAdapter } from './platforms/platform-adapter.js';

export interface StartBotOptions {
  coreUrl: string;
  coreToken: string;
  /** The locale when a chat gives none (`--lang`, else DEFAULT_LOCALE, else `ko`). */
  locale: Locale;
  /** Runs the terminal chat for one person. */
  console?: { as: string; input: Readable; output: Writable; lingerMs?: number; interactive: boolean; imageDir?: string };
  /** More adapters (Discord, Telegram); the console one is added from `console`. */
  adapters?: ChatPlatformAdapter[];
  logger?: Logger;
  requestTimeoutMs?: number;
  /** Event-stream tuning for tests. */
  eventStream?: Pick<EventStreamClientOptions, 'backoff' | 'sleep'>;
  /** Notification retry tuning for tests. */
  outbox?: Pick<PlatformOutboxOptions, 'backoff'>;
  /** How long start-up waits for the event stream before taking messages (default 2 s). */
  eventStreamWaitMs?: number;
  /** Time for confirmations and notification pacing (default: the system clock). */
  clock?: Clock;
  /** Ids for reply buttons (default: random). */
  newActionId?: () => string;
}

export interface RunningBot {
  /** Resolves when the bot has ended: the console's input ended, or {@link stop} was called. */
  done: Promise<void>;
  /** Stops intake first, then the event streams and outboxes. Idempotent. */
  stop(): Promise<void>;
}

/** One subscription for several adapters: every platform they serve, and user ids only if all of them name some. */
export function mergeSubscriptions(subscriptions: EventSubscription[]): EventSubscription {
  const platforms = [...new Set(subscriptions.flatMap((s) => s.platforms))] as Platform[];
  if (subscriptions.some((s) => s.platformUserIds === undefined)) return { platforms };
  return { platforms, platformUserIds: [...new Set(subscriptions.flatMap((s) => s.platformUserIds ?? []))] };
}

/** One platform's notification path: its own event stream (so core's in-flight window is its own) and outbox. */
interface NotificationPath {
  events: EventStreamClient;
  outbox: PlatformOutbox;
  /** Resolves at the stream's first status other than `connecting`, or after `timeoutMs`. */
  ready(timeoutMs: number): Promise<void>;
}

function notificationPath(options: StartBotOptions, adapter: ChatPlatformAdapter, clock: Clock, logger: Logger): NotificationPath {
  const outbox = new PlatformOutbox({ adapter, render: renderNotification, clock, logger, ...options.outbox });
  let settled = false;
  const listeners: Array<() => void> = [];
  const events = new EventStreamClient({
    coreUrl: options.coreUrl,
    token: options.coreToken,
    subscription: adapter.subscription,
    deliver: (n) => outbox.deliver(n),
    logger: logger.child({ platform: adapter.platform }),
    ...options.eventStream,
    onStatus: (status: EventStreamStatus) => {
      if (status === 'connecting' || settled) return;
      settled = true;
      listeners.splice(0).forEach((fn) => fn());
    },
  });
  const ready = (timeoutMs: number) => (settled ? Promise.resolve() : new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    listeners.push(() => { clearTimeout(timer); resolve(); });
  }));
  return { events, outbox, ready };
}

/**
 * Starts the bot: the chat adapters, and for each platform core's event stream feeding a paced
 * notification outbox (one platform failing never holds up another, RELIABILITY BOT-12). Used by
 * core's all-in-one launcher (in-process) and by `main.ts` / `chat-cli.ts`.
 * @example const bot = await startBot({ coreUrl, coreToken, locale: 'ko', console: { as: 'kim', input: process.stdin, output: process.stdout, interactive: true } });
 */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const loggers = botLoggers(options.logger ?? createBotLogger());
  const clock = options.clock ?? systemClock;
  const core = new CoreClient({ baseUrl: options.coreUrl, token: options.coreToken, timeoutMs: options.requestTimeoutMs });
  const actions = new ActionStore({ clock, ...(options.newActionId ? { newId: options.newActionId } : {}) });
  const deps: CommandDeps = { core, logger: loggers.commands, defaultLocale: options.locale, actions };
  const adapters = [...(options.adapters ?? [])];
  if (options.console) {
    adapters.push(new ConsoleChat({ ...options.console, locale: options.locale, logger: loggers.console }));
  }
  if (adapters.length === 0) throw new Error('startBot: no chat platform to run (give `console` or `adapters`)');
  if (new Set(adapters.map((a) => a.platform)).size !== adapters.length) throw new Error('startBot: one adapter per platform');

  const paths = adapters.map((adapter) => notificationPath(options, adapter, clock, loggers.events));
  for (const path of paths) path.events.start();
  // Notifications are durable in core, so this wait only makes a script's output complete sooner.
  await Promise.all(paths.map((p) => p.ready(options.eventStreamWaitMs ?? 2_000)));

  const handlers = createInboundHandlers(deps, clock);
  for (const adapter of adapters) await adapter.start(handlers);
  return lifecycle(adapters, paths);
}

function lifecycle(adapters: ChatPlatformAdapter[], paths: NotificationPath[]): RunningBot {
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.allSettled(adapters.map((a) => a.stop()));
      await Promise.allSettled(paths.flatMap((p) => [p.events.stop(), p.outbox.stop()]));
    })();
    return stopping;
  };
  // The bot ends when any adapter ends by itself (the console's input closed).
  const done = Promise.race(adapters.map((a) => a.done)).then(stop);
  return { done, stop };
}

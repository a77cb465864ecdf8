import type { Readable, Writable } from 'node:stream';
import type { Locale, Notification, Platform } from '@tradedesk/contracts';
import type { Logger } from 'pino';
import { dispatchCommand, handleChatText, type CommandDeps } from './commands/dispatch.js';
import { renderNotification } from './commands/render.js';
import { CoreClient } from './core-client.js';
import { EventStreamClient, type EventStreamClientOptions, type EventStreamStatus, type EventSubscription } from './event-stream-client.js';
import { botLoggers, createBotLogger } from './logger.js';
import { ConsoleChat } from './platforms/console/console-chat.js';
import type { ChatPlatformAdapter, InboundHandlers } from './platforms/platform-adapter.js';

export interface StartBotOptions {
  coreUrl: string;
  coreToken: string;
  /** The locale when a chat gives none (`--lang`, else DEFAULT_LOCALE, else `ko`). */
  locale: Locale;
  /** Runs the terminal chat for one person. */
  console?: { as: string; input: Readable; output: Writable; lingerMs?: number; interactive: boolean };
  /** More adapters (Discord, Telegram); the console one is added from `console`. */
  adapters?: ChatPlatformAdapter[];
  logger?: Logger;
  requestTimeoutMs?: number;
  /** Event-stream tuning for tests. */
  eventStream?: Pick<EventStreamClientOptions, 'backoff' | 'sleep'>;
  /** How long start-up waits for the event stream before taking messages (default 2 s). */
  eventStreamWaitMs?: number;
}

export interface RunningBot {
  /** Resolves when the bot has ended: the console's input ended, or {@link stop} was called. */
  done: Promise<void>;
  /** Stops intake first, then the event stream. Idempotent. */
  stop(): Promise<void>;
}

/** One subscription for all adapters: every platform they serve, and user ids only if all of them name some. */
export function mergeSubscriptions(subscriptions: EventSubscription[]): EventSubscription {
  const platforms = [...new Set(subscriptions.flatMap((s) => s.platforms))] as Platform[];
  if (subscriptions.some((s) => s.platformUserIds === undefined)) return { platforms };
  return { platforms, platformUserIds: [...new Set(subscriptions.flatMap((s) => s.platformUserIds ?? []))] };
}

function waitForFirstStatus(statuses: EventStreamStatus[], listeners: Array<() => void>, timeoutMs: number): Promise<void> {
  if (statuses.some((s) => s !== 'connecting')) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    listeners.push(() => { clearTimeout(timer); resolve(); });
  });
}

/**
 * Starts the bot: the chat adapters, and core's event stream for their notifications. Used by
 * core's all-in-one launcher (in-process) and by `main.ts` / `chat-cli.ts`.
 * @example const bot = await startBot({ coreUrl, coreToken, locale: 'ko', console: { as: 'kim', input: process.stdin, output: process.stdout, interactive: true } });
 */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const loggers = botLoggers(options.logger ?? createBotLogger());
  const core = new CoreClient({ baseUrl: options.coreUrl, token: options.coreToken, timeoutMs: options.requestTimeoutMs });
  const deps: CommandDeps = { core, logger: loggers.commands, defaultLocale: options.locale };
  const adapters = [...(options.adapters ?? [])];
  if (options.console) {
    adapters.push(new ConsoleChat({ ...options.console, locale: options.locale, logger: loggers.console }));
  }
  if (adapters.length === 0) throw new Error('startBot: no chat platform to run (give `console` or `adapters`)');
  const byPlatform = new Map(adapters.map((a) => [a.platform, a] as const));

  const statuses: EventStreamStatus[] = [];
  const statusListeners: Array<() => void> = [];
  const events = new EventStreamClient({
    coreUrl: options.coreUrl,
    token: options.coreToken,
    subscription: mergeSubscriptions(adapters.map((a) => a.subscription)),
    deliver: (n) => deliverNotification(byPlatform, n),
    logger: loggers.events,
    ...options.eventStream,
    onStatus: (status) => {
      statuses.push(status);
      if (statuses.length > 10) statuses.shift();
      if (status !== 'connecting') statusListeners.splice(0).forEach((fn) => fn());
    },
  });
  events.start();
  // Notifications are durable in core, so this wait only makes a script's output complete sooner.
  await waitForFirstStatus(statuses, statusListeners, options.eventStreamWaitMs ?? 2_000);

  const handlers: InboundHandlers = {
    handleText: (message) => handleChatText(deps, message),
    handleCommand: (command) => dispatchCommand(deps, command),
  };
  for (const adapter of adapters) await adapter.start(handlers);
  return lifecycle(adapters, events);
}

async function deliverNotification(byPlatform: Map<Platform, ChatPlatformAdapter>, notification: Notification): Promise<void> {
  const adapter = byPlatform.get(notification.target.platform);
  if (!adapter) throw new Error(`no adapter for platform ${notification.target.platform}`);
  await adapter.sendNotification(notification.target, renderNotification(notification));
}

function lifecycle(adapters: ChatPlatformAdapter[], events: EventStreamClient): RunningBot {
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.allSettled(adapters.map((a) => a.stop()));
      await events.stop();
    })();
    return stopping;
  };
  // The bot ends when any adapter ends by itself (the console's input closed).
  const done = Promise.race(adapters.map((a) => a.done)).then(stop);
  return { done, stop };
}

import { once } from 'node:events';
import { setTimeout as sleepMs } from 'node:timers/promises';
import type { Locale } from '@tradedesk/contracts';
import { Client, Events, GatewayIntentBits, MessageFlags, type RESTOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { ChatReply } from '../../commands/reply.js';
import type { BotConfig } from '../../config.js';
import type { EventSubscription } from '../../event-stream-client.js';
import { silentLogger } from '../../logger.js';
import type {
  ChatPlatformAdapter, InboundHandlers, NotificationDelivery, NotificationTarget, PlatformSendLimits,
} from '../platform-adapter.js';
import { PlatformSendError } from '../platform-adapter.js';
import { registerCommands } from './command-registration.js';
import { toDiscordMessages } from './format.js';
import type { InteractionDeps } from './interaction-deps.js';
import { routeInteraction } from './interactions.js';
import { RecentInteractions } from './recent-interactions.js';
import { safeError } from './safe-error.js';
import { NO_MENTIONS } from './send-reply.js';
import { toPlatformSendError } from './send-errors.js';

export interface DiscordChatOptions {
  config: NonNullable<BotConfig['discord']>;
  /** Language of adapter-level texts when Discord's locale is neither Korean nor English (default `ko`). */
  defaultLocale?: Locale;
  logger?: Logger;
  /** How long autocomplete waits for symbol suggestions before answering none (default 2,500 ms). */
  autocompleteBudgetMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** @discordjs/rest tuning (timeouts, retries); `api` always comes from the config. */
  rest?: Partial<RESTOptions>;
}

/** Discord's limits for proactive messages (CHAT-PLATFORMS.md A3, A4); 40/s leaves room under the global 50. */
export const DISCORD_SEND_LIMITS: PlatformSendLimits = { perChatIntervalMs: 1_000, globalPerSecond: 40, maxMessageChars: 4_096 };

const DEFAULT_AUTOCOMPLETE_BUDGET_MS = 2_500;

/**
 * The Discord adapter: slash commands, autocomplete, buttons and the `connect` form in; embeds with
 * button rows out; notifications as DMs. Gateway with the Guilds intent only (interactions need no
 * intent); REST through `config.apiRoot` (Discord, or a rate-limit proxy).
 */
export class DiscordChat implements ChatPlatformAdapter {
  readonly platform = 'discord' as const;
  readonly subscription: EventSubscription = { platforms: ['discord'] };
  readonly sendLimits = DISCORD_SEND_LIMITS;
  readonly done: Promise<void>;
  readonly #options: DiscordChatOptions;
  readonly #logger: Logger;
  readonly #client: Client;
  readonly #recent = new RecentInteractions();
  #finish!: () => void;
  #stopping: Promise<void> | null = null;

  constructor(options: DiscordChatOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger();
    this.#client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { ...options.rest, api: options.config.apiRoot },
      allowedMentions: NO_MENTIONS,
    });
    this.done = new Promise((resolve) => { this.#finish = resolve; });
  }

  /**
   * Registers the commands, then connects to the gateway. Registration comes first and needs only
   * REST: a bad application id fails start-up before any IDENTIFY, so a restart loop cannot use up
   * the 1,000 IDENTIFYs a day (over that Discord resets the token).
   */
  async start(handlers: InboundHandlers): Promise<void> {
    const { config } = this.#options;
    this.#client.rest.setToken(config.token);
    await registerCommands(this.#client.rest, { applicationId: config.applicationId, guildId: config.guildId });
    const deps: InteractionDeps = {
      handlers,
      logger: this.#logger,
      defaultLocale: this.#options.defaultLocale ?? 'ko',
      autocompleteBudgetMs: this.#options.autocompleteBudgetMs ?? DEFAULT_AUTOCOMPLETE_BUDGET_MS,
      sleep: this.#options.sleep ?? ((ms, signal) => sleepMs(ms, undefined, { signal })),
    };
    this.#client.on(Events.InteractionCreate, (interaction) => void routeInteraction(deps, this.#recent, interaction));
    this.#client.on(Events.Error, (err) => this.#logger.warn({ err: safeError(err) }, 'discord client error'));
    const ready = once(this.#client, Events.ClientReady);
    await this.#client.login(config.token);
    await ready;
    this.#logger.info({ platform: 'discord', guildId: config.guildId ?? null }, 'discord connected');
  }

  /**
   * DMs the person (the DM channel is opened once and cached). Silent notifications carry
   * SUPPRESS_NOTIFICATIONS. A long reply becomes several messages, sent in order.
   */
  async sendNotification(target: NotificationTarget, reply: ChatReply, delivery: NotificationDelivery): Promise<void> {
    if (this.#stopping) throw new PlatformSendError('discord adapter stopped');
    try {
      const channel = await this.#client.users.createDM(target.chatId);
      for (const message of toDiscordMessages(reply)) {
        await channel.send({ ...message, allowedMentions: NO_MENTIONS, ...(delivery.silent ? { flags: MessageFlags.SuppressNotifications } : {}) });
      }
    } catch (err) {
      throw toPlatformSendError(err);
    }
  }

  /** Disconnects from the gateway; {@link done} resolves. Idempotent. */
  async stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#client.removeAllListeners(Events.InteractionCreate);
      await this.#client.destroy();
      this.#finish();
    })();
    await this.#stopping;
  }
}

import type { Logger } from 'pino';
import type { BotConfig } from '../config.js';
import { DiscordChat } from './discord/index.js';
import type { ChatPlatformAdapter } from './platform-adapter.js';
import { TelegramChat } from './telegram/telegram-chat.js';

/** The chat platforms the configuration turns on: Discord with DISCORD_TOKEN, Telegram with TELEGRAM_BOT_TOKEN. */
export function platformAdaptersFromConfig(config: Pick<BotConfig, 'discord' | 'telegram' | 'defaultLocale'>, logger: Logger): ChatPlatformAdapter[] {
  const adapters: ChatPlatformAdapter[] = [];
  if (config.discord) {
    adapters.push(new DiscordChat({ config: config.discord, defaultLocale: config.defaultLocale, logger: logger.child({ subsystem: 'discord' }) }));
  }
  if (config.telegram) {
    adapters.push(new TelegramChat({
      token: config.telegram.token,
      apiRoot: config.telegram.apiRoot,
      webhook: config.telegram.webhook,
      defaultLocale: config.defaultLocale,
      logger: logger.child({ subsystem: 'telegram' }),
    }));
  }
  return adapters;
}

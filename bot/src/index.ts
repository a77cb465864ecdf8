/** Public API of `@tradedesk/bot`: start the bot in-process, parse its config, and the neutral types. */
export { startBot, mergeSubscriptions, type RunningBot, type StartBotOptions } from './bot.js';
export {
  parseBotConfig, findForbiddenSecrets, loadCoreToken, BotConfigError, FORBIDDEN_SECRET_NAMES, type BotConfig,
} from './config.js';
export { CoreClient, CoreError, CoreUnavailableError, CoreProtocolError, type CoreClientOptions } from './core-client.js';
export { EventStreamClient, type EventStreamClientOptions, type EventSubscription, type EventStreamStatus } from './event-stream-client.js';
export type { ChatReply, ReplyField, ReplyTone } from './commands/reply.js';
export type { ChatCommand, CommandContext } from './commands/context.js';
export { dispatchCommand, handleChatText, type ChatTextMessage, type CommandDeps } from './commands/dispatch.js';
export { renderNotification } from './commands/render.js';
export type { ChatPlatformAdapter, InboundHandlers, NotificationTarget } from './platforms/platform-adapter.js';
export { ConsoleChat, type ConsoleChatOptions } from './platforms/console/console-chat.js';
export { platformAdaptersFromConfig } from './platforms/from-config.js';
export { onlyBotVariables } from './config.js';
export { createBotLogger } from './logger.js';

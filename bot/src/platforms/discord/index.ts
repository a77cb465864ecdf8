export { DiscordChat, DISCORD_SEND_LIMITS, type DiscordChatOptions } from './discord-chat.js';

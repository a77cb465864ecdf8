/** The chat commands, one English name each on every platform (CHAT-PLATFORMS.md C7). */
export const COMMAND_NAMES = [
  'help', 'link', 'unlink', 'me', 'lang', 'connect', 'price', 'buy', 'sell', 'orders', 'cancel',
  'positions', 'balance', 'queue', 'alert', 'strategy', 'report', 'chart', 'notify', 'admin',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

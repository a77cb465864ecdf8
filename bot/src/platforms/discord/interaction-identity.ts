import type { ChatIdentity, Locale } from '@tradedesk/contracts';
import { InteractionContextType, type Interaction } from 'discord.js';

/** Discord locale → ours: `ko` → ko, `en-US`/`en-GB` → en, anything else unset (the bot's default applies). */
export function localeFromDiscord(discordLocale: string | null | undefined): Locale | undefined {
  if (discordLocale === 'ko') return 'ko';
  if (discordLocale?.startsWith('en-')) return 'en';
  return undefined;
}

/**
 * Whether only the person can see the conversation: the bot's own DM. A server channel and a group DM
 * (context PRIVATE_CHANNEL, for user-installed apps) are shared.
 */
export function isBotDm(interaction: Pick<Interaction, 'context' | 'guildId'>): boolean {
  if (interaction.context !== null && interaction.context !== undefined) return interaction.context === InteractionContextType.BotDM;
  return interaction.guildId === null;
}

/**
 * Who is asking. The chat id is the user's id: replies go to the interaction, notifications to the
 * user's DM (resolved when sending). `visibleOnlyToUser`: the answer is ephemeral or in the bot's DM.
 */
export function identityOf(interaction: Interaction, visibleOnlyToUser: boolean): ChatIdentity {
  const locale = localeFromDiscord(interaction.locale);
  return {
    platform: 'discord',
    platformUserId: interaction.user.id,
    chatId: interaction.user.id,
    isPrivateChat: visibleOnlyToUser || isBotDm(interaction),
    ...(locale ? { locale } : {}),
  };
}

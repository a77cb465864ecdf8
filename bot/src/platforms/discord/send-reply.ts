import type { Locale } from '@tradedesk/contracts';
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { ChatReply } from '../../commands/reply.js';
import { toDiscordMessages } from './format.js';
import { INTERACTION_FAILED } from './texts.js';

/** Mentions in replies never ping anyone: texts may hold what users typed. */
export const NO_MENTIONS = { parse: [] as [] };

type AnsweredInteraction = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/**
 * Puts a reply in the deferred response (or, after a button's `deferUpdate`, in the message that held
 * the button: its buttons are replaced by the reply's, none if it has none). What does not fit in one
 * message follows as follow-ups with the same visibility.
 */
export async function sendInteractionReply(interaction: AnsweredInteraction, reply: ChatReply, ephemeral: boolean): Promise<void> {
  const [first, ...rest] = toDiscordMessages(reply);
  await interaction.editReply({ embeds: first!.embeds, components: first!.components, files: first!.files, allowedMentions: NO_MENTIONS });
  for (const message of rest) {
    await interaction.followUp({ ...message, allowedMentions: NO_MENTIONS, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  }
}

/** The generic answer when the adapter itself failed; the details are in the log under the interaction id. */
export async function sendFailure(interaction: AnsweredInteraction, locale: Locale, ephemeral: boolean): Promise<void> {
  await sendInteractionReply(interaction, { text: INTERACTION_FAILED[locale], tone: 'error' }, ephemeral);
}

/** A reply only the person sees, leaving the message they pressed a button on unchanged. */
export async function sendEphemeralFollowUp(interaction: ButtonInteraction, reply: ChatReply): Promise<void> {
  for (const message of toDiscordMessages({ ...reply, actions: [] })) {
    await interaction.followUp({ ...message, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
  }
}

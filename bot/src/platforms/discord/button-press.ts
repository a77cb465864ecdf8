import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { InteractionDeps } from './interaction-deps.js';
import { safeError } from './safe-error.js';
import { identityOf, isBotDm, localeFromDiscord } from './interaction-identity.js';
import { sendEphemeralFollowUp, sendFailure, sendInteractionReply } from './send-reply.js';

/** The person the message with the button was made for: who ran the command, or (a DM notification) the DM's owner. */
function messageOwnerId(interaction: ButtonInteraction): string {
  return interaction.message.interactionMetadata?.user.id ?? interaction.user.id;
}

/**
 * A button press. The owner's press replaces the message (deferUpdate, then an edit that removes the
 * buttons unless the reply brings new ones); a refusal marked `ephemeral` goes to the presser alone
 * and leaves the message as it was. Anyone else's press is answered to them alone, so a
 * stranger can never overwrite or consume someone's draft; the neutral layer refuses the action
 * itself (it is bound to the person it was made for, BOT-3).
 */
export async function onButtonPress(deps: InteractionDeps, interaction: ButtonInteraction): Promise<void> {
  const locale = localeFromDiscord(interaction.locale) ?? deps.defaultLocale;
  const byOwner = messageOwnerId(interaction) === interaction.user.id;
  const ephemeral = byOwner ? interaction.message.flags.has(MessageFlags.Ephemeral) : !isBotDm(interaction);
  if (byOwner) await interaction.deferUpdate();
  else await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  try {
    const reply = await deps.handlers.handleAction({
      identity: identityOf(interaction, ephemeral),
      idempotencyKey: `dc:${interaction.id}`,
      actionId: interaction.customId,
    });
    if (byOwner && reply.ephemeral) {
      // A refused press (expired, already handled): told to the presser, the message stays as it was.
      await sendEphemeralFollowUp(interaction, reply);
      return;
    }
    await sendInteractionReply(interaction, reply, ephemeral);
  } catch (err) {
    deps.logger.error({ err: safeError(err), interactionId: interaction.id }, 'discord button failed');
    await sendFailure(interaction, locale, ephemeral);
  }
}

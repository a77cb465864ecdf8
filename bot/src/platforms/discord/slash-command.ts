import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { commandTokens } from './command-tokens.js';
import { connectModal } from './connect-modal.js';
import type { InteractionDeps } from './interaction-deps.js';
import { safeError } from './safe-error.js';
import { identityOf, isBotDm, localeFromDiscord } from './interaction-identity.js';
import { sendFailure, sendInteractionReply } from './send-reply.js';
import { shapeNamed } from './shapes.js';

/**
 * A slash command: deferred at once (the 3-second deadline, BOT-7), answered by editing the deferred
 * response. Private commands are ephemeral outside the bot's DM, decided at the defer because it
 * cannot change later. A command with secrets opens a modal instead (a modal must be the first response).
 */
export async function onSlashCommand(deps: InteractionDeps, interaction: ChatInputCommandInteraction): Promise<void> {
  const shape = shapeNamed(interaction.commandName);
  const locale = localeFromDiscord(interaction.locale) ?? deps.defaultLocale;
  if (shape?.secret) {
    await interaction.showModal(connectModal(shape, locale));
    return;
  }
  // A command we do not know any more is treated as private: its answer is only "unknown command".
  const ephemeral = (shape?.private ?? true) && !isBotDm(interaction);
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  try {
    const reply = await deps.handlers.handleCommand({
      identity: identityOf(interaction, ephemeral),
      idempotencyKey: `dc:${interaction.id}`,
      name: interaction.commandName,
      args: commandTokens(shape, interaction.options),
    });
    await sendInteractionReply(interaction, reply, ephemeral);
  } catch (err) {
    deps.logger.error({ err: safeError(err), interactionId: interaction.id, command: interaction.commandName }, 'discord command failed');
    await sendFailure(interaction, locale, ephemeral);
  }
}

import type { Interaction } from 'discord.js';
import { onAutocomplete } from './autocomplete.js';
import { onButtonPress } from './button-press.js';
import { onModalSubmit } from './connect-modal.js';
import type { InteractionDeps } from './interaction-deps.js';
import type { RecentInteractions } from './recent-interactions.js';
import { safeError } from './safe-error.js';
import { onSlashCommand } from './slash-command.js';

/**
 * Routes one interaction to its handler, once per interaction id (BOT-5). Never throws: a failure is
 * logged with the interaction id (the person already got the generic answer, or the token expired).
 */
export async function routeInteraction(deps: InteractionDeps, recent: RecentInteractions, interaction: Interaction): Promise<void> {
  if (!recent.firstTime(interaction.id)) {
    deps.logger.debug({ interactionId: interaction.id }, 'discord interaction repeated; dropped');
    return;
  }
  try {
    if (interaction.isChatInputCommand()) await onSlashCommand(deps, interaction);
    else if (interaction.isAutocomplete()) await onAutocomplete(deps, interaction);
    else if (interaction.isButton()) await onButtonPress(deps, interaction);
    else if (interaction.isModalSubmit()) await onModalSubmit(deps, interaction);
  } catch (err) {
    deps.logger.warn({ err: safeError(err), interactionId: interaction.id }, 'discord interaction not answered');
  }
}

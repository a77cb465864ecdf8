import type { Locale } from '@tradedesk/contracts';
import {
  LabelBuilder, MessageFlags, ModalBuilder, StringSelectMenuBuilder, TextInputBuilder, TextInputStyle,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { CommandShape } from '../../commands/catalog.js';
import type { InteractionDeps } from './interaction-deps.js';
import { identityOf, isBotDm, localeFromDiscord } from './interaction-identity.js';
import { sendFailure, sendInteractionReply } from './send-reply.js';
import { shapeNamed } from './shapes.js';
import { CONNECT_MODAL_TEXTS, type LocalizedText } from './texts.js';

const MODAL_ID_PREFIX = 'modal:';
const MODAL_TITLE_CHARS_MAX = 45;
const LABEL_CHARS_MAX = 45;

function text(texts: Record<string, LocalizedText>, key: string, locale: Locale): string {
  return texts[key]?.[locale] ?? key;
}

/**
 * The form for a command whose arguments are secrets (`connect`): one field per option, a select for
 * a choice, a text input otherwise. Nothing is prefilled, so no secret is ever sent back to Discord.
 */
export function connectModal(shape: CommandShape, locale: Locale): ModalBuilder {
  const labels = shape.options.map((option) => {
    const label = new LabelBuilder().setLabel(text(CONNECT_MODAL_TEXTS.fields, option.name, locale).slice(0, LABEL_CHARS_MAX));
    if (option.kind === 'choice') {
      return label.setStringSelectMenuComponent(new StringSelectMenuBuilder()
        .setCustomId(option.name)
        .setRequired(option.required)
        .setMinValues(1).setMaxValues(1)
        .addOptions((option.choices ?? []).map((choice) => ({ label: text(CONNECT_MODAL_TEXTS.choices, choice, locale), value: choice }))));
    }
    return label.setTextInputComponent(new TextInputBuilder().setCustomId(option.name).setStyle(TextInputStyle.Short).setRequired(option.required));
  });
  return new ModalBuilder()
    .setCustomId(`${MODAL_ID_PREFIX}${shape.name}`)
    .setTitle(CONNECT_MODAL_TEXTS.title[locale].slice(0, MODAL_TITLE_CHARS_MAX))
    .addLabelComponents(labels);
}

/** The values of a submitted form, as tokens in the shape's order (an empty field ends the list). */
function modalTokens(shape: CommandShape, interaction: ModalSubmitInteraction): string[] {
  const tokens: string[] = [];
  for (const option of shape.options) {
    const field = interaction.fields.fields.get(option.name);
    const value = field && 'values' in field && Array.isArray(field.values) ? field.values[0]
      : field && 'value' in field && typeof field.value === 'string' ? field.value.trim() : undefined;
    if (!value) break;
    tokens.push(value);
  }
  return tokens;
}

/**
 * A submitted secret form: handled as the command with its fields as arguments, answered only to
 * the person. The values go to the neutral layer and nowhere else (never logged, never echoed).
 */
export async function onModalSubmit(deps: InteractionDeps, interaction: ModalSubmitInteraction): Promise<void> {
  const shape = interaction.customId.startsWith(MODAL_ID_PREFIX) ? shapeNamed(interaction.customId.slice(MODAL_ID_PREFIX.length)) : undefined;
  if (!shape?.secret) {
    deps.logger.warn({ interactionId: interaction.id, customId: interaction.customId }, 'discord modal unknown');
    return;
  }
  const locale = localeFromDiscord(interaction.locale) ?? deps.defaultLocale;
  const ephemeral = !isBotDm(interaction);
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  try {
    const reply = await deps.handlers.handleCommand({
      identity: identityOf(interaction, ephemeral),
      idempotencyKey: `dc:${interaction.id}`,
      name: shape.name,
      args: modalTokens(shape, interaction),
    });
    await sendInteractionReply(interaction, reply, ephemeral);
  } catch (err) {
    deps.logger.error({ err: { name: (err as Error).name }, interactionId: interaction.id, command: shape.name }, 'discord modal failed');
    await sendFailure(interaction, locale, ephemeral);
  }
}

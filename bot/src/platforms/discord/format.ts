import { ActionRowBuilder, AttachmentBuilder, ButtonBuilder, ButtonStyle, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { ActionStyle, ChatReply, ReplyAction, ReplyTone } from '../../commands/reply.js';

/** Discord's embed and component limits (CHAT-PLATFORMS.md A2, A3). */
export const EMBED_LIMITS = {
  titleChars: 256, descriptionChars: 4096, fields: 25, fieldNameChars: 256, fieldValueChars: 1024, totalChars: 6000,
} as const;
export const BUTTONS_PER_ROW_MAX = 5;
export const BUTTON_ROWS_MAX = 5;
export const BUTTON_LABEL_CHARS_MAX = 80;

/** Embed colour by tone. */
export const TONE_COLOURS: Record<ReplyTone, number> = { info: 0x5865f2, success: 0x57f287, error: 0xed4245 };

/** Korean convention (CHAT-PLATFORMS.md C2): buy is red, sell is blue. */
export const BUTTON_STYLES: Record<ActionStyle, ButtonStyle> = {
  buy: ButtonStyle.Danger,
  sell: ButtonStyle.Primary,
  confirm: ButtonStyle.Success,
  cancel: ButtonStyle.Secondary,
  choice: ButtonStyle.Secondary,
};

/** One Discord message: an embed and its button rows, and the reply's image as an attachment. */
export interface DiscordMessage {
  embeds: APIEmbed[];
  components: ActionRowBuilder<ButtonBuilder>[];
  files: AttachmentBuilder[];
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Splits text into pieces of at most `max` chars, at a line break when there is one. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = rest.lastIndexOf('\n', max);
    const at = cut > 0 ? cut : max;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(cut > 0 ? at + 1 : at);
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** Button rows for the actions: at most 5 per row and 5 rows (more are dropped; the neutral layer never makes that many). */
export function buttonRows(actions: readonly ReplyAction[] = []): ActionRowBuilder<ButtonBuilder>[] {
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  const shown = actions.slice(0, BUTTONS_PER_ROW_MAX * BUTTON_ROWS_MAX);
  for (let i = 0; i < shown.length; i += BUTTONS_PER_ROW_MAX) {
    rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(
      shown.slice(i, i + BUTTONS_PER_ROW_MAX).map((action) => new ButtonBuilder()
        .setCustomId(action.id)
        .setLabel(clip(action.label, BUTTON_LABEL_CHARS_MAX))
        .setStyle(BUTTON_STYLES[action.style])),
    ));
  }
  return rows;
}

function embedChars(embed: APIEmbed): number {
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0)
    + (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
}

/**
 * A reply as Discord messages: usually one embed (title, description, fields, colour by tone) with
 * the buttons under it. A reply past the embed limits continues in further messages; the buttons
 * go under the last one.
 */
export function toDiscordMessages(reply: ChatReply): DiscordMessage[] {
  const color = TONE_COLOURS[reply.tone ?? 'info'];
  const embeds: APIEmbed[] = splitText(reply.text, EMBED_LIMITS.descriptionChars).map((piece) => ({ color, ...(piece ? { description: piece } : {}) }));
  if (reply.title) embeds[0]!.title = clip(reply.title, EMBED_LIMITS.titleChars);
  for (const field of reply.fields ?? []) {
    const apiField: APIEmbedField = { name: clip(field.name, EMBED_LIMITS.fieldNameChars), value: clip(field.value, EMBED_LIMITS.fieldValueChars) };
    let last = embeds[embeds.length - 1]!;
    const full = (last.fields?.length ?? 0) >= EMBED_LIMITS.fields
      || embedChars(last) + apiField.name.length + apiField.value.length > EMBED_LIMITS.totalChars;
    if (full) {
      last = { color };
      embeds.push(last);
    }
    (last.fields ??= []).push(apiField);
  }
  // Discord refuses an embed with nothing in it.
  for (const embed of embeds) if (embedChars(embed) === 0) embed.description = '\u200b';
  // The image is uploaded with the first message and shown inside its embed (A3: `attachment://name`).
  const files = reply.image ? [new AttachmentBuilder(Buffer.from(reply.image.png), { name: reply.image.name, description: reply.image.alt })] : [];
  if (reply.image) embeds[0]!.image = { url: `attachment://${reply.image.name}` };
  return embeds.map((embed, i) => ({ embeds: [embed], components: i === embeds.length - 1 ? buttonRows(reply.actions) : [], files: i === 0 ? files : [] }));
}

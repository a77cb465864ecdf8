import { FAKE_BOT_USER, nextSnowflake } from './fake-discord-rest.js';
import { FAKE_GUILD_CHANNEL_ID, FAKE_GUILD_ID } from './fake-discord-gateway.js';

/** Who sends an interaction, and from where: a server channel (member + guild_id) or the bot's DM (user alone). */
export interface InteractionSender {
  userId: string;
  /** Discord locale, e.g. `ko`, `en-US`, `ja`. */
  locale?: string;
  where: 'guild' | 'dm';
}

export interface ApiOption {
  type: number;
  name: string;
  value?: string | number | boolean;
  focused?: boolean;
  options?: ApiOption[];
}

/** Every interaction in the tests has a fresh id and token, as Discord's do. */
export interface BuiltInteraction {
  id: string;
  token: string;
  payload: Record<string, unknown>;
}

function apiUser(userId: string) {
  return { id: userId, username: `user${userId.slice(-4)}`, discriminator: '0', global_name: null, avatar: null, public_flags: 0 };
}

function envelope(applicationId: string, type: number, sender: InteractionSender, data: unknown, extra: Record<string, unknown> = {}): BuiltInteraction {
  const id = nextSnowflake();
  const token = `itok-${id}`;
  const dmChannelId = `71${sender.userId.slice(-16)}`;
  const where = sender.where === 'guild'
    ? {
      guild_id: FAKE_GUILD_ID, guild_locale: 'ko', channel_id: FAKE_GUILD_CHANNEL_ID, context: 0,
      channel: { id: FAKE_GUILD_CHANNEL_ID, type: 0, guild_id: FAKE_GUILD_ID, name: 'trading', position: 0, permission_overwrites: [], parent_id: null, nsfw: false, flags: 0, last_message_id: null, rate_limit_per_user: 0, topic: null },
      member: { user: apiUser(sender.userId), roles: [], joined_at: '2025-01-01T00:00:00.000Z', premium_since: null, deaf: false, mute: false, flags: 0, pending: false, nick: null, avatar: null, communication_disabled_until: null, permissions: '1071698660929' },
      authorizing_integration_owners: { 0: FAKE_GUILD_ID },
    }
    : {
      channel_id: dmChannelId, context: 1,
      channel: { id: dmChannelId, type: 1, flags: 0, last_message_id: null, recipients: [apiUser(sender.userId)] },
      user: apiUser(sender.userId),
      authorizing_integration_owners: { 0: FAKE_GUILD_ID },
    };
  return {
    id, token,
    payload: {
      id, application_id: applicationId, type, token, version: 1, locale: sender.locale ?? 'ko',
      app_permissions: '1071698660929', entitlements: [], attachment_size_limit: 10_485_760, ...where, data, ...extra,
    },
  };
}

/** INTERACTION_CREATE type 2 (APPLICATION_COMMAND) for a chat-input command with its options. */
export function slashCommand(applicationId: string, sender: InteractionSender, name: string, options: ApiOption[] = []): BuiltInteraction {
  return envelope(applicationId, 2, sender, { id: nextSnowflake(), name, type: 1, options, ...(sender.where === 'guild' ? { guild_id: FAKE_GUILD_ID } : {}) });
}

/** INTERACTION_CREATE type 4 (APPLICATION_COMMAND_AUTOCOMPLETE): the focused option carries the partial input. */
export function autocomplete(applicationId: string, sender: InteractionSender, name: string, options: ApiOption[]): BuiltInteraction {
  return envelope(applicationId, 4, sender, { id: nextSnowflake(), name, type: 1, options });
}

/** INTERACTION_CREATE type 3 (MESSAGE_COMPONENT): a button press on a message the bot sent. */
export function buttonPress(applicationId: string, sender: InteractionSender, customId: string, message: { id?: string; ephemeral: boolean; ownerUserId: string }): BuiltInteraction {
  const channelId = sender.where === 'guild' ? FAKE_GUILD_CHANNEL_ID : `71${sender.userId.slice(-16)}`;
  const apiMessage = {
    id: message.id ?? nextSnowflake(), channel_id: channelId, author: FAKE_BOT_USER, content: '', timestamp: new Date().toISOString(),
    edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [],
    embeds: [{ type: 'rich', description: 'draft' }], pinned: false, type: 20, flags: message.ephemeral ? 64 : 0,
    webhook_id: applicationId, application_id: applicationId,
    interaction_metadata: { id: nextSnowflake(), type: 2, user: apiUser(message.ownerUserId), authorizing_integration_owners: { 0: FAKE_GUILD_ID } },
    components: [{ type: 1, components: [{ type: 2, style: 3, label: 'OK', custom_id: customId }] }],
  };
  return envelope(applicationId, 3, sender, { custom_id: customId, component_type: 2 }, { message: apiMessage });
}

/** A modal field as Discord sends it back: a Label (type 18) around a text input (4) or string select (3). */
export type ModalValue = { customId: string; text: string } | { customId: string; selected: string[] };

/** INTERACTION_CREATE type 5 (MODAL_SUBMIT). */
export function modalSubmit(applicationId: string, sender: InteractionSender, customId: string, values: ModalValue[]): BuiltInteraction {
  const components = values.map((v, i) => ({
    type: 18, id: i * 2 + 1,
    component: 'text' in v
      ? { type: 4, id: i * 2 + 2, custom_id: v.customId, value: v.text }
      : { type: 3, id: i * 2 + 2, custom_id: v.customId, values: v.selected },
  }));
  return envelope(applicationId, 5, sender, { custom_id: customId, components });
}

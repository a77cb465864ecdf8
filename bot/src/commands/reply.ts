/** One labelled value; Discord renders it as an embed field, text platforms as `name: value`. */
export interface ReplyField {
  name: string;
  value: string;
}

export type ReplyTone = 'info' | 'success' | 'error';

/**
 * How a button looks. Korean convention (CHAT-PLATFORMS.md C2): buy is red, sell is blue.
 * Discord: buy -> Danger, sell -> Primary, confirm -> Success, cancel -> Secondary, choice -> Secondary.
 */
export type ActionStyle = 'buy' | 'sell' | 'confirm' | 'cancel' | 'choice';

/**
 * A button under a reply. `id` is opaque and short (at most 64 bytes of ASCII, so it fits Telegram's
 * callback_data and Discord's custom_id); the neutral layer keeps the state behind it, bound to the
 * person who asked and expiring.
 */
export interface ReplyAction {
  id: string;
  label: string;
  style: ActionStyle;
}

/**
 * A platform-neutral answer or notification. Adapters only translate it (embed, HTML, plain lines);
 * every word in it is already localized.
 */
export interface ChatReply {
  text: string;
  title?: string;
  fields?: ReplyField[];
  tone?: ReplyTone;
  /** Buttons; pressing one calls `InboundHandlers.handleAction`, whose reply replaces this message. */
  actions?: ReplyAction[];
  /**
   * For a button press only: show this to the person who pressed and leave the pressed message as
   * it was (a refused press: someone else's button, expired, already handled). Discord: an
   * ephemeral follow-up; Telegram: answerCallbackQuery text.
   */
  ephemeral?: boolean;
  /**
   * A picture shown with the reply (a chart). Discord: an attachment shown as the embed's image;
   * Telegram: a photo with the text as its caption; the terminal: a file whose path is printed.
   */
  image?: ReplyImage;
}

/** A PNG image; `name` is a file name (`chart-005930.png`), `alt` a short description of it. */
export interface ReplyImage {
  png: Uint8Array;
  name: string;
  alt: string;
}

/** A one-line error answer. */
export function errorReply(text: string): ChatReply {
  return { text, tone: 'error' };
}

/** A reply as plain text lines: title, text, then `name: value` fields. */
export function replyToLines(reply: ChatReply): string[] {
  const lines: string[] = [];
  if (reply.title) lines.push(reply.title);
  if (reply.text) lines.push(...reply.text.split('\n'));
  for (const field of reply.fields ?? []) lines.push(`${field.name}: ${field.value}`);
  return lines;
}

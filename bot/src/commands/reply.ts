/** One labelled value; Discord renders it as an embed field, text platforms as `name: value`. */
export interface ReplyField {
  name: string;
  value: string;
}

export type ReplyTone = 'info' | 'success' | 'error';

/**
 * A platform-neutral answer or notification. Adapters only translate it (embed, HTML, plain lines);
 * every word in it is already localized.
 */
export interface ChatReply {
  text: string;
  title?: string;
  fields?: ReplyField[];
  tone?: ReplyTone;
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

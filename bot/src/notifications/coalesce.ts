import type { Locale } from '@tradedesk/contracts';
import { replyToLines, type ChatReply, type ReplyTone } from '../commands/reply.js';
import { t } from '../i18n/index.js';

/** The characters a reply takes as text (title, text, fields), as platforms count message length. */
export function replyChars(reply: ChatReply): number {
  return replyToLines(reply).join('\n').length;
}

function combinedTone(replies: readonly ChatReply[]): ReplyTone {
  if (replies.some((r) => r.tone === 'error')) return 'error';
  return replies.every((r) => r.tone === 'success') ? 'success' : 'info';
}

/**
 * Several notifications for one chat as one message: a "N notifications" title, then each one's
 * lines, separated by a blank line. One reply is returned as it is.
 */
export function coalesceReplies(locale: Locale, replies: readonly ChatReply[]): ChatReply {
  if (replies.length === 1) return replies[0]!;
  return {
    title: t(locale, 'notificationsCoalesced', { count: replies.length }),
    text: replies.map((r) => replyToLines(r).join('\n')).join('\n\n'),
    tone: combinedTone(replies),
  };
}

/**
 * How many of `replies` (from the front) fit in one message of `maxChars`: at least one, even a
 * long one alone (the adapter splits it), then as many more as keep the coalesced text within bounds.
 */
export function coalescibleCount(locale: Locale, replies: readonly ChatReply[], maxChars: number): number {
  // A reply with a picture (the close summary's chart) goes alone: a coalesced text would drop it.
  if (replies[0]?.image) return 1;
  let count = 1;
  while (count < replies.length && !replies[count]!.image && replyChars(coalesceReplies(locale, replies.slice(0, count + 1))) <= maxChars) count += 1;
  return count;
}

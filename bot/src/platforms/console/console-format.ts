import type { ChatReply, ReplyTone } from '../../commands/reply.js';
import { replyToLines } from '../../commands/reply.js';

const TONE_MARK: Record<ReplyTone, string> = { info: '', success: '✅ ', error: '❌ ' };

/** Marks a notification so it stands out from command replies. */
export const NOTIFICATION_MARK = '🔔 ';

/**
 * A reply as terminal text: the first line marked by tone (or with {@link NOTIFICATION_MARK}), the
 * rest indented by two spaces. Ends with a newline.
 */
export function formatConsoleReply(reply: ChatReply, mark = TONE_MARK[reply.tone ?? 'info']): string {
  const [first = '', ...rest] = replyToLines(reply);
  return [`${mark}${first}`, ...rest.map((line) => (line === '' ? '' : `  ${line}`))].join('\n') + '\n';
}

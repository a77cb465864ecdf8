import type { ChatReply, ReplyTone } from '../../commands/reply.js';
import { replyToLines } from '../../commands/reply.js';

const TONE_MARK: Record<ReplyTone, string> = { info: '', success: '✅ ', error: '❌ ' };

/** Marks a notification so it stands out from command replies. */
export const NOTIFICATION_MARK = '🔔 ';
/** Marks a notification delivered without sound (the user's `silent` setting or quiet hours). */
export const SILENT_NOTIFICATION_MARK = '🔕 ';

/**
 * A reply as terminal text: the first line marked by tone (or with {@link NOTIFICATION_MARK}), the
 * rest indented by two spaces, then its buttons as numbered choices (`[1] 확인  [2] 취소`) that
 * the person presses by typing the number. Ends with a newline.
 */
export function formatConsoleReply(reply: ChatReply, mark = TONE_MARK[reply.tone ?? 'info']): string {
  const [first = '', ...rest] = replyToLines(reply);
  const lines = [`${mark}${first}`, ...rest.map((line) => (line === '' ? '' : `  ${line}`))];
  if (reply.actions && reply.actions.length > 0) lines.push(`  ${reply.actions.map((a, i) => `[${i + 1}] ${a.label}`).join('  ')}`);
  return lines.join('\n') + '\n';
}

import { InlineKeyboard } from 'grammy';
import type { ActionStyle, ChatReply, ReplyAction, ReplyTone } from '../../commands/reply.js';

/** Longest text one Telegram message carries (CHAT-PLATFORMS.md B2). */
export const TELEGRAM_MESSAGE_CHARS_MAX = 4096;
/** Longest photo caption, counted like message text (CHAT-PLATFORMS.md B7). */
export const TELEGRAM_CAPTION_CHARS_MAX = 1024;
/** Longest `callback_data` (bytes). */
export const TELEGRAM_CALLBACK_DATA_BYTES_MAX = 64;

const TONE_MARK: Record<ReplyTone, string> = { info: '', success: '✅ ', error: '❌ ' };

/** Korean convention (C2): buy red, sell blue; confirm green; cancel and choices plain. */
const BUTTON_STYLE: Record<ActionStyle, 'danger' | 'primary' | 'success' | undefined> = {
  buy: 'danger', sell: 'primary', confirm: 'success', cancel: undefined, choice: undefined,
};

/** A reply as Telegram messages: HTML texts (each within the limit) and the buttons for the last one. */
export interface TelegramMessageParts {
  htmlChunks: string[];
  keyboard: InlineKeyboard | undefined;
}

/** Escapes the three characters Telegram's HTML parse mode requires (B4). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One rendered line: fixed markup around plain text, so a long line can be cut without breaking a tag or an entity. */
export interface HtmlLine {
  open: string;
  text: string;
  close: string;
}

function replyLines(reply: ChatReply): HtmlLine[] {
  const mark = TONE_MARK[reply.tone ?? 'info'];
  const lines: HtmlLine[] = [];
  if (reply.title) lines.push({ open: '<b>', text: `${mark}${reply.title}`, close: '</b>' });
  const textLines = reply.text ? reply.text.split('\n') : [];
  textLines.forEach((text, i) => lines.push({ open: '', text: !reply.title && i === 0 ? `${mark}${text}` : text, close: '' }));
  for (const field of reply.fields ?? []) lines.push({ open: `<b>${escapeHtml(field.name)}</b>: `, text: field.value, close: '' });
  if (lines.length === 0) lines.push({ open: '', text: mark.trim() || '…', close: '' });
  return lines;
}

const render = (line: HtmlLine, text = line.text) => `${line.open}${escapeHtml(text)}${line.close}`;

/** What Telegram counts against the limit: the text after entity parsing (tags gone, entities one character). */
export function visibleLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, '_').length;
}

/** Cuts a line too long for one message into pieces that each fit, never inside a character pair. */
function cutLine(line: HtmlLine, maxChars: number): string[] {
  const budget = Math.max(1, maxChars - visibleLength(line.open + line.close));
  const pieces: string[] = [];
  let piece = '';
  let pieceChars = 0;
  for (const char of line.text) {
    const charChars = char.length;
    if (pieceChars + charChars > budget && piece !== '') {
      pieces.push(render(line, piece));
      piece = '';
      pieceChars = 0;
    }
    piece += char;
    pieceChars += charChars;
  }
  if (piece !== '' || pieces.length === 0) pieces.push(render(line, piece));
  return pieces;
}

/**
 * Splits HTML lines into messages of at most `maxChars` as Telegram counts them ({@link visibleLength},
 * UTF-16 units like the neutral layer's coalescing), breaking between lines; a longer line is cut.
 */
export function splitIntoMessages(lines: readonly HtmlLine[], maxChars = TELEGRAM_MESSAGE_CHARS_MAX): string[] {
  const chunks: string[] = [];
  let parts: string[] = [];
  let partsChars = 0;
  const flush = () => {
    const chunk = parts.join('\n');
    if (chunk.trim() !== '') chunks.push(chunk);
    parts = [];
    partsChars = 0;
  };
  for (const line of lines) {
    const whole = render(line);
    for (const html of visibleLength(whole) > maxChars ? cutLine(line, maxChars) : [whole]) {
      const htmlChars = visibleLength(html);
      // Joining adds one newline per part after the first.
      if (parts.length > 0 && partsChars + 1 + htmlChars > maxChars) flush();
      partsChars += (parts.length > 0 ? 1 : 0) + htmlChars;
      parts.push(html);
    }
  }
  flush();
  return chunks.length > 0 ? chunks : ['…'];
}

/** The buttons under a reply: choices one per row (they are long names), the rest side by side. */
export function actionsKeyboard(actions: readonly ReplyAction[]): InlineKeyboard | undefined {
  if (actions.length === 0) return undefined;
  const keyboard = new InlineKeyboard();
  const choices = actions.filter((a) => a.style === 'choice');
  const others = actions.filter((a) => a.style !== 'choice');
  choices.forEach((action, i) => {
    if (i > 0) keyboard.row();
    addButton(keyboard, action);
  });
  if (choices.length > 0 && others.length > 0) keyboard.row();
  for (const action of others) addButton(keyboard, action);
  return keyboard;
}

function addButton(keyboard: InlineKeyboard, action: ReplyAction): InlineKeyboard {
  if (Buffer.byteLength(action.id, 'utf8') > TELEGRAM_CALLBACK_DATA_BYTES_MAX) {
    throw new Error(`action id longer than ${TELEGRAM_CALLBACK_DATA_BYTES_MAX} bytes`);
  }
  keyboard.text(action.label, action.id);
  const style = BUTTON_STYLE[action.style];
  return style ? keyboard.style(style) : keyboard;
}

/**
 * A neutral reply as Telegram HTML messages: the title bold with the tone's mark, the text as is,
 * fields as `<b>name</b>: value`; every piece of text escaped.
 * @example formatTelegramReply({ title: '잔고', text: 'A & B <c>' }).htmlChunks // ['<b>잔고</b>\nA &amp; B &lt;c&gt;']
 */
export function formatTelegramReply(reply: ChatReply, maxChars = TELEGRAM_MESSAGE_CHARS_MAX): TelegramMessageParts {
  return { htmlChunks: splitIntoMessages(replyLines(reply), maxChars), keyboard: actionsKeyboard(reply.actions ?? []) };
}

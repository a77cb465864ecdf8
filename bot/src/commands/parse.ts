/** A chat line split into a command name and its raw argument tokens. */
export interface ParsedLine {
  name: string;
  args: string[];
}

const LINE_CHARS_MAX = 500;
const ARGS_MAX = 20;
const QUOTES: Record<string, string> = { '"': '"', '\u201C': '\u201D' };

/**
 * Parses `/buy 005930 10 71000` (the slash is optional; `/buy@MyBot` is accepted as Telegram sends it
 * in groups) into `{ name: 'buy', args: ['005930', '10', '71000'] }`. Double quotes group words:
 * `/price "KODEX 200"`. Returns null for an empty line. The name is lower-cased; arguments are not.
 */
export function parseChatLine(line: string): ParsedLine | null {
  const tokens = tokenize(line.slice(0, LINE_CHARS_MAX));
  const first = tokens.shift();
  if (first === undefined) return null;
  const name = first.replace(/^\//, '').replace(/@.*$/, '').toLowerCase();
  return { name, args: tokens.slice(0, ARGS_MAX) };
}

function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    const close = QUOTES[line[i]!];
    if (close !== undefined) {
      const end = line.indexOf(close, i + 1);
      const stop = end === -1 ? line.length : end;
      tokens.push(line.slice(i + 1, stop).trim());
      i = stop + 1;
      continue;
    }
    const start = i;
    while (i < line.length && !/\s/.test(line[i]!)) i++;
    tokens.push(line.slice(start, i));
  }
  return tokens.filter((token) => token.length > 0);
}

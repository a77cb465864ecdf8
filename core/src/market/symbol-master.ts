import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marketSchema, symbolCodeSchema, symbolInfoSchema, type SymbolInfo } from '@tradedesk/contracts';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';

/** The shipped default: the KRX listing of July 2026 (see ../../data/README.md). */
export const DEFAULT_SYMBOL_FILE = fileURLToPath(new URL('../../data/krx-symbols.csv', import.meta.url));
/** The operator's refreshed copy, under DATA_DIR; core prefers it to the shipped file. */
export const SYMBOL_FILE_NAME = 'krx-symbols.csv';
export const SYMBOL_FILE_COLUMNS = ['code', 'name_ko', 'name_en', 'market', 'isin'] as const;
/** A listing shorter than this is refused: a truncated download must not replace the master. */
export const SYMBOL_FILE_ROWS_MIN = 100;
/** Problems reported at most, so a wrong file does not flood the terminal. */
const ERRORS_SHOWN_MAX = 20;

const rowSchema = z.object({
  code: symbolCodeSchema,
  name_ko: z.string().trim().min(1, 'name_ko is empty'),
  name_en: z.string().trim(),
  market: marketSchema,
  isin: z.string().trim().regex(/^[A-Z]{2}[0-9A-Z]{9}[0-9]$/, 'isin is not a 12-character ISIN'),
});

export type SymbolCsvResult = { ok: true; symbols: SymbolInfo[] } | { ok: false; errors: string[] };

/**
 * Validates a symbol CSV (header `code,name_ko,name_en,market,isin`, codes as text): every row
 * with zod, codes unique, at least SYMBOL_FILE_ROWS_MIN rows. Errors name the file's line number.
 */
export function parseSymbolCsv(text: string): SymbolCsvResult {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  let headerError: string | null = null;
  try {
    records = parse(text, {
      columns: (names: string[]) => {
        const header = names.map((n) => n.trim());
        if (header.join(',') !== SYMBOL_FILE_COLUMNS.join(',')) {
          headerError = `line 1: the header must be ${SYMBOL_FILE_COLUMNS.join(',')} (got ${header.join(',')})`;
          throw new Error(headerError);
        }
        return header;
      },
      skip_empty_lines: true, bom: true, info: true,
    });
  } catch (error) {
    return { ok: false, errors: [headerError ?? `not a valid CSV: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const errors: string[] = [];
  const symbols: SymbolInfo[] = [];
  const lineOfCode = new Map<string, number>();
  for (const { record, info } of records) {
    const row = rowSchema.safeParse(record);
    if (!row.success) {
      errors.push(`line ${info.lines}: ${row.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      continue;
    }
    const seenAt = lineOfCode.get(row.data.code);
    if (seenAt !== undefined) errors.push(`line ${info.lines}: code ${row.data.code} repeats line ${seenAt}`);
    lineOfCode.set(row.data.code, info.lines);
    symbols.push(symbolInfoSchema.parse({ code: row.data.code, nameKo: row.data.name_ko, nameEn: row.data.name_en, market: row.data.market }));
  }
  if (errors.length === 0 && symbols.length < SYMBOL_FILE_ROWS_MIN) {
    errors.push(`only ${symbols.length} symbols; a listing has at least ${SYMBOL_FILE_ROWS_MIN} (truncated file?)`);
  }
  if (errors.length > ERRORS_SHOWN_MAX) errors.splice(ERRORS_SHOWN_MAX, Infinity, `... and ${errors.length - ERRORS_SHOWN_MAX} more`);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, symbols };
}

/** Thrown for a symbol file that does not validate; `errors` carry line numbers. */
export class SymbolFileError extends Error {
  override name = 'SymbolFileError';
  constructor(readonly path: string, readonly errors: readonly string[]) {
    super(`symbol file ${path} is invalid:\n  ${errors.join('\n  ')}`);
  }
}

const symbolEnvSchema = z.object({ SYMBOL_MASTER_FILE: z.string().trim().min(1).optional() });

/**
 * The file core loads: SYMBOL_MASTER_FILE when set, else DATA_DIR/krx-symbols.csv when the
 * operator has installed one (`npm run admin -- symbols --file PATH`), else the shipped listing.
 */
export function symbolFilePath(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = symbolEnvSchema.parse({ SYMBOL_MASTER_FILE: env['SYMBOL_MASTER_FILE'] || undefined }).SYMBOL_MASTER_FILE;
  if (configured) return configured;
  const installed = join(dataDir, SYMBOL_FILE_NAME);
  return existsSync(installed) ? installed : DEFAULT_SYMBOL_FILE;
}

/**
 * Validates `sourcePath` and installs it as DATA_DIR/krx-symbols.csv: written to a temporary file
 * in the same folder, flushed, then renamed over the old one, so core never reads half a file.
 * Returns the number of symbols; throws SymbolFileError (nothing written) for an invalid file.
 */
export function installSymbolFile(sourcePath: string, dataDir: string): { path: string; count: number } {
  const text = readFileSync(sourcePath, 'utf8');
  const result = parseSymbolCsv(text);
  if (!result.ok) throw new SymbolFileError(sourcePath, result.errors);
  mkdirSync(dataDir, { recursive: true });
  const target = join(dataDir, SYMBOL_FILE_NAME);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    const fd = openSync(temporary, 'w', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  return { path: target, count: result.symbols.length };
}

/** Lower-case letters and digits only, and DART's legal suffixes dropped: "SAMSUNG ELECTRONICS CO,.LTD" → "samsungelectronics". */
function normalizeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/\b(co|ltd|inc|corp|corporation|company|limited|holdings?)\b/g, ' ')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

interface Entry { info: SymbolInfo; ko: string; en: string }

/**
 * KRX codes with Korean and English names. Codes are opaque 6-character strings (never numbers).
 * Name search accepts Korean, English and partial input; an exact name wins over partial ones.
 */
export class SymbolMaster {
  private readonly byCode = new Map<string, Entry>();

  constructor(symbols: readonly SymbolInfo[]) {
    for (const info of symbols) {
      this.byCode.set(info.code, { info, ko: normalizeName(info.nameKo), en: normalizeName(info.nameEn) });
    }
  }

  /** Reads a CSV with the columns `code,name_ko,name_en,market,isin` (codes read as text); throws SymbolFileError. */
  static fromCsvFile(path: string = DEFAULT_SYMBOL_FILE): SymbolMaster {
    const result = parseSymbolCsv(readFileSync(path, 'utf8'));
    if (!result.ok) throw new SymbolFileError(path, result.errors);
    return new SymbolMaster(result.symbols);
  }

  /** The master core starts with: see symbolFilePath. */
  static forDataDir(dataDir: string, env: NodeJS.ProcessEnv = process.env): SymbolMaster {
    return SymbolMaster.fromCsvFile(symbolFilePath(dataDir, env));
  }

  /** Every listed symbol, in file order. */
  list(): SymbolInfo[] {
    return [...this.byCode.values()].map((e) => e.info);
  }

  get size(): number {
    return this.byCode.size;
  }

  byCodeOrNull(code: string): SymbolInfo | null {
    return this.byCode.get(code.trim().toUpperCase())?.info ?? null;
  }

  /** Exact code or exact name first; otherwise names that start with, then contain, the query. */
  search(query: string, limit: number): SymbolInfo[] {
    const exactCode = this.byCodeOrNull(query);
    if (exactCode) return [exactCode];
    const q = normalizeName(query);
    if (q.length === 0) return [];
    const exact: SymbolInfo[] = [];
    const prefix: SymbolInfo[] = [];
    const contains: SymbolInfo[] = [];
    for (const { info, ko, en } of this.byCode.values()) {
      if (ko === q || en === q) exact.push(info);
      else if (ko.startsWith(q) || en.startsWith(q)) prefix.push(info);
      else if (ko.includes(q) || en.includes(q)) contains.push(info);
    }
    if (exact.length > 0) return exact.slice(0, limit);
    const byName = (a: SymbolInfo, b: SymbolInfo) => a.nameKo.length - b.nameKo.length || a.code.localeCompare(b.code);
    return [...prefix.sort(byName), ...contains.sort(byName)].slice(0, limit);
  }
}

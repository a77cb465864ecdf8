import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { marketSchema, symbolInfoSchema, type SymbolInfo } from '@tradedesk/contracts';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';

/** The shipped default: the KRX listing of July 2026 (see ../../data/README.md). */
export const DEFAULT_SYMBOL_FILE = fileURLToPath(new URL('../../data/krx-symbols.csv', import.meta.url));

const rowSchema = z.object({
  code: z.string(),
  name_ko: z.string(),
  name_en: z.string(),
  market: marketSchema,
  isin: z.string(),
});

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

  /** Reads a CSV with the columns `code,name_ko,name_en,market,isin` (codes read as text). */
  static fromCsvFile(path: string = DEFAULT_SYMBOL_FILE): SymbolMaster {
    const records: unknown[] = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true, bom: true });
    const symbols = records.map((record, i) => {
      const row = rowSchema.safeParse(record);
      if (!row.success) throw new Error(`symbol file ${path}: row ${i + 2} is malformed`, { cause: row.error });
      return symbolInfoSchema.parse({ code: row.data.code, nameKo: row.data.name_ko, nameEn: row.data.name_en, market: row.data.market });
    });
    return new SymbolMaster(symbols);
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

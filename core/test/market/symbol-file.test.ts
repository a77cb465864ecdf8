import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SYMBOL_FILE, installSymbolFile, parseSymbolCsv, SymbolFileError, SymbolMaster, symbolFilePath,
} from '../../src/market/symbol-master.js';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const shipped = readFileSync(DEFAULT_SYMBOL_FILE, 'utf8');
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'symbols-'));
  dirs.push(dir);
  return dir;
}

/** The shipped listing with its line `lineNo` (1 = header) replaced. */
function withLine(lineNo: number, replacement: string): string {
  const lines = shipped.split('\n');
  lines[lineNo - 1] = replacement;
  return lines.join('\n');
}

describe('symbol file validation', () => {
  it('should accept the shipped KRX listing', () => {
    const result = parseSymbolCsv(shipped);
    expect(result.ok && result.symbols.length).toBe(4_027);
  });

  it('should name the line of every bad row, and what is wrong with it', () => {
    let text = withLine(3, '12345,짧은코드,SHORT,KOSPI,KR7000040006');
    text = text.split('\n').map((line, i) => (i === 9 ? '005930,삼성전자,Samsung,NYSE,KR7005930003' : line)).join('\n');
    const result = parseSymbolCsv(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(2);
    expect(result.errors[0]).toMatch(/^line 3: code: a KRX code is 6 letters or digits/);
    expect(result.errors[1]).toMatch(/^line 10: market: /);
  });

  it('should refuse a repeated code, a wrong header, and a truncated listing', () => {
    const repeated = parseSymbolCsv(`${shipped.trimEnd()}\n000020,동화약품,DONGWHA,KOSPI,KR7000020008\n`);
    expect(!repeated.ok && repeated.errors).toEqual(['line 4029: code 000020 repeats line 2']);
    const header = parseSymbolCsv(withLine(1, 'code,name,market'));
    expect(!header.ok && header.errors[0]).toMatch(/^line 1: the header must be code,name_ko,name_en,market,isin/);
    const truncated = parseSymbolCsv(shipped.split('\n').slice(0, 51).join('\n'));
    expect(!truncated.ok && truncated.errors).toEqual(['only 50 symbols; a listing has at least 100 (truncated file?)']);
  });
});

describe('symbol file install and choice at start', () => {
  it('should install a valid file into DATA_DIR, which core then prefers to the shipped listing', () => {
    const dataDir = join(tempDir(), 'data');
    const source = join(tempDir(), 'new.csv');
    writeFileSync(source, withLine(2, '000020,동화제약,DONGWHA PHARM,KOSPI,KR7000020008'));
    expect(symbolFilePath(dataDir, {})).toBe(DEFAULT_SYMBOL_FILE);
    expect(installSymbolFile(source, dataDir)).toEqual({ path: join(dataDir, 'krx-symbols.csv'), count: 4_027 });
    expect(symbolFilePath(dataDir, {})).toBe(join(dataDir, 'krx-symbols.csv'));
    expect(SymbolMaster.forDataDir(dataDir, {}).byCodeOrNull('000020')?.nameKo).toBe('동화제약');
    expect(readdirSync(dataDir)).toEqual(['krx-symbols.csv']); // no temporary file left
    expect(symbolFilePath(dataDir, { SYMBOL_MASTER_FILE: '/elsewhere.csv' })).toBe('/elsewhere.csv');
  });

  it('should leave the installed file untouched when the new one is invalid', () => {
    const dataDir = tempDir();
    const good = join(dataDir, 'good.csv');
    writeFileSync(good, shipped);
    installSymbolFile(good, dataDir);
    const bad = join(dataDir, 'bad.csv');
    writeFileSync(bad, withLine(2, ',,,,'));
    expect(() => installSymbolFile(bad, dataDir)).toThrow(SymbolFileError);
    expect(readFileSync(join(dataDir, 'krx-symbols.csv'), 'utf8')).toBe(shipped);
  });

  it('should do it from `npm run admin -- symbols --file PATH`, and report line numbers on failure', () => {
    const dataDir = tempDir();
    const source = join(dataDir, 'upload.csv');
    const run = () => spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'core/src/admin-cli.ts', 'symbols', '--file', source], {
      cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, timeout: 60_000,
    });
    writeFileSync(source, withLine(5, '000070,삼양홀딩스,Samyang,KOSPI,XX'));
    const refused = run();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('line 5: isin: isin is not a 12-character ISIN');
    expect(existsSync(join(dataDir, 'krx-symbols.csv'))).toBe(false);
    writeFileSync(source, shipped);
    const installed = run();
    expect(installed.status).toBe(0);
    expect(installed.stdout).toContain('Installed 4027 symbols');
    expect(readFileSync(join(dataDir, 'krx-symbols.csv'), 'utf8')).toBe(shipped);
  }, 60_000);
});

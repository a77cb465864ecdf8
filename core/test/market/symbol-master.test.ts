import { describe, expect, it } from 'vitest';
import { SymbolMaster } from '../../src/market/symbol-master.js';

const master = SymbolMaster.fromCsvFile();

describe('symbol master', () => {
  it('loads the shipped KRX listing with codes kept as text', () => {
    expect(master.size).toBeGreaterThan(4_000);
    expect(master.byCodeOrNull('005930')).toMatchObject({ nameKo: '삼성전자', market: 'KOSPI' });
    expect(master.byCodeOrNull('0126Z0')?.nameKo).toBe('삼성에피스홀딩스');
    expect(master.byCodeOrNull('069500')?.market).toBe('ETF');
  });

  it('finds a symbol by its exact Korean name, ahead of names that merely start with it', () => {
    expect(master.search('삼성전자', 10).map((s) => s.code)).toEqual(['005930']);
  });

  it('finds a symbol by its English name regardless of case and legal suffix', () => {
    expect(master.search('Samsung Electronics', 10).map((s) => s.code)).toEqual(['005930']);
    expect(master.search('sk hynix', 10).map((s) => s.code)).toEqual(['000660']);
  });

  it('returns several candidates for partial input, shortest names first', () => {
    const codes = master.search('삼성', 25).map((s) => s.code);
    expect(codes.length).toBeGreaterThan(5);
    expect(codes).toContain('005930');
  });

  it('returns nothing for a name that is not listed', () => {
    expect(master.search('없는회사이름', 10)).toEqual([]);
    expect(master.byCodeOrNull('999999')).toBeNull();
  });
});

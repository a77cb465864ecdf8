import { CORE_COMMANDS, CHART_PNG_BASE64_CHARS_MAX } from '@tradedesk/contracts';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/adapters/manual-clock.js';
import { chart } from '../../src/commands/chart.js';
import type { MinuteBar } from '../../src/market/market-feed.js';
import { SymbolMaster } from '../../src/market/symbol-master.js';
import type { BarHistory } from '../../src/ports/market-data.js';

const symbols = SymbolMaster.fromCsvFile();
const kst = (day: string, hh: number, mm: number) => Date.parse(`${day}T00:00:00Z`) - 9 * 3_600_000 + (hh * 60 + mm) * 60_000;

/** The port over a fixed list of bars, answering as BarHistory documents (since, oldest first, the newest `limit`). */
function history(bars: readonly MinuteBar[]): BarHistory & { asked: Array<{ symbol: string; sinceMs: number; limit: number | undefined }> } {
  const asked: Array<{ symbol: string; sinceMs: number; limit: number | undefined }> = [];
  const recent = (symbol: string, sinceMs: number, limit?: number) => {
    asked.push({ symbol, sinceMs, limit });
    return bars.filter((b) => b.symbol === symbol && b.startMs >= sinceMs).slice(-(limit ?? Infinity));
  };
  return { asked, recent, load: async (symbol, sinceMs, limit) => recent(symbol, sinceMs, limit) };
}

const DAYS = ['2026-11-13', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];
const bars: MinuteBar[] = DAYS.flatMap((day, d) => Array.from({ length: 30 }, (_, i) => ({
  symbol: '005930', startMs: kst(day, 9, i), openKrw: 70_000 + d * 100 + i * 10, highKrw: 70_100 + d * 100 + i * 10,
  lowKrw: 69_900 + d * 100 + i * 10, closeKrw: 70_050 + d * 100 + i * 10, volumeShares: 100,
})));

describe('chart command', () => {
  const clock = new ManualClock(kst('2026-11-20', 15, 0));

  it('1d: the last trading day in 1-minute candles, as a bounded base64 PNG that parses with the contract', async () => {
    const bh = history(bars);
    const out = CORE_COMMANDS.chart.output.parse(await chart({ symbols, clock, bars: bh }, { query: '삼성전자', range: '1d' }));
    expect(out).toMatchObject({ symbol: { code: '005930' }, range: '1d', candles: 30 });
    expect(out.image!.pngBase64.length).toBeLessThanOrEqual(CHART_PNG_BASE64_CHARS_MAX);
    expect(Buffer.from(out.image!.pngBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(bh.asked).toEqual([{ symbol: '005930', sinceMs: clock.now() - 7 * 86_400_000, limit: 391 }]);
  });

  it('5d: five trading days in 5-minute candles; 1m: one daily candle per day', async () => {
    expect((await chart({ symbols, clock, bars: history(bars) }, { query: '005930', range: '5d' })).candles).toBe(5 * 6);
    expect((await chart({ symbols, clock, bars: history(bars) }, { query: '005930', range: '1m' })).candles).toBe(DAYS.length);
  });

  it('answers with no image when there are no bars (nobody streamed the symbol)', async () => {
    expect(await chart({ symbols, clock, bars: history([]) }, { query: '005930', range: '1d' })).toMatchObject({ candles: 0, image: null });
  });

  it('refuses an unknown symbol with SYMBOL_UNKNOWN', async () => {
    await expect(chart({ symbols, clock, bars: history(bars) }, { query: 'ZZZZZZ' })).rejects.toMatchObject({ code: 'SYMBOL_UNKNOWN' });
  });
});

import { z } from 'zod';
import type { SqlClient } from '../db/sql-client.js';
import type { MinuteBar } from './market-feed.js';

/** Rows per insert statement: 7 parameters each stays far below PostgreSQL's 65,535. */
export const BAR_INSERT_ROWS_MAX = 500;
/** Rows one read returns at most (a month of KRX minutes for one symbol is about 8,000). */
export const BAR_READ_ROWS_MAX = 20_000;

const barRowSchema = z.object({
  symbol: z.string(),
  minute_start: z.date(),
  open_krw: z.number().int().positive(),
  high_krw: z.number().int().positive(),
  low_krw: z.number().int().positive(),
  close_krw: z.number().int().positive(),
  volume_shares: z.number().int().nonnegative(),
});

function toBar(raw: unknown): MinuteBar {
  const row = barRowSchema.parse(raw);
  return {
    symbol: row.symbol, startMs: row.minute_start.getTime(), openKrw: row.open_krw, highKrw: row.high_krw,
    lowKrw: row.low_krw, closeKrw: row.close_krw, volumeShares: row.volume_shares,
  };
}

/** Finished 1-minute bars in `market_bars`; a bar is written once (a repeat is ignored). */
export class MarketBarStore {
  constructor(private readonly db: SqlClient) {}

  /** Writes the bars in statements of at most BAR_INSERT_ROWS_MAX rows. */
  async insert(bars: readonly MinuteBar[]): Promise<void> {
    for (let i = 0; i < bars.length; i += BAR_INSERT_ROWS_MAX) {
      const batch = bars.slice(i, i + BAR_INSERT_ROWS_MAX);
      const params: unknown[] = [];
      const values = batch.map((b) => {
        const n = params.push(b.symbol, new Date(b.startMs), b.openKrw, b.highKrw, b.lowKrw, b.closeKrw, b.volumeShares);
        return `($${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
      });
      await this.db.query(
        `insert into market_bars (symbol, minute_start, open_krw, high_krw, low_krw, close_krw, volume_shares)
         values ${values.join(', ')} on conflict (symbol, minute_start) do nothing`,
        params,
      );
    }
  }

  /** Bars of one symbol from `sinceMs` (inclusive), oldest first; the newest `limit` when there are more. */
  async read(symbol: string, sinceMs: number, limit = BAR_READ_ROWS_MAX): Promise<MinuteBar[]> {
    const rows = await this.db.query(
      `select * from (select symbol, minute_start, open_krw, high_krw, low_krw, close_krw, volume_shares from market_bars
       where symbol = $1 and minute_start >= $2 order by minute_start desc limit $3) newest order by minute_start`,
      [symbol, new Date(sinceMs), Math.min(limit, BAR_READ_ROWS_MAX)],
    );
    return rows.map(toBar);
  }

  /** Bars of every symbol from `sinceMs`, oldest first, at most `limit` (to warm the in-memory history at start). */
  async readAll(sinceMs: number, limit: number): Promise<MinuteBar[]> {
    const rows = await this.db.query(
      `select symbol, minute_start, open_krw, high_krw, low_krw, close_krw, volume_shares from market_bars
       where minute_start >= $1 order by minute_start limit $2`,
      [new Date(sinceMs), limit],
    );
    return rows.map(toBar);
  }

  /** Deletes bars older than `beforeMs`; returns how many. */
  async prune(beforeMs: number): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      'with gone as (delete from market_bars where minute_start < $1 returning 1) select count(*)::int as n from gone',
      [new Date(beforeMs)],
    );
    return rows[0]?.n ?? 0;
  }
}

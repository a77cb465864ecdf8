-- Finished 1-minute bars (KST minutes) core builds from the shared quote feed, so indicators and
-- charts (5 days, 1 month) survive restarts. Market data, not user data: server-only.
create table if not exists public.market_bars (
  symbol text not null check (char_length(symbol) = 6),
  minute_start timestamptz not null,
  open_krw bigint not null check (open_krw > 0),
  high_krw bigint not null check (high_krw > 0),
  low_krw bigint not null check (low_krw > 0),
  close_krw bigint not null check (close_krw > 0),
  volume_shares bigint not null check (volume_shares >= 0),
  primary key (symbol, minute_start)
);

-- Pruning by age scans by time across symbols.
create index if not exists market_bars_minute_start_idx on public.market_bars (minute_start);

alter table public.market_bars enable row level security;
-- Internal to core: no client role may read or change it.
revoke all on public.market_bars from anon, authenticated;
grant all on public.market_bars to service_role;

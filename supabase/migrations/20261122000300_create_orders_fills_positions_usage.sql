-- Orders, fills, positions and daily usage. Core owns every write (admission, dispatch,
-- reconciliation); clients may only read their own rows. Money is KRW in bigint, quantities are
-- whole shares. Account references are composite (account_id, user_id) so a row can never point
-- at another user's account.

-- orders -----------------------------------------------------------------------------------------

create table public.orders (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id),
  account_id uuid not null,
  client_order_id text not null unique,
  idempotency_key text not null unique,
  request_hash text not null,
  symbol text not null,
  side text not null check (side in ('buy', 'sell')),
  order_type text not null check (order_type in ('market', 'limit')),
  qty_shares integer not null check (qty_shares > 0),
  price_krw bigint null check (price_krw > 0),
  state text not null check (state in (
    'queued', 'sending', 'accepted', 'partially_filled', 'filled',
    'cancelled', 'rejected', 'unknown', 'lost', 'expired'
  )),
  priority text not null check (priority in ('urgent', 'vip', 'normal')),
  source text not null default 'manual' check (source in ('manual', 'strategy', 'external')),
  broker_order_id text null,
  filled_qty_shares integer not null default 0
    check (filled_qty_shares >= 0 and filled_qty_shares <= qty_shares),
  avg_fill_price_krw bigint null check (avg_fill_price_krw > 0),
  reject_reason text null,
  cancel_requested_at timestamptz null,
  trading_day date not null,
  not_found_count integer not null default 0 check (not_found_count >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  sent_at timestamptz null,
  -- A limit order has a price; a market order has none.
  constraint orders_price_iff_limit check ((order_type = 'limit') = (price_krw is not null)),
  foreign key (account_id, user_id) references public.broker_accounts (id, user_id)
);

-- The dispatcher picks the next order by state, then priority, then age.
create index orders_dispatch_idx on public.orders (state, priority, created_at);
create index orders_user_id_created_at_idx on public.orders (user_id, created_at);
create index orders_account_id_idx on public.orders (account_id);

alter table public.orders enable row level security;
revoke all on table public.orders from anon, authenticated;
grant all on table public.orders to service_role;
grant select on table public.orders to authenticated;

create policy orders_select_own on public.orders
  for select to authenticated
  using (user_id = (select auth.uid()));

-- fills ------------------------------------------------------------------------------------------

create table public.fills (
  id uuid primary key default gen_random_uuid(),
  order_id uuid not null references public.orders (id),
  user_id uuid not null references public.users (id),
  account_id uuid not null,
  broker_fill_id text not null,
  symbol text not null,
  side text not null check (side in ('buy', 'sell')),
  qty_shares integer not null check (qty_shares > 0),
  price_krw bigint not null check (price_krw > 0),
  commission_krw bigint not null default 0 check (commission_krw >= 0),
  tax_krw bigint not null default 0 check (tax_krw >= 0),
  filled_at timestamptz not null,
  -- The broker's fill id is the dedupe key: push stream and polling may report the same fill.
  unique (account_id, broker_fill_id),
  foreign key (account_id, user_id) references public.broker_accounts (id, user_id)
);

create index fills_order_id_idx on public.fills (order_id);
create index fills_user_id_filled_at_idx on public.fills (user_id, filled_at);

alter table public.fills enable row level security;
revoke all on table public.fills from anon, authenticated;
grant all on table public.fills to service_role;
grant select on table public.fills to authenticated;

create policy fills_select_own on public.fills
  for select to authenticated
  using (user_id = (select auth.uid()));

-- positions --------------------------------------------------------------------------------------

create table public.positions (
  account_id uuid not null,
  user_id uuid not null references public.users (id) on delete cascade,
  symbol text not null,
  qty_shares integer not null check (qty_shares >= 0),
  avg_price_krw bigint not null default 0 check (avg_price_krw >= 0),
  realized_pnl_krw bigint not null default 0,
  updated_at timestamptz not null default now(),
  primary key (account_id, symbol),
  foreign key (account_id, user_id) references public.broker_accounts (id, user_id) on delete cascade
);

create index positions_user_id_idx on public.positions (user_id);

alter table public.positions enable row level security;
revoke all on table public.positions from anon, authenticated;
grant all on table public.positions to service_role;
grant select on table public.positions to authenticated;

create policy positions_select_own on public.positions
  for select to authenticated
  using (user_id = (select auth.uid()));

-- daily_usage: trades counted against the tier's daily cap (KRX trading day). ------------------

create table public.daily_usage (
  user_id uuid not null references public.users (id) on delete cascade,
  trading_day date not null,
  trades_used integer not null default 0 check (trades_used >= 0),
  primary key (user_id, trading_day)
);

alter table public.daily_usage enable row level security;
revoke all on table public.daily_usage from anon, authenticated;
grant all on table public.daily_usage to service_role;
grant select on table public.daily_usage to authenticated;

create policy daily_usage_select_own on public.daily_usage
  for select to authenticated
  using (user_id = (select auth.uid()));

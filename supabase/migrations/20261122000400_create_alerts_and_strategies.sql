-- Price alerts (fully user-managed) and strategies (created by core, which enforces the tier's
-- strategy limit; users may only toggle or delete their own).

-- price_alerts -----------------------------------------------------------------------------------

create table public.price_alerts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  symbol text not null,
  direction text not null check (direction in ('above', 'below')),
  threshold_krw bigint not null check (threshold_krw > 0),
  repeat boolean not null default false,
  cooldown_sec integer not null default 0 check (cooldown_sec >= 0),
  state text not null default 'armed' check (state in ('armed', 'triggered', 'disabled')),
  last_triggered_at timestamptz null,
  created_at timestamptz not null default now()
);

create index price_alerts_user_id_idx on public.price_alerts (user_id);
create index price_alerts_symbol_armed_idx on public.price_alerts (symbol) where state = 'armed';

alter table public.price_alerts enable row level security;
revoke all on table public.price_alerts from anon, authenticated;
grant all on table public.price_alerts to service_role;
grant select, insert, update, delete on table public.price_alerts to authenticated;

create policy price_alerts_select_own on public.price_alerts
  for select to authenticated
  using (user_id = (select auth.uid()));

create policy price_alerts_insert_own on public.price_alerts
  for insert to authenticated
  with check (user_id = (select auth.uid()));

-- with check stops a user from handing an alert to someone else.
create policy price_alerts_update_own on public.price_alerts
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy price_alerts_delete_own on public.price_alerts
  for delete to authenticated
  using (user_id = (select auth.uid()));

-- strategies -------------------------------------------------------------------------------------

create table public.strategies (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  account_id uuid not null,
  kind text not null check (kind in ('price_band', 'ma_cross', 'rsi', 'trailing_stop', 'dca')),
  symbol text not null,
  params jsonb not null default '{}'::jsonb,
  enabled boolean not null default false,
  state jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (account_id, user_id) references public.broker_accounts (id, user_id) on delete cascade
);

create index strategies_user_id_idx on public.strategies (user_id);
create index strategies_enabled_idx on public.strategies (symbol) where enabled;

alter table public.strategies enable row level security;
revoke all on table public.strategies from anon, authenticated;
grant all on table public.strategies to service_role;
grant select, delete on table public.strategies to authenticated;
-- Column-level: a user may switch a strategy on or off, never rewrite its params or state.
grant update (enabled) on table public.strategies to authenticated;

create policy strategies_select_own on public.strategies
  for select to authenticated
  using (user_id = (select auth.uid()));

create policy strategies_update_own on public.strategies
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create policy strategies_delete_own on public.strategies
  for delete to authenticated
  using (user_id = (select auth.uid()));

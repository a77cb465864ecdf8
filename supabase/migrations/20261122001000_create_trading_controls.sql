-- The operator's kill switch: one row, read by every core process before it admits or sends an
-- order, so a halt survives restarts and holds for every core sharing this database.
create table if not exists public.trading_controls (
  id boolean primary key default true check (id),
  halted boolean not null default false,
  halted_at timestamptz null,
  halted_by text null,
  updated_at timestamptz not null default now()
);

-- The single row exists from the start, so readers never have to treat "no row" as a state.
insert into public.trading_controls (id, halted) values (true, false) on conflict (id) do nothing;

alter table public.trading_controls enable row level security;
-- Internal to core: no client role may read or change it.
revoke all on public.trading_controls from anon, authenticated;
grant all on public.trading_controls to service_role;

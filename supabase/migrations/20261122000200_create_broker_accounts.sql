-- Broker accounts. credentials_enc holds app-encrypted broker secrets and is never readable by
-- client roles (column-level select grant on the other columns only).

create table public.broker_accounts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  broker text not null check (broker in ('paper', 'kis', 'kiwoom')),
  environment text not null check (environment in ('real', 'mock')),
  label text not null,
  account_number_masked text null,
  credentials_enc text null,
  is_default boolean not null default true,
  created_at timestamptz not null default now(),
  -- Lets orders, fills, positions and strategies prove their account belongs to their user.
  unique (id, user_id)
);

create index broker_accounts_user_id_idx on public.broker_accounts (user_id);

-- At most one default account per user.
create unique index broker_accounts_one_default_per_user_idx
  on public.broker_accounts (user_id) where is_default;

alter table public.broker_accounts enable row level security;
revoke all on table public.broker_accounts from anon, authenticated;
grant all on table public.broker_accounts to service_role;
grant select (id, user_id, broker, environment, label, account_number_masked, is_default, created_at)
  on table public.broker_accounts to authenticated;

create policy broker_accounts_select_own on public.broker_accounts
  for select to authenticated
  using (user_id = (select auth.uid()));

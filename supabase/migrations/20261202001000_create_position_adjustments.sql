-- position_adjustments: the ledger of positions core set to the broker's quantity (RECON-8). A
-- position's quantity is the sum of its fills plus the sum of these deltas. Only small differences
-- are adjusted; a large one pauses the user and alerts operators instead, and leaves no row here.
-- Core writes every row; a user may read their own, as they read their fills.

create table public.position_adjustments (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id),
  account_id uuid not null,
  symbol text not null,
  local_qty_shares integer not null,
  broker_qty_shares integer not null check (broker_qty_shares >= 0),
  delta_shares integer not null check (delta_shares <> 0),
  reason text not null check (reason in ('drift_within_threshold')),
  created_at timestamptz not null default now(),
  constraint position_adjustments_delta_check check (delta_shares = broker_qty_shares - local_qty_shares),
  foreign key (account_id, user_id) references public.broker_accounts (id, user_id)
);

create index position_adjustments_account_symbol_idx on public.position_adjustments (account_id, symbol);
create index position_adjustments_user_id_idx on public.position_adjustments (user_id);

alter table public.position_adjustments enable row level security;
revoke all on table public.position_adjustments from anon, authenticated;
grant all on table public.position_adjustments to service_role;
grant select on table public.position_adjustments to authenticated;

create policy position_adjustments_select_own on public.position_adjustments
  for select to authenticated
  using (user_id = (select auth.uid()));

-- Where core records the last windows-bridge event it applied (per bridge), written in the same
-- transaction as the event's effects so every event is applied exactly once across restarts.
create table if not exists public.bridge_cursors (
  bridge_id text primary key,
  epoch text not null,
  last_applied_seq bigint not null check (last_applied_seq >= 0),
  updated_at timestamptz not null default now()
);

alter table public.bridge_cursors enable row level security;
-- Internal to core: no client role may read or change it.
revoke all on public.bridge_cursors from anon, authenticated;
grant all on public.bridge_cursors to service_role;

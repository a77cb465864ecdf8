-- Outbound notifications (an outbox with a dedupe key) and the audit log of commands.

-- notifications ----------------------------------------------------------------------------------

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  chat_link_id uuid not null references public.chat_links (id) on delete cascade,
  kind text not null,
  payload jsonb not null,
  dedupe_key text not null unique,
  created_at timestamptz not null default now(),
  delivered_at timestamptz null,
  attempts integer not null default 0 check (attempts >= 0)
);

create index notifications_user_id_idx on public.notifications (user_id);
-- The delivery loop scans only what is still pending.
create index notifications_undelivered_idx
  on public.notifications (created_at) where delivered_at is null;

alter table public.notifications enable row level security;
revoke all on table public.notifications from anon, authenticated;
grant all on table public.notifications to service_role;
grant select on table public.notifications to authenticated;

create policy notifications_select_own on public.notifications
  for select to authenticated
  using (user_id = (select auth.uid()));

-- audit_log: user_id survives user deletion as null so the trail is kept. ----------------------

create table public.audit_log (
  id bigint generated always as identity primary key,
  user_id uuid null references public.users (id) on delete set null,
  platform text null check (platform in ('discord', 'telegram', 'console')),
  actor text not null,
  command text not null,
  outcome text not null,
  detail jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

create index audit_log_user_id_created_at_idx on public.audit_log (user_id, created_at);

alter table public.audit_log enable row level security;
revoke all on table public.audit_log from anon, authenticated;
grant all on table public.audit_log to service_role;
grant usage, select on sequence public.audit_log_id_seq to service_role;
grant select on table public.audit_log to authenticated;

-- Rows with a null owner match no one: `null = uid` is never true.
create policy audit_log_select_own on public.audit_log
  for select to authenticated
  using (user_id = (select auth.uid()));

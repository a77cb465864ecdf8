-- Users, chat links and the link-code flow.
--
-- Core connects as the table owner and sees everything; anon and authenticated get only what a
-- future web view needs. Supabase grants every new public table to anon and authenticated by
-- default, so each migration revokes explicitly before granting.

-- Stop Supabase's default grants from leaking onto tables, sequences and functions created later
-- by this role; service_role is granted explicitly per table instead.
alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;
alter default privileges in schema public revoke all on functions from anon, authenticated;

-- users ------------------------------------------------------------------------------------------

create table public.users (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  tier text not null check (tier in ('free', 'basic', 'premium')),
  is_operator boolean not null default false,
  locale text null check (locale in ('ko', 'en')),
  paused boolean not null default false,
  created_at timestamptz not null default now()
);

alter table public.users enable row level security;
revoke all on table public.users from anon, authenticated;
grant all on table public.users to service_role;
grant select on table public.users to authenticated;
-- Column-level: a user may change their language, never their tier, operator flag or pause state.
grant update (locale) on table public.users to authenticated;

create policy users_select_own on public.users
  for select to authenticated
  using (id = (select auth.uid()));

create policy users_update_own on public.users
  for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

-- chat_links -------------------------------------------------------------------------------------

create table public.chat_links (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  platform text not null check (platform in ('discord', 'telegram', 'console')),
  platform_user_id text not null,
  dm_chat_id text not null,
  created_at timestamptz not null default now(),
  unique (platform, platform_user_id)
);

create index chat_links_user_id_idx on public.chat_links (user_id);

alter table public.chat_links enable row level security;
revoke all on table public.chat_links from anon, authenticated;
grant all on table public.chat_links to service_role;
grant select, delete on table public.chat_links to authenticated;

create policy chat_links_select_own on public.chat_links
  for select to authenticated
  using (user_id = (select auth.uid()));

create policy chat_links_delete_own on public.chat_links
  for delete to authenticated
  using (user_id = (select auth.uid()));

-- link_codes: only hashes are stored; clients never see them (RLS on, no grants, no policies). ---

create table public.link_codes (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.users (id) on delete cascade,
  code_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz null,
  created_at timestamptz not null default now()
);

create index link_codes_user_id_idx on public.link_codes (user_id);

alter table public.link_codes enable row level security;
revoke all on table public.link_codes from anon, authenticated;
grant all on table public.link_codes to service_role;

-- link_attempts: rate-limits linking by platform identity; server-only. ------------------------

create table public.link_attempts (
  id bigint generated always as identity primary key,
  platform text not null check (platform in ('discord', 'telegram', 'console')),
  platform_user_id text not null,
  attempted_at timestamptz not null default now(),
  succeeded boolean not null
);

create index link_attempts_identity_time_idx
  on public.link_attempts (platform, platform_user_id, attempted_at);

alter table public.link_attempts enable row level security;
revoke all on table public.link_attempts from anon, authenticated;
grant all on table public.link_attempts to service_role;
grant usage, select on sequence public.link_attempts_id_seq to service_role;

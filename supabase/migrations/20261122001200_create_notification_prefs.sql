-- Which notifications a user gets and how (the `notify` command). One row per user; a user without
-- a row gets every kind with sound and no quiet hours, so the row exists only once they change one.

create table public.notification_prefs (
  user_id uuid primary key references public.users (id) on delete cascade,
  -- NotifyKind -> 'on' | 'silent' | 'off'; a kind not listed is 'on', so new kinds need no migration.
  modes jsonb not null default '{}'::jsonb check (
    jsonb_typeof(modes) = 'object'
    and not jsonb_path_exists(modes, '$.* ? (@ != "on" && @ != "silent" && @ != "off")')
  ),
  -- Whole hours in KST, start inclusive, end exclusive; may wrap midnight (22 -> 7).
  quiet_start_hour smallint null check (quiet_start_hour between 0 and 23),
  quiet_end_hour smallint null check (quiet_end_hour between 0 and 23),
  updated_at timestamptz not null default now(),
  check ((quiet_start_hour is null) = (quiet_end_hour is null)),
  check (quiet_start_hour <> quiet_end_hour)
);

alter table public.notification_prefs enable row level security;
revoke all on table public.notification_prefs from anon, authenticated;
grant all on table public.notification_prefs to service_role;
grant select on table public.notification_prefs to authenticated;
-- Column-level: a user may change their settings, never hand the row to someone else.
grant update (modes, quiet_start_hour, quiet_end_hour, updated_at) on table public.notification_prefs to authenticated;

create policy notification_prefs_select_own on public.notification_prefs
  for select to authenticated
  using (user_id = (select auth.uid()));

create policy notification_prefs_update_own on public.notification_prefs
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

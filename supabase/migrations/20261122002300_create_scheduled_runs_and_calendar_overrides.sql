-- Scheduled messages (pre-open brief, close summary) and the operator's KRX calendar overrides.

-- scheduled_runs: one row per message kind and KRX trading day, written in the same transaction as
-- the notifications it created. The primary key is the claim: a restart, a late catch-up or a second
-- core sharing this database cannot send the same day's message twice.
create table if not exists public.scheduled_runs (
  kind text not null check (kind in ('pre_open_brief', 'close_summary')),
  trading_day date not null,
  ran_at timestamptz not null,
  -- Late: sent by the catch-up after a missed firing (core was down at the scheduled time).
  late boolean not null default false,
  recipients integer not null default 0 check (recipients >= 0),
  primary key (kind, trading_day)
);

alter table public.scheduled_runs enable row level security;
-- Internal to core: no client role may read or change it.
revoke all on public.scheduled_runs from anon, authenticated;
grant all on public.scheduled_runs to service_role;

-- krx_calendar_overrides: closures KRX announces by notice and special sessions, entered by the
-- operator; a row wins over every calendar rule for its date. Times are KST minutes of the day.
create table if not exists public.krx_calendar_overrides (
  trading_day date primary key,
  closed boolean not null,
  open_minute smallint null check (open_minute between 0 and 1439),
  close_minute smallint null check (close_minute between 0 and 1439),
  note text not null default '' check (length(note) <= 200),
  check (closed or (open_minute is not null and close_minute is not null and open_minute < close_minute))
);

-- CSAT (수능) on Thu 2026-11-19: the regular session shifts an hour, 10:00-16:30 (KRX.md 1b).
insert into public.krx_calendar_overrides (trading_day, closed, open_minute, close_minute, note)
values ('2026-11-19', false, 600, 990, 'CSAT day: session 10:00-16:30')
on conflict (trading_day) do nothing;

alter table public.krx_calendar_overrides enable row level security;
revoke all on public.krx_calendar_overrides from anon, authenticated;
grant all on public.krx_calendar_overrides to service_role;

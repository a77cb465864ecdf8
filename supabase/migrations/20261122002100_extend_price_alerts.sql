-- Price alerts (issue #5): a level may be a change from the previous close (percent_bp, turned into a
-- price each trading day) instead of a fixed price; exactly one of the two is set.
alter table public.price_alerts alter column threshold_krw drop not null;
alter table public.price_alerts add column percent_bp integer null
  check (percent_bp between -3000 and 3000);
alter table public.price_alerts add constraint price_alerts_one_target
  check ((threshold_krw is null) <> (percent_bp is null));
-- The chat delivery id of the `alert add` that made it: a redelivered command returns the same alert.
alter table public.price_alerts add column idempotency_key text null;
create unique index price_alerts_user_idempotency_key on public.price_alerts (user_id, idempotency_key);

-- The last price core evaluated per symbol, saved every few seconds and at shutdown: after a restart
-- a crossing that spans the restart still fires once, and a tick already evaluated (same or older
-- quote time, e.g. replayed by the bridge) is ignored.
create table public.price_alert_marks (
  symbol text primary key,
  last_price_krw bigint not null check (last_price_krw > 0),
  quote_at timestamptz not null,
  updated_at timestamptz not null default now()
);

alter table public.price_alert_marks enable row level security;
-- Internal to core: no client role may read or change it.
revoke all on public.price_alert_marks from anon, authenticated;
grant all on public.price_alert_marks to service_role;

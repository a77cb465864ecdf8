-- One account per user, broker and environment: `connect` again replaces the stored credentials
-- instead of adding a second row.
create unique index broker_accounts_one_per_broker_environment_idx
  on public.broker_accounts (user_id, broker, environment);

-- TEST IDENTITIES ONLY. Loaded by `supabase db reset` on a local stack; never run in production.
-- Two users with fixed ids so local tools and manual checks can impersonate them
-- (request.jwt.claims sub = the id below). No broker credentials, no real account numbers.

insert into auth.users (id, email)
values
  ('00000000-0000-4000-8000-00000000a11c', 'alice@example.test'),
  ('00000000-0000-4000-8000-000000000b0b', 'bob@example.test')
on conflict (id) do nothing;

insert into public.users (id, name, tier, locale)
values
  ('00000000-0000-4000-8000-00000000a11c', 'alice', 'free', 'en'),
  ('00000000-0000-4000-8000-000000000b0b', 'bob', 'premium', 'ko')
on conflict (id) do nothing;

-- Paper accounts only: the simulated broker, no credentials.
insert into public.broker_accounts (user_id, broker, environment, label, is_default)
select u.id, 'paper', 'mock', 'Paper (test)', true
from public.users u
where u.id in ('00000000-0000-4000-8000-00000000a11c', '00000000-0000-4000-8000-000000000b0b')
  and not exists (select 1 from public.broker_accounts b where b.user_id = u.id);

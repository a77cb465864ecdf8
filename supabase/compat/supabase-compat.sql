-- Supabase compatibility shim for plain PostgreSQL and PGlite.
--
-- Not a migration: core's migrator runs it before supabase/migrations so the same migrations work
-- on Supabase, PostgreSQL 15 and PGlite. Every object is created only where missing, so on a real
-- Supabase project this file changes nothing. Safe to run any number of times.

-- Roles are cluster-wide: several databases on one server may migrate at the same moment, so a
-- concurrent creator can win the race between the pg_roles check and CREATE ROLE.
do $compat$
declare
  role_name text;
begin
  foreach role_name in array array['anon', 'authenticated', 'service_role'] loop
    if not exists (select 1 from pg_catalog.pg_roles where rolname = role_name) then
      begin
        if role_name = 'service_role' then
          execute format('create role %I nologin noinherit bypassrls', role_name);
        else
          execute format('create role %I nologin noinherit', role_name);
        end if;
      exception
        when duplicate_object or unique_violation then null;
      end;
    end if;
  end loop;
end
$compat$;

create schema if not exists auth;

do $compat$
begin
  if not exists (
    select 1 from information_schema.tables where table_schema = 'auth' and table_name = 'users'
  ) then
    create table auth.users (
      id uuid primary key,
      email text,
      raw_app_meta_data jsonb default '{}'::jsonb,
      raw_user_meta_data jsonb default '{}'::jsonb,
      created_at timestamptz default now()
    );
  end if;
end
$compat$;

-- Same definitions as Supabase's auth schema (claims set per request by PostgREST).
do $compat$
begin
  if not exists (
    select 1 from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'uid'
  ) then
    execute $fn$
      create function auth.uid() returns uuid language sql stable as $body$
        select coalesce(
          nullif(current_setting('request.jwt.claim.sub', true), ''),
          (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
        )::uuid
      $body$
    $fn$;
  end if;

  if not exists (
    select 1 from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'role'
  ) then
    execute $fn$
      create function auth.role() returns text language sql stable as $body$
        select coalesce(
          nullif(current_setting('request.jwt.claim.role', true), ''),
          (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
        )::text
      $body$
    $fn$;
  end if;

  if not exists (
    select 1 from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'auth' and p.proname = 'jwt'
  ) then
    execute $fn$
      create function auth.jwt() returns jsonb language sql stable as $body$
        select coalesce(
          nullif(current_setting('request.jwt.claim', true), ''),
          nullif(current_setting('request.jwt.claims', true), '')
        )::jsonb
      $body$
    $fn$;
  end if;
end
$compat$;

-- Grant only what is missing so Supabase's own grants are never touched.
do $compat$
declare
  role_name text;
  schema_name text;
begin
  foreach role_name in array array['anon', 'authenticated', 'service_role'] loop
    foreach schema_name in array array['public', 'auth'] loop
      if not has_schema_privilege(role_name, schema_name, 'USAGE') then
        execute format('grant usage on schema %I to %I', schema_name, role_name);
      end if;
    end loop;
  end loop;
end
$compat$;

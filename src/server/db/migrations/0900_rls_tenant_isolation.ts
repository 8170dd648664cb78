import { type Kysely, sql } from 'kysely';

/**
 * The second wall (ADR 27): PostgreSQL row-level security on every table with an `authority_id`.
 *
 * Every transaction of the application starts by setting its scope (src/server/db/scope.ts):
 * `app.authority_id` (the tenant), `app.scope` ('authority' | 'installation' | 'public') and
 * `app.purpose` ('hotline' or ''). The policies below let a transaction see and write only the
 * rows of its authority — or every row at installation scope, which the application names
 * explicitly (migrations, seeds, the job queue, nightly runs, the operator, sign-in lookups).
 * A 115 agent's work (purpose 'hotline') sees nothing of the register, the cases and the cash.
 * ENABLE and FORCE: the policies bind the tables' owner too, so an installation that runs the
 * application as the owner role (one role that also migrates) is bound as well; a superuser or a
 * BYPASSRLS role is not — the application must not connect as one (README "On a PostgreSQL
 * server"). PGlite runs as superuser: there only the application's own scoping holds.
 *
 * Exceptions, each deliberate:
 * - `authorities`: everyone may read (the public directory of portals: names, addresses, look,
 *   status); only the authority itself or the installation may write.
 * - `audit_log`: rows without an authority (system events, a failed sign-in of no account —
 *   which keeps no typed name) may be written and read from any scope; the audit search shows the
 *   sign-in ones to nobody (modules/audit/service.ts). The chain (audit_chain, linked after
 *   commit, ADR 15) and payload erasure are installation work.
 *
 * Tables added later get the standard policy from `app_rls_sweep()`, which `npm run migrate`
 * (and every start) calls after the migrations; src/server/db/rls.test.ts fails when a table
 * with an `authority_id` is not enabled, forced and covered by a policy.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create function app_authority() returns uuid language sql stable parallel safe as $$
  select nullif(current_setting('app.authority_id', true), '')::uuid
$$;
create function app_installation() returns boolean language sql stable parallel safe as $$
  select coalesce(current_setting('app.scope', true), '') = 'installation'
$$;
create function app_hotline() returns boolean language sql stable parallel safe as $$
  select coalesce(current_setting('app.purpose', true), '') = 'hotline'
$$;

-- Tables a 115 agent's work never reads or writes: the register, cases and their documents,
-- fees and cash (ADR 27).
create function app_closed_to_hotline(p_table text) returns boolean language sql immutable as $$
  select p_table ~ '^(register_|case_|cases$|attachments$|fee_claims$|payments$|cash_)'
$$;

-- The standard policy: the scope's authority, or the installation.
create function app_apply_tenant_rls(p_table regclass) returns void language plpgsql as $$
declare
  name text := (select relname from pg_class where oid = p_table);
  rule text;
begin
  if app_closed_to_hotline(name) then
    rule := '(authority_id = app_authority() and not app_hotline()) or app_installation()';
  else
    rule := 'authority_id = app_authority() or app_installation()';
  end if;
  execute format('alter table %s enable row level security', p_table);
  execute format('alter table %s force row level security', p_table);
  execute format('drop policy if exists tenant_isolation on %s', p_table);
  execute format('create policy tenant_isolation on %s using (%s) with check (%s)', p_table, rule, rule);
end $$;

-- Every table of the public schema with an authority_id that has no policy yet, or whose row
-- security is off or not forced, gets the standard policy. Returns the tables it changed.
create function app_rls_sweep() returns text[] language plpgsql as $$
declare
  r record;
  changed text[] := '{}';
begin
  for r in
    select c.oid::regclass as t, c.relname
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'authority_id' and not a.attisdropped)
      and (not c.relrowsecurity or not c.relforcerowsecurity
           or not exists (select 1 from pg_policy p where p.polrelid = c.oid))
    order by c.relname
  loop
    if r.relname in ('authorities', 'audit_log') then
      execute format('alter table %s enable row level security', r.t);
      execute format('alter table %s force row level security', r.t);
    else
      perform app_apply_tenant_rls(r.t);
    end if;
    changed := changed || r.relname::text;
  end loop;
  return changed;
end $$;

-- authorities: a public directory; written by the authority itself or the installation.
alter table authorities enable row level security;
alter table authorities force row level security;
create policy directory_read on authorities for select using (true);
create policy tenant_insert on authorities for insert with check (app_installation());
create policy tenant_update on authorities for update
  using (id = app_authority() or app_installation()) with check (id = app_authority() or app_installation());
create policy tenant_delete on authorities for delete using (app_installation());

-- audit_log: append-only, sealed at insert and linked after commit by the chainer (0020, ADR 15),
-- which reads every authority's rows at installation scope; rows without an authority are
-- installation rows. Only the installation erases payloads (the nightly retention run).
alter table audit_log enable row level security;
alter table audit_log force row level security;
create policy tenant_read on audit_log for select
  using (authority_id is null or authority_id = app_authority() or app_installation());
create policy tenant_append on audit_log for insert
  with check (authority_id is null or authority_id = app_authority() or app_installation());
create policy payload_erasure on audit_log for update using (app_installation()) with check (app_installation());

select app_rls_sweep();
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
do $$
declare r record;
begin
  for r in select distinct p.polrelid::regclass as t, p.polname from pg_policy p loop
    execute format('drop policy %I on %s', r.polname, r.t);
  end loop;
  for r in select c.oid::regclass as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relrowsecurity loop
    execute format('alter table %s no force row level security', r.t);
    execute format('alter table %s disable row level security', r.t);
  end loop;
end $$;
drop function app_rls_sweep();
drop function app_apply_tenant_rls(regclass);
drop function app_closed_to_hotline(text);
drop function app_hotline();
drop function app_installation();
drop function app_authority();
`.execute(db);
}

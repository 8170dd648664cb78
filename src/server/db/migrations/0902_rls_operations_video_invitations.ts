import { type Kysely, sql } from 'kysely';

/**
 * Row-level security for the tables that arrived with the operations, video and invitations
 * modules (#12, ADR 27). Their `authority_id` columns already get the standard policy from
 * `app_rls_sweep()` (0900); this migration decides what a 115 agent's work (purpose `hotline`)
 * must not see among them, as 0900 did for the register, the cases and the cash:
 *
 * - `invitations`, `invitation_runs`, `invitation_months`, `invitation_settings`: letters drawn
 *   from the resident register (names, addresses, document expiry) — register data;
 * - `video_call_images`: pictures of identity documents taken at a terminal;
 * - `authority_exports`: an authority's whole data, handed back at offboarding.
 *
 * The operator's account (ADR 24, `authority_id` null) stays visible only at installation scope —
 * the standard rule never matches a null authority in an authority's scope.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create or replace function app_closed_to_hotline(p_table text) returns boolean language sql immutable as $$
  select p_table ~ '^(register_|case_|cases$|attachments$|fee_claims$|payments$|cash_|invitation|video_call_images$|authority_exports$)'
$$;

do $$
declare r record;
begin
  for r in
    select c.oid::regclass as t
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and c.relname not in ('authorities', 'audit_log')
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'authority_id' and not a.attisdropped)
  loop
    perform app_apply_tenant_rls(r.t);
  end loop;
end $$;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
create or replace function app_closed_to_hotline(p_table text) returns boolean language sql immutable as $$
  select p_table ~ '^(register_|case_|cases$|attachments$|fee_claims$|payments$|cash_)'
$$;
do $$
declare r record;
begin
  for r in
    select c.oid::regclass as t
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and c.relname not in ('authorities', 'audit_log')
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'authority_id' and not a.attisdropped)
  loop
    perform app_apply_tenant_rls(r.t);
  end loop;
end $$;
`.execute(db);
}

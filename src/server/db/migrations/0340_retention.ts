import { type Kysely, sql } from 'kysely';

/**
 * Legal deletion (#15, ADR 21): what the retention schedule needs in the tables of the register,
 * the cases, the cash book and the kits.
 *
 * - `register_persons.restricted_on`: the day the record of a person who moved away or died was
 *   restricted (§ 13 Abs. 2 BMG: kept, but no longer processed except the data listed there).
 * - `cases.purged_at`: a finished case whose period ran out but whose receipts must stay for the
 *   cash period keeps only its number, service, status and dates.
 * - `kit_deliveries`: which persons' register data went to which kit and when (prepare the day,
 *   pull) — the kits' transmission log a disclosure lists and a period deletes.
 * - `retention_runs`: one row per night, so that of several server processes only one starts the
 *   nightly run.
 * - The cash book stays append-only, except for the deletion of entries whose period ran out,
 *   which the retention run announces with `set local bk.retention = 'cash'`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table register_persons add column restricted_on date;
create index register_persons_former on register_persons (authority_id, status) where status <> 'resident';

alter table cases add column purged_at timestamptz;
create index cases_finished on cases (authority_id, finished_at) where finished_at is not null and purged_at is null;

create table kit_deliveries (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  -- no foreign key: the kits table comes in a later migration (0400); kits are never deleted.
  kit_id uuid not null,
  kind text not null check (kind in ('prepare','pull')),
  person_ids uuid[] not null,
  delivered_at timestamptz not null default now()
);
create index kit_deliveries_persons on kit_deliveries using gin (person_ids);
create index kit_deliveries_time on kit_deliveries (delivered_at);

create table retention_runs (
  night date primary key,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  result jsonb
);

create or replace function payments_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if coalesce(current_setting('bk.retention', true), '') = 'cash' then
      return old;
    end if;
    raise exception 'payments are append-only' using errcode = 'insufficient_privilege';
  end if;
  if old.closing_id is null and new.closing_id is not null
     and (to_jsonb(new) - 'closing_id') = (to_jsonb(old) - 'closing_id') then
    return new;
  end if;
  raise exception 'payments cannot be changed; record a reversal instead' using errcode = 'insufficient_privilege';
end $$;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop table retention_runs;
drop table kit_deliveries;
alter table cases drop column purged_at;
alter table register_persons drop column restricted_on;
`.execute(db);
}

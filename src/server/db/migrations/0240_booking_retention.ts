import { type Kysely, sql } from 'kysely';

/**
 * Retention (DESIGN.md §6): after its period an appointment keeps what the figures need (place,
 * day, times, services, channel, status) and loses who it was — name, contact and note — marked
 * by `anonymised_at`; a home-visit request likewise. The contact checks allow that state.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
do $$
declare c record;
begin
  for c in select conname from pg_constraint
    where conrelid = 'appointments'::regclass and contype = 'c'
      and pg_get_constraintdef(oid) like '%email IS NOT NULL%' loop
    execute format('alter table appointments drop constraint %I', c.conname);
  end loop;
end $$;

alter table appointments add column anonymised_at timestamptz;
alter table appointments add constraint appointments_contact check (
  status in ('held', 'expired') or email is not null or phone is not null or anonymised_at is not null
);
do $$
declare c record;
begin
  for c in select conname from pg_constraint
    where conrelid = 'home_visits'::regclass and contype = 'c'
      and pg_get_constraintdef(oid) like '%email IS NOT NULL%' loop
    execute format('alter table home_visits drop constraint %I', c.conname);
  end loop;
end $$;

alter table home_visits add column anonymised_at timestamptz;
alter table home_visits add constraint home_visits_contact check (
  email is not null or phone is not null or anonymised_at is not null
);
create index appointments_not_anonymised on appointments (service_date) where anonymised_at is null;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop index if exists appointments_not_anonymised;
alter table home_visits drop constraint home_visits_contact;
alter table home_visits drop column anonymised_at;
alter table appointments drop constraint appointments_contact;
alter table appointments drop column anonymised_at;
`.execute(db);
}

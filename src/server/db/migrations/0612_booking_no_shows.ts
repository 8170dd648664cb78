import { type Kysely, sql } from 'kysely';

/**
 * No-shows (#14): staff record that a booked person did not come; repeated no-shows of the same
 * contact are limited by the authority's rule. The counter is keyed by a hash of the contact
 * (SHA-256 of the normalised e-mail or phone number), never the contact itself, and each row is
 * deleted when it can no longer count (after the rule's months; retention job, docs/privacy.md).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table booking_no_shows (
  appointment_id uuid primary key,
  authority_id uuid not null references authorities(id),
  contact_hash text not null check (contact_hash ~ '^[0-9a-f]{64}$'),
  service_date date not null,
  recorded_at timestamptz not null default now()
);
create index booking_no_shows_contact on booking_no_shows (authority_id, contact_hash, service_date);

alter table booking_confirmation_rules
  add column no_show_limit integer not null default 3 check (no_show_limit between 0 and 20),
  add column no_show_months integer not null default 6 check (no_show_months between 1 and 24);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table booking_no_shows;
alter table booking_confirmation_rules drop column no_show_limit, drop column no_show_months;`.execute(db);
}

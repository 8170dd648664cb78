import { type Kysely, sql } from 'kysely';

/**
 * Queue heads-up (#14): a citizen who draws a ticket may leave an e-mail address or a mobile number
 * to be told when about QUEUE_HEADS_UP_MINUTES are left. One row per ticket; `sent_at` makes the
 * message go once. Data minimisation: the row is deleted when the ticket closes (done, no-show,
 * cancelled) and by a sweep for tickets of past days; the ticket's deletion takes it along.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table ticket_heads_up (
  ticket_id uuid primary key references tickets(id) on delete cascade,
  authority_id uuid not null references authorities(id),
  location_id uuid not null,
  service_date date not null,
  email text,
  phone text,
  locale text not null default 'de',
  consent_at timestamptz not null default now(),
  sent_at timestamptz,
  check (email is not null or phone is not null)
);
create index ticket_heads_up_pending on ticket_heads_up (location_id, service_date) where sent_at is null;
`.execute(db);
}

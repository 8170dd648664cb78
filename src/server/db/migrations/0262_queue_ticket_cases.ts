import { type Kysely, sql } from 'kysely';

/**
 * The cases done while serving a ticket (#10): "Bedienung beginnen" leads the clerk to the
 * register and a new case for the person; the case is linked to the ticket in the transaction
 * that captures it. The case number is kept beside the id (an Aktenzeichen never changes), so
 * the queue shows it without reading the cases module's tables. A case belongs to at most one
 * ticket.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table ticket_cases (
  ticket_id uuid not null references tickets(id),
  case_id uuid not null unique,
  authority_id uuid not null references authorities(id),
  case_number text not null,
  service_id uuid not null,
  linked_by uuid,
  linked_at timestamptz not null default now(),
  primary key (ticket_id, case_id)
);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table ticket_cases;`.execute(db);
}

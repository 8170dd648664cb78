import { type Kysely, sql } from 'kysely';

/**
 * Text messages over SMPP (ADR 32): the parts of a message the SMSC has accepted (its message
 * ids, index = part), so a retry after a failure sends only the parts still missing and no part
 * twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table outbox_messages add column sms_parts jsonb not null default '[]'::jsonb`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table outbox_messages drop column sms_parts`.execute(db);
}

import { type Kysely, sql } from 'kysely';

/**
 * The live bus (ADR 22) carries messages between server processes with PostgreSQL's
 * LISTEN/NOTIFY. A notification holds at most 8000 bytes; a larger message (a session
 * description with many candidates, a pushed form) is written here and the notification carries
 * its id. Rows are read within seconds and deleted after a few minutes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table live_messages (
  id uuid primary key,
  channel text not null,
  payload jsonb not null,
  created_at timestamptz not null default now()
);
create index live_messages_created on live_messages (created_at);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists live_messages;`.execute(db);
}

import { type Kysely, sql } from 'kysely';

/**
 * The outbox of mails and text messages. Every message is rendered and stored here inside the
 * transaction that causes it; a job sends it (SMTP) or leaves it stored when no transport is
 * configured, so the demo and the admin's "Postausgang" show exactly what citizens would get.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table outbox_messages (
  id uuid primary key,
  authority_id uuid references authorities(id),
  channel text not null check (channel in ('email','sms')),
  recipient text not null,
  template text not null,
  locale text not null check (locale in ('de','en')),
  subject text not null,
  text_body text not null,
  html_body text,
  attachments jsonb not null default '[]'::jsonb,
  status text not null default 'queued' check (status in ('queued','sent','stored','failed')),
  attempts integer not null default 0,
  last_error text,
  related_type text,
  related_id uuid,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbox_created on outbox_messages (authority_id, created_at desc);
create index outbox_related on outbox_messages (related_type, related_id);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table outbox_messages;`.execute(db);
}

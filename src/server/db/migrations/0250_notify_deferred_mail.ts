import { type Kysely, sql } from 'kysely';

/**
 * Mails rendered by the send job instead of inside the transaction that causes them (ADR 14): a
 * message may be stored with its template's data only (`data`, no subject or body yet); the send
 * job renders it (text, HTML, attachments such as the calendar file), stores what it rendered and
 * sends it. `notify_queue` does for PL/pgSQL what queueMail/queueSms do for TypeScript.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table outbox_messages
  add column data jsonb,
  alter column subject drop not null,
  alter column text_body drop not null,
  add constraint outbox_rendered_or_data check (subject is not null and text_body is not null or data is not null);

create function notify_queue(
  p_channel text, p_to text, p_template text, p_locale text, p_data jsonb, p_authority_id uuid,
  p_related_type text, p_related_id uuid
) returns uuid language plpgsql volatile as $$
declare
  message_id uuid := bk_uuidv7();
begin
  insert into outbox_messages (id, authority_id, channel, recipient, template, locale, data, related_type, related_id)
  values (message_id, p_authority_id, p_channel, p_to, p_template, p_locale, p_data, p_related_type, p_related_id);
  perform job_enqueue('notify.send', jsonb_build_object('messageId', message_id), p_authority_id, now(), 6,
    'notify:' || message_id);
  return message_id;
end $$;

-- notifyContact(): a mail when there is an address, else a text message.
create function notify_contact(
  p_email text, p_phone text, p_template text, p_locale text, p_data jsonb, p_authority_id uuid,
  p_related_type text, p_related_id uuid
) returns void language plpgsql volatile as $$
begin
  if p_email is not null then
    perform notify_queue('email', p_email, p_template, p_locale, p_data, p_authority_id, p_related_type, p_related_id);
  elsif p_phone is not null then
    perform notify_queue('sms', p_phone, p_template, p_locale, p_data, p_authority_id, p_related_type, p_related_id);
  end if;
end $$;
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('deferred mail rendering cannot be reverted');
}

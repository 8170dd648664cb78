import type { Generated } from 'kysely';

export type OutboxStatus = 'queued' | 'sent' | 'stored' | 'failed';

export interface OutboxAttachment {
  filename: string;
  contentType: string;
  /** base64 */
  content: string;
}

export interface OutboxMessagesTable {
  id: string;
  authority_id: string | null;
  channel: 'email' | 'sms';
  recipient: string;
  template: string;
  locale: 'de' | 'en';
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments: OutboxAttachment[] | string;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  related_type: string | null;
  related_id: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
}

/** Kysely table types of the notify module. */
export type NotifyTables = {
  outbox_messages: OutboxMessagesTable;
};

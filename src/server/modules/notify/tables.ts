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
  /** null until the send job renders a message stored with its data only */
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  attachments: Generated<OutboxAttachment[] | string>;
  /** The template's data of a message not rendered yet (queued by a function in the database). */
  data: Generated<unknown | null>;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  related_type: string | null;
  related_id: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
  /** Text messages: the SMSC's message id of each accepted part (index = part; ADR 32). */
  sms_parts: Generated<Array<string | null> | string>;
}

/** Kysely table types of the notify module. */
export type NotifyTables = {
  outbox_messages: OutboxMessagesTable;
};

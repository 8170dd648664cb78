import nodemailer, { type Transporter } from 'nodemailer';
import { uuidv7 } from '../../../core/ids';
import type { Locale } from '../../../core/locale';
import type { Db, Executor } from '../../db/database';
import { filterAuthorityId } from '../../db/scope';
import { AppError } from '../../http/errors';
import { enqueueJob } from '../../jobs/runner';
import { type AuditActor, recordAudit } from '../audit/service';
import { type SmsSender, smsSender } from './sms';
import type { OutboxAttachment, OutboxMessagesTable, OutboxStatus } from './tables';
import { mailPreparer, renderMail } from './templates';

export const SEND_JOB = 'notify.send';
const MAX_ATTEMPTS = 6;

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** Text (e.g. an ICS file) or bytes. */
  content: string | Uint8Array;
}

export interface QueueMailInput {
  /** One recipient address. */
  to: string;
  /** Name of a template defined with defineMailTemplate (notify/templates.ts). */
  template: string;
  locale: Locale;
  /** The template's data. */
  data: unknown;
  attachments?: MailAttachment[];
  /** Tenant the mail belongs to (shown in that authority's outbox). */
  authorityId?: string | null;
  /** What the mail is about, e.g. { type: 'appointment', id }. */
  related?: { type: string; id: string };
}

/**
 * Puts a mail in the outbox and queues its sending — call it INSIDE the transaction that causes
 * the mail, so the mail exists if and only if the change commits:
 *
 *   await inTransaction(db, async (trx) => {
 *     …change…
 *     await queueMail(trx, { to, template: 'case.ready-for-pickup', locale: 'de', data: {…} });
 *   });
 *
 * The mail is rendered now (German or English, plain text + HTML) and stored; a job sends it over
 * SMTP_URL with retries, or leaves it in the outbox ("Postausgang") when no SMTP is configured.
 * Returns the outbox message id.
 */
export async function queueMail(executor: Executor, input: QueueMailInput): Promise<string> {
  const content = renderMail(input.template, input.locale, input.data);
  const id = uuidv7();
  await executor
    .insertInto('outbox_messages')
    .values({
      id,
      authority_id: input.authorityId ?? null,
      channel: 'email',
      recipient: input.to,
      template: input.template,
      locale: input.locale,
      subject: content.subject,
      text_body: content.text,
      html_body: content.html,
      attachments: JSON.stringify((input.attachments ?? []).map(toStoredAttachment)),
      last_error: null,
      related_type: input.related?.type ?? null,
      related_id: input.related?.id ?? null,
      sent_at: null,
    })
    .execute();
  await enqueueJob(executor, {
    type: SEND_JOB,
    payload: { messageId: id },
    authorityId: input.authorityId ?? null,
    maxAttempts: MAX_ATTEMPTS,
    dedupeKey: `notify:${id}`,
  });
  return id;
}

export interface QueueSmsInput {
  to: string;
  template: string;
  locale: Locale;
  data: unknown;
  authorityId?: string | null;
  related?: { type: string; id: string };
}

/**
 * A short text message from the same template as the mail (its subject, facts and link). Sent by
 * an SmsSender if one is installed, else kept in the outbox. Same transaction rule as queueMail.
 */
export async function queueSms(executor: Executor, input: QueueSmsInput): Promise<string> {
  const content = renderMail(input.template, input.locale, input.data);
  const id = uuidv7();
  await executor
    .insertInto('outbox_messages')
    .values({
      id,
      authority_id: input.authorityId ?? null,
      channel: 'sms',
      recipient: input.to,
      template: input.template,
      locale: input.locale,
      subject: content.subject,
      text_body: smsText(content.text),
      html_body: null,
      attachments: '[]',
      last_error: null,
      related_type: input.related?.type ?? null,
      related_id: input.related?.id ?? null,
      sent_at: null,
    })
    .execute();
  await enqueueJob(executor, {
    type: SEND_JOB,
    payload: { messageId: id },
    authorityId: input.authorityId ?? null,
    maxAttempts: MAX_ATTEMPTS,
    dedupeKey: `notify:${id}`,
  });
  return id;
}

/** A mail's text without the signature and footer, capped for a text message. */
function smsText(mailText: string): string {
  const body = mailText.split('\n--\n')[0]!.trim();
  const lines = body.split('\n').filter((l, i, a) => !(l === '' && a[i - 1] === ''));
  const text = lines.join('\n');
  return text.length > 640 ? `${text.slice(0, 637)}…` : text;
}

/** Mail and text message to a citizen who may have given either or both. */
export async function notifyContact(
  executor: Executor,
  contact: { email: string | null; phone: string | null },
  message: Omit<QueueMailInput, 'to'>,
): Promise<void> {
  if (contact.email) await queueMail(executor, { ...message, to: contact.email });
  if (contact.phone && !contact.email) {
    await queueSms(executor, {
      to: contact.phone,
      template: message.template,
      locale: message.locale,
      data: message.data,
      authorityId: message.authorityId ?? null,
      ...(message.related ? { related: message.related } : {}),
    });
  }
}

function toStoredAttachment(a: MailAttachment): OutboxAttachment {
  const bytes = typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : Buffer.from(a.content);
  return { filename: a.filename, contentType: a.contentType, content: bytes.toString('base64') };
}

function attachmentsOf(row: { attachments: unknown }): OutboxAttachment[] {
  const raw = row.attachments;
  return (typeof raw === 'string' ? JSON.parse(raw) : raw) as OutboxAttachment[];
}

const transports = new Map<string, Transporter>();
function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
}

export interface MailSettings {
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Text message sender from the settings (SMPP); else the one installed with setSmsSender. */
  sms?: SmsSender;
}

/**
 * The job: sends one outbox message. Without SMTP (or an SMS sender) it is marked "stored" and
 * stays visible in the outbox. A failure is recorded and thrown, so the job runner retries with
 * back-off; after the last attempt the message is marked "failed".
 */
export async function sendOutboxMessage(
  db: Db,
  settings: MailSettings,
  messageId: string,
  attempt: number,
): Promise<void> {
  const stored = await db
    .selectFrom('outbox_messages')
    .selectAll()
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!stored || stored.status === 'sent' || stored.status === 'stored') return;
  // A message queued with its data only is rendered here, once; what was rendered is kept.
  const rendered = isRendered(stored) ? undefined : await renderStored(db, stored);
  const row = { ...stored, ...rendered };
  let outcome: OutboxStatus;
  try {
    if (row.channel === 'email') {
      if (!settings.smtpUrl) outcome = 'stored';
      else {
        await transportFor(settings.smtpUrl).sendMail({
          from: settings.mailFrom,
          to: row.recipient,
          subject: row.subject!,
          text: row.text_body!,
          ...(row.html_body ? { html: row.html_body } : {}),
          attachments: attachmentsOf(row).map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.content, 'base64'),
          })),
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
        outcome = 'sent';
      }
    } else {
      const sender = settings.sms ?? smsSender();
      if (!sender) outcome = 'stored';
      else {
        const accepted = jsonArray(row.sms_parts);
        await sender.send({
          id: row.id,
          to: row.recipient,
          text: row.text_body!,
          acceptedParts: accepted,
          onPartAccepted: async (part, parts, providerId) => {
            accepted.length = Math.max(accepted.length, parts);
            accepted[part] = providerId || `part-${part + 1}`;
            // Stored before the next part goes out: a retry skips what the SMSC already has.
            await db
              .updateTable('outbox_messages')
              .set({ ...rendered, sms_parts: JSON.stringify(Array.from(accepted, (v) => v ?? null)) })
              .where('id', '=', messageId)
              .execute();
          },
        });
        outcome = 'sent';
      }
    }
  } catch (error) {
    const final = attempt >= MAX_ATTEMPTS;
    await db
      .updateTable('outbox_messages')
      .set({
        ...rendered,
        attempts: attempt,
        last_error: String((error as Error).message ?? error).slice(0, 500),
        ...(final ? { status: 'failed' as const } : {}),
      })
      .where('id', '=', messageId)
      .execute();
    throw error;
  }
  await db
    .updateTable('outbox_messages')
    .set({
      ...rendered,
      status: outcome,
      attempts: attempt,
      sent_at: outcome === 'sent' ? new Date() : null,
      last_error: null,
    })
    .where('id', '=', messageId)
    .execute();
}

function jsonArray(raw: unknown): Array<string | null> {
  const value = typeof raw === 'string' ? JSON.parse(raw) : raw;
  return Array.isArray(value) ? [...(value as Array<string | null>)] : [];
}

type StoredMessage = Pick<
  OutboxMessagesTable,
  'channel' | 'template' | 'locale' | 'subject' | 'text_body' | 'html_body'
> & { data: unknown; attachments: unknown };

function isRendered(row: StoredMessage): boolean {
  return row.subject !== null && row.text_body !== null;
}

/** Renders a message that was stored with its template's data only (the columns to store). */
async function renderStored(db: Executor, row: StoredMessage) {
  const stored = typeof row.data === 'string' ? JSON.parse(row.data) : row.data;
  const prepare = mailPreparer(row.template);
  const prepared: Awaited<ReturnType<NonNullable<typeof prepare>>> = prepare
    ? await prepare(db, stored)
    : { data: stored };
  const content = renderMail(row.template, row.locale, prepared.data);
  if (row.channel === 'sms') {
    return { subject: content.subject, text_body: smsText(content.text), html_body: null, data: null };
  }
  return {
    subject: content.subject,
    text_body: content.text,
    html_body: content.html,
    attachments: JSON.stringify((prepared.attachments ?? []).map(toStoredAttachment)),
    data: null,
  };
}

/**
 * Renders and stores the messages (of these ids, or all) still waiting for the send job to render
 * them — for the outbox pages, which show a message before it was sent.
 */
export async function renderPendingOutbox(db: Executor, ids?: string[]): Promise<number> {
  let query = db
    .selectFrom('outbox_messages')
    .select([
      'id',
      'channel',
      'template',
      'locale',
      'subject',
      'text_body',
      'html_body',
      'data',
      'attachments',
    ])
    .where((eb) => eb.or([eb('subject', 'is', null), eb('text_body', 'is', null)]))
    // Only the running work's authority's messages: a request naming another authority's message
    // must not render (write) it (#12, found by the isolation matrix; on a server RLS holds too).
    .$if(!!filterAuthorityId(), (q) => q.where('authority_id', '=', filterAuthorityId()!));
  if (ids) {
    if (ids.length === 0) return 0;
    query = query.where('id', 'in', ids);
  }
  const rows = await query.execute();
  for (const row of rows) {
    await db
      .updateTable('outbox_messages')
      .set(await renderStored(db, row))
      .where('id', '=', row.id)
      .where('subject', 'is', null)
      .execute();
  }
  return rows.length;
}

/** Deletes messages older than the retention period (they carry addresses and appointment data). */
export async function purgeOutbox(db: Db, retentionDays: number): Promise<number> {
  const cutoff = new Date(Date.now() - retentionDays * 86_400_000);
  const result = await db
    .deleteFrom('outbox_messages')
    .where('created_at', '<', cutoff)
    .where('status', 'in', ['sent', 'stored', 'failed'])
    .executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}

export interface OutboxListItem {
  id: string;
  channel: 'email' | 'sms';
  recipient: string;
  template: string;
  locale: Locale;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  attachmentCount: number;
}

export async function listOutbox(
  db: Executor,
  authorityId: string,
  q: { recipient?: string; status?: OutboxStatus; limit?: number; before?: string },
): Promise<OutboxListItem[]> {
  let query = db
    .selectFrom('outbox_messages')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit ?? 50);
  if (q.recipient) query = query.where('recipient', 'ilike', `%${q.recipient.replace(/[%_\\]/g, '\\$&')}%`);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.before) query = query.where('id', '<', q.before);
  let rows = await query.execute();
  const unrendered = rows.filter((r) => !isRendered(r)).map((r) => r.id);
  if (unrendered.length) {
    await renderPendingOutbox(db, unrendered);
    const fresh = new Map(
      (await db.selectFrom('outbox_messages').selectAll().where('id', 'in', unrendered).execute()).map(
        (r) => [r.id, r],
      ),
    );
    rows = rows.map((r) => fresh.get(r.id) ?? r);
  }
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    recipient: r.recipient,
    template: r.template,
    locale: r.locale,
    subject: r.subject ?? '',
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    attachmentCount: attachmentsOf(r).length,
  }));
}

export async function getOutboxMessage(db: Executor, actor: AuditActor, authorityId: string, id: string) {
  await renderPendingOutbox(db, [id]);
  const r = await db
    .selectFrom('outbox_messages')
    .selectAll()
    .where('id', '=', id)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!r) throw new AppError('MAIL_NOT_FOUND');
  await recordAudit(db, actor, { action: 'outbox.read', resourceType: 'outbox_message', resourceId: id });
  return {
    id: r.id,
    channel: r.channel,
    recipient: r.recipient,
    template: r.template,
    locale: r.locale,
    subject: r.subject ?? '',
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    textBody: r.text_body ?? '',
    htmlBody: r.html_body,
    relatedType: r.related_type,
    relatedId: r.related_id,
    attachments: attachmentsOf(r).map((a, index) => ({
      index,
      filename: a.filename,
      contentType: a.contentType,
      size: Buffer.from(a.content, 'base64').length,
    })),
  };
}

export async function getOutboxAttachment(db: Executor, authorityId: string, id: string, index: number) {
  await renderPendingOutbox(db, [id]);
  const r = await db
    .selectFrom('outbox_messages')
    .select('attachments')
    .where('id', '=', id)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  const a = r ? attachmentsOf(r)[index] : undefined;
  if (!a) throw new AppError('MAIL_NOT_FOUND');
  return { filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content, 'base64') };
}

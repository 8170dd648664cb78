import { sql } from 'kysely';
import { localDate, zonedDateTimeToInstant } from '../../../core/time';
import type { Db } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { listStoredCheckpoints } from '../audit/checkpoints';
import { queueMail } from './service';
import { defineMailTemplate } from './templates';

/**
 * AUDIT_CHECKPOINT_MAIL: once a day the newest signed checkpoint of the audit chain goes to every
 * auditor with an email address (ADR 15) — a copy of the anchor outside the server, in the
 * auditors' mailboxes, which nobody with access to the server can take back.
 */
interface CheckpointMailData {
  seq: number;
  hash: string;
  at: string;
  key: string;
  /** The checkpoint as it stands in the file: one JSON line, signature included. */
  line: string;
}

export const AUDIT_CHECKPOINT_MAIL = defineMailTemplate<CheckpointMailData>(
  'audit.checkpoint',
  (d, locale) =>
    locale === 'de'
      ? {
          subject: `Kontrollpunkt des Protokolls: Position ${d.seq}`,
          paragraphs: [
            'dies ist der signierte Kontrollpunkt des Protokolls von heute. Bitte bewahren Sie diese Mail auf: Bei einer Prüfung lässt sich damit zeigen, dass das Protokoll bis zu dieser Position nicht verändert wurde.',
            d.line,
          ],
          facts: [
            ['Position', String(d.seq)],
            ['Prüfsumme', d.hash],
            ['Zeit', d.at],
            ['Signaturschlüssel', d.key],
          ],
        }
      : {
          subject: `Audit trail checkpoint: position ${d.seq}`,
          paragraphs: [
            'this is today’s signed checkpoint of the audit trail. Please keep this mail: in an audit it shows that the trail up to this position has not been changed.',
            d.line,
          ],
          facts: [
            ['Position', String(d.seq)],
            ['Hash', d.hash],
            ['Time', d.at],
            ['Signing key', d.key],
          ],
        },
);

/** Mails the newest checkpoint to the auditors, unless it went out today already. Returns the mails queued. */
export async function mailAuditCheckpoint(db: Db, now = new Date()): Promise<number> {
  const [latest] = await listStoredCheckpoints(db, 1);
  if (!latest) return 0;
  return inTransaction(db, async (trx) => {
    // One process at a time; and once a day.
    await sql`select pg_advisory_xact_lock(hashtextextended('notify:audit-checkpoint-mail', 0))`.execute(trx);
    const sent = await trx
      .selectFrom('outbox_messages')
      .select('id')
      .where('template', '=', AUDIT_CHECKPOINT_MAIL)
      .where('created_at', '>=', zonedDateTimeToInstant(localDate(now), '00:00'))
      .executeTakeFirst();
    if (sent) return 0;
    // The auditors of every authority: the chain is one for the whole database.
    const auditors = await trx
      .selectFrom('staff_users')
      .select(['email', 'authority_id'])
      .where(sql<boolean>`'auditor' = any(roles)`)
      .where('email', 'is not', null)
      .where('disabled_at', 'is', null)
      .execute();
    for (const a of auditors) {
      await queueMail(trx, {
        to: a.email!,
        template: AUDIT_CHECKPOINT_MAIL,
        locale: 'de',
        data: {
          seq: latest.seq,
          hash: latest.hash,
          at: latest.at,
          key: latest.key,
          line: JSON.stringify(latest),
        },
        authorityId: a.authority_id,
      });
    }
    return auditors.length;
  });
}

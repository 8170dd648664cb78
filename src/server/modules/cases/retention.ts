import fs from 'node:fs';
import { type SqlBool, sql } from 'kysely';
import type { IsoDate } from '../../../core/time';
import type { Executor } from '../../db/database';
import { attachmentPath } from './attachments';

/**
 * Legal deletion of cases and attachments (rows `cases.*` and `attachments.unlinked` of the
 * retention schedule, ADR 21). A finished case whose period ran out loses its notes, history,
 * attachments (records and files) and documents; a case with receipts that the cash book must
 * keep longer stays as a skeleton (number, service, status, dates — `purged_at`) until the cash
 * period deletes the receipts, then goes too. Batches lock their rows with SKIP LOCKED and only
 * touch rows that are still due, so an interrupted run resumes where it stopped.
 */

/** A stored file to delete once the deleting transaction has committed. */
export interface FileRef {
  authorityId: string;
  sha256: string;
}

/**
 * Deletes the files of attachment records that are gone — unless a new upload of the same bytes
 * created a record again meanwhile. Missing files are fine (a repeat after a crash).
 */
export async function removeAttachmentFiles(db: Executor, dataDir: string, refs: FileRef[]): Promise<number> {
  let removed = 0;
  for (const ref of refs) {
    const again = await db
      .selectFrom('attachments')
      .select('id')
      .where('authority_id', '=', ref.authorityId)
      .where('sha256', '=', ref.sha256)
      .executeTakeFirst();
    if (again) continue;
    try {
      await fs.promises.unlink(attachmentPath(dataDir, ref.authorityId, ref.sha256));
      removed++;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return removed;
}

export type CaseCategory = 'id_documents' | 'registration' | 'other';

/** Which retention row a case follows, by its form. */
export const CASE_CATEGORIES: Record<string, CaseCategory> = {
  personalausweis: 'id_documents',
  reisepass: 'id_documents',
  'vorlaeufiger-personalausweis': 'id_documents',
  aushaendigung: 'id_documents',
  anmeldung: 'registration',
  abmeldung: 'registration',
  meldebescheinigung: 'registration',
  auskunftssperre: 'registration',
  uebermittlungssperre: 'registration',
};

const TERMINAL = ['completed', 'handed_over', 'rejected', 'cancelled'] as const;
const finishedOn = sql<string>`(c.finished_at at time zone 'Europe/Berlin')::date`;

function inCategory(category: CaseCategory) {
  const keys = Object.entries(CASE_CATEGORIES)
    .filter(([, c]) => c === category)
    .map(([k]) => k);
  const all = Object.keys(CASE_CATEGORIES);
  return category === 'other'
    ? sql<SqlBool>`c.form_key not in (${sql.join(all)})`
    : sql<SqlBool>`c.form_key in (${sql.join(keys)})`;
}

/** The day a case's period starts: for ID cases the expiry of the document it produced, if any. */
function periodStart(category: CaseCategory) {
  return category === 'id_documents'
    ? sql<string>`coalesce((select max(d.valid_until) from register_id_documents d where d.case_id = c.id), ${finishedOn})`
    : finishedOn;
}

function casesDue(db: Executor, category: CaseCategory, cutoff: IsoDate) {
  return db
    .selectFrom('cases as c')
    .where('c.purged_at', 'is', null)
    .where('c.finished_at', 'is not', null)
    .where('c.status', 'in', [...TERMINAL])
    .where(inCategory(category))
    .where(periodStart(category), '<=', cutoff);
}

export async function countCasesDue(db: Executor, category: CaseCategory, cutoff: IsoDate): Promise<number> {
  const r = await casesDue(db, category, cutoff)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/**
 * Deletes one batch of due cases of a category. Returns how many, and the files to delete once
 * the transaction has committed (a file deleted before a rollback would be lost for good).
 */
export async function deleteCases(
  trx: Executor,
  category: CaseCategory,
  cutoff: IsoDate,
  limit: number,
): Promise<{ count: number; files: FileRef[] }> {
  const rows = await casesDue(trx, category, cutoff)
    .select(['c.id'])
    .orderBy('c.id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return { count: 0, files: [] };
  const files = await detachAttachments(trx, ids);
  await trx.deleteFrom('case_notes').where('case_id', 'in', ids).execute();
  await trx.deleteFrom('case_transitions').where('case_id', 'in', ids).execute();
  await trx
    .deleteFrom('case_documents')
    .where('case_id', 'in', ids)
    .where('payment_id', 'is', null)
    .execute();
  // Receipts are cash vouchers: the case stays as a skeleton until the cash period ends.
  const withReceipts = new Set(
    (
      await trx
        .selectFrom('case_documents')
        .select('case_id')
        .where('case_id', 'in', ids)
        .groupBy('case_id')
        .execute()
    ).map((r) => r.case_id),
  );
  const skeletons = ids.filter((id) => withReceipts.has(id));
  const gone = ids.filter((id) => !withReceipts.has(id));
  if (skeletons.length > 0) {
    await trx
      .updateTable('cases')
      .set({
        person_id: null,
        subject_name: '',
        form_data: sql`'{}'::jsonb`,
        result: sql`'{}'::jsonb`,
        warnings: sql`'[]'::jsonb`,
        contact_email: null,
        contact_phone: null,
        purged_at: new Date(),
        updated_at: new Date(),
      })
      .where('id', 'in', skeletons)
      .execute();
  }
  if (gone.length > 0) await trx.deleteFrom('cases').where('id', 'in', gone).execute();
  return { count: ids.length, files };
}

/**
 * Unlinks the cases' attachments and deletes the records no other case uses; returns their file
 * paths.
 */
async function detachAttachments(trx: Executor, caseIds: string[]): Promise<FileRef[]> {
  const linked = await trx
    .selectFrom('case_attachments')
    .select(['attachment_id'])
    .where('case_id', 'in', caseIds)
    .execute();
  await trx.deleteFrom('case_attachments').where('case_id', 'in', caseIds).execute();
  const candidates = [...new Set(linked.map((l) => l.attachment_id))];
  if (candidates.length === 0) return [];
  const orphans = await trx
    .deleteFrom('attachments')
    .where('id', 'in', candidates)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('case_attachments').select('case_id').whereRef('attachment_id', '=', 'attachments.id'),
        ),
      ),
    )
    .returning(['authority_id', 'sha256'])
    .execute();
  return orphans.map((o) => ({ authorityId: o.authority_id, sha256: o.sha256 }));
}

/** A person's entry is deleted from the register: the cases keep their data but lose the link. */
export async function detachPersons(trx: Executor, personIds: string[]): Promise<void> {
  if (personIds.length === 0) return;
  await trx.updateTable('cases').set({ person_id: null }).where('person_id', 'in', personIds).execute();
}

/** The cash period deleted these entries: their receipts (documents) go with them. */
export async function deleteReceiptDocuments(trx: Executor, paymentIds: string[]): Promise<void> {
  if (paymentIds.length === 0) return;
  await trx.deleteFrom('case_documents').where('payment_id', 'in', paymentIds).execute();
}

/** Skeletons whose receipts are gone are deleted. */
export async function deleteEmptySkeletons(trx: Executor): Promise<number> {
  const r = await trx
    .deleteFrom('cases')
    .where('purged_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('case_documents').select('id').whereRef('case_id', '=', 'cases.id'))),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}

// --- attachments.unlinked -----------------------------------------------------------------------

function unlinkedDue(db: Executor, cutoff: IsoDate) {
  return db
    .selectFrom('attachments as a')
    .where(sql<string>`(a.created_at at time zone 'Europe/Berlin')::date`, '<=', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('case_attachments as ca').select('ca.case_id').whereRef('ca.attachment_id', '=', 'a.id'),
        ),
      ),
    );
}

export async function countUnlinkedAttachments(db: Executor, cutoff: IsoDate): Promise<number> {
  const r = await unlinkedDue(db, cutoff)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function deleteUnlinkedAttachments(
  trx: Executor,
  cutoff: IsoDate,
  limit: number,
): Promise<{ count: number; files: FileRef[] }> {
  const rows = await unlinkedDue(trx, cutoff)
    .select(['a.id', 'a.authority_id', 'a.sha256'])
    .orderBy('a.id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  if (rows.length === 0) return { count: 0, files: [] };
  await trx
    .deleteFrom('attachments')
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return { count: rows.length, files: rows.map((r) => ({ authorityId: r.authority_id, sha256: r.sha256 })) };
}

import { newVerificationCode, normaliseCode } from '../../../../core/cases/numbers';
import type { DocumentKind } from '../../../../core/cases/services';
import { uuidv7 } from '../../../../core/ids';
import { type IsoDate, localDate } from '../../../../core/time';
import type { Executor } from '../../../db/database';
import { filterAuthorityId } from '../../../db/scope';
import { AppError } from '../../../http/errors';
import { type AuditActor, recordAudit } from '../../audit/service';
import { attachmentsBySha, readAttachmentBytes } from '../attachments';
import { buildContent, type DocumentContent } from './content';
import { DOCUMENT_TITLES, renderDocument } from './render';

/**
 * Issuing and printing documents. Issuing stores the facts with a fresh verification code (a
 * registration certificate is new each time; a receipt, confirmation or summary is issued once
 * and printed again as often as needed). Printing renders the stored facts.
 */

export interface IssuedDocument {
  id: string;
  kind: DocumentKind;
  verificationCode: string;
  issuedAt: string;
}

const REISSUE_EACH_TIME: DocumentKind[] = ['registration_certificate'];

export async function issueDocument(
  trx: Executor,
  actor: AuditActor,
  input: {
    authorityId: string;
    caseId: string;
    kind: DocumentKind;
    paymentId?: string | null;
    today?: IsoDate;
  },
): Promise<IssuedDocument> {
  const row = await trx
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', input.caseId)
    .where('authority_id', '=', input.authorityId)
    .executeTakeFirst();
  if (!row) throw new AppError('CASE_NOT_FOUND');
  if (!REISSUE_EACH_TIME.includes(input.kind)) {
    let existing = trx
      .selectFrom('case_documents')
      .select(['id', 'kind', 'verification_code', 'issued_at'])
      .where('case_id', '=', row.id)
      .where('kind', '=', input.kind)
      .where('revoked_at', 'is', null);
    existing = input.paymentId
      ? existing.where('payment_id', '=', input.paymentId)
      : existing.where('payment_id', 'is', null);
    const found = await existing.executeTakeFirst();
    if (found)
      return {
        id: found.id,
        kind: found.kind,
        verificationCode: found.verification_code,
        issuedAt: found.issued_at.toISOString(),
      };
  }
  const today = input.today ?? localDate(new Date());
  const built = await buildContent(trx, row, input.kind, {
    today,
    clerk: actor.username,
    paymentId: input.paymentId ?? null,
  });
  const id = uuidv7();
  const caseActor = { ...actor, reason: actor.reason ?? `Vorgang ${row.number}` };
  // 60 random bits: a collision of verification codes is not a case worth a retry path.
  const inserted = await trx
    .insertInto('case_documents')
    .values({
      id,
      authority_id: row.authority_id,
      case_id: row.id,
      payment_id: input.paymentId ?? null,
      kind: input.kind,
      verification_code: newVerificationCode(),
      content: JSON.stringify({
        ...built.content,
        verification: { holderInitials: built.holderInitials },
      }) as never,
      issued_by: actor.userId,
      revoked_at: null,
    })
    .returning(['id', 'kind', 'verification_code', 'issued_at'])
    .executeTakeFirstOrThrow();
  await recordAudit(trx, caseActor, {
    action: 'document.issue',
    resourceType: 'document',
    resourceId: id,
    subjectPersonId: built.personId,
    details: { kind: input.kind, caseNumber: row.number, paymentId: input.paymentId ?? null },
  });
  return {
    id: inserted.id,
    kind: inserted.kind,
    verificationCode: inserted.verification_code,
    issuedAt: inserted.issued_at.toISOString(),
  };
}

export interface PrintSettings {
  publicUrl: string;
  dataDir: string;
}

export function verificationUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/pruefen/${code}`;
}

/** The PDF of an issued document; reading it is recorded (it holds personal data). */
export async function documentPdf(
  db: Executor,
  actor: AuditActor,
  authorityId: string,
  documentId: string,
  settings: PrintSettings,
): Promise<{ bytes: Uint8Array; filename: string }> {
  const doc = await db
    .selectFrom('case_documents')
    .selectAll()
    .where('id', '=', documentId)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!doc) throw new AppError('DOCUMENT_NOT_FOUND');
  const content = doc.content as DocumentContent;
  const bytes = await renderDocument(content, {
    verificationUrl: verificationUrl(settings.publicUrl, doc.verification_code),
    verificationCode: doc.verification_code,
    statusUrl: `${settings.publicUrl}/status`,
    image: async (sha) => {
      const row = (await attachmentsBySha(db, authorityId, [sha])).get(sha);
      if (!row || row.media_type === 'application/pdf') return null;
      const file = await readAttachmentBytes(settings.dataDir, authorityId, sha);
      return file ? { bytes: file, type: row.media_type } : null;
    },
  });
  const caseRow = await db
    .selectFrom('cases')
    .select(['number', 'person_id'])
    .where('id', '=', doc.case_id)
    .executeTakeFirstOrThrow();
  await recordAudit(
    db,
    { ...actor, reason: actor.reason ?? `Vorgang ${caseRow.number}` },
    {
      action: 'document.print',
      resourceType: 'document',
      resourceId: doc.id,
      subjectPersonId: caseRow.person_id,
      details: { kind: doc.kind },
    },
  );
  const name = DOCUMENT_TITLES[doc.kind].replace(/[^A-Za-z]/g, '');
  return { bytes, filename: `${name}-${content.header.caseNumber}.pdf` };
}

export interface Verification {
  genuine: true;
  kind: DocumentKind;
  title: string;
  issuedOn: string;
  authority: string;
  caseNumber: string;
  holderInitials: string | null;
  revoked: boolean;
}

/**
 * The public check behind the QR code: whether we issued a document with this code, with as
 * little data as needed to compare it with the paper — and no personal data of a blocked person.
 */
export async function verifyDocument(db: Executor, code: string): Promise<Verification> {
  const normal = normaliseCode(code);
  const doc = await db
    .selectFrom('case_documents as d')
    .innerJoin('authorities as a', 'a.id', 'd.authority_id')
    .select(['d.kind', 'd.content', 'd.issued_at', 'd.revoked_at', 'a.short_name'])
    .where('d.verification_code', '=', normal)
    .$if(!!filterAuthorityId(), (q) => q.where('d.authority_id', '=', filterAuthorityId()!))
    .executeTakeFirst();
  if (!doc) throw new AppError('DOCUMENT_NOT_GENUINE');
  const content = doc.content as DocumentContent & { verification?: { holderInitials: string | null } };
  return {
    genuine: true,
    kind: doc.kind,
    title: DOCUMENT_TITLES[doc.kind],
    issuedOn: content.header.issuedOn,
    authority: doc.short_name,
    caseNumber: content.header.caseNumber,
    holderInitials: content.verification?.holderInitials ?? null,
    revoked: doc.revoked_at !== null,
  };
}

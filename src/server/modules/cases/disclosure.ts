import { type DescribedSection, describeForm } from '../../../core/forms/describe';
import { getFormDefinition } from '../../../core/forms/registry';
import type { Locale } from '../../../core/locale';
import type { Executor } from '../../db/database';

/**
 * A person's cases for a disclosure (Art. 15 DSGVO, #15): each case with what the person stated
 * (the form described in words), its documents, fee and payments, notes (without their authors'
 * names) and attachments — listed with their SHA-256, never embedded. No audit here: the
 * disclosure records its production once.
 */
export interface DisclosedCase {
  number: string;
  service: string;
  status: string;
  channel: string;
  capturedAt: string;
  finishedAt: string | null;
  statements: DescribedSection[];
  documents: { kind: string; issuedAt: string; revoked: boolean }[];
  fee: { amountCents: number; status: string } | null;
  payments: { receipt: string; businessDate: string; kind: string; method: string; amountCents: number }[];
  notes: { createdAt: string; text: string }[];
  attachments: {
    kind: string;
    mediaType: string;
    sizeBytes: number;
    sha256: string;
    storedAt: string;
    deleted: boolean;
  }[];
}

export async function casesOfPerson(
  db: Executor,
  authorityId: string,
  personId: string,
  locale: Locale,
): Promise<DisclosedCase[]> {
  const rows = await db
    .selectFrom('cases')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('person_id', '=', personId)
    .orderBy('captured_at')
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [documents, claims, payments, notes, attachments] = await Promise.all([
    db.selectFrom('case_documents').selectAll().where('case_id', 'in', ids).orderBy('issued_at').execute(),
    db.selectFrom('fee_claims').selectAll().where('case_id', 'in', ids).execute(),
    db.selectFrom('payments').selectAll().where('case_id', 'in', ids).orderBy('recorded_at').execute(),
    db.selectFrom('case_notes').selectAll().where('case_id', 'in', ids).orderBy('created_at').execute(),
    db
      .selectFrom('case_attachments as ca')
      .innerJoin('attachments as a', 'a.id', 'ca.attachment_id')
      .select([
        'ca.case_id',
        'a.kind',
        'a.media_type',
        'a.size_bytes',
        'a.sha256',
        'a.created_at',
        'a.purged_at',
      ])
      .where('ca.case_id', 'in', ids)
      .orderBy('a.created_at')
      .execute(),
  ]);
  return rows.map((r) => {
    const definition = getFormDefinition(r.form_key);
    const claim = claims.find((c) => c.case_id === r.id);
    const name = r.service_name as Record<Locale, string>;
    return {
      number: r.number,
      service: name[locale] ?? name.de,
      status: r.status,
      channel: r.channel,
      capturedAt: r.captured_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
      statements: definition
        ? describeForm(definition, r.form_data as Record<string, unknown>, { locale, hasPerson: true })
        : [],
      documents: documents
        .filter((d) => d.case_id === r.id)
        .map((d) => ({ kind: d.kind, issuedAt: d.issued_at.toISOString(), revoked: d.revoked_at !== null })),
      fee: claim ? { amountCents: claim.amount_cents, status: claim.status } : null,
      payments: payments
        .filter((p) => p.case_id === r.id)
        .map((p) => ({
          receipt: p.receipt_label,
          businessDate: p.business_date,
          kind: p.kind,
          method: p.method,
          amountCents: p.amount_cents,
        })),
      notes: notes
        .filter((n) => n.case_id === r.id)
        .map((n) => ({ createdAt: n.created_at.toISOString(), text: n.text })),
      attachments: attachments
        .filter((a) => a.case_id === r.id)
        .map((a) => ({
          kind: a.kind,
          mediaType: a.media_type,
          sizeBytes: a.size_bytes,
          sha256: a.sha256,
          storedAt: a.created_at.toISOString(),
          deleted: a.purged_at !== null,
        })),
    };
  });
}

/** Contact data the person gave in their cases (to find their appointments). */
export async function contactsOfPerson(db: Executor, authorityId: string, personId: string) {
  const rows = await db
    .selectFrom('cases')
    .select(['contact_email', 'contact_phone'])
    .where('authority_id', '=', authorityId)
    .where('person_id', '=', personId)
    .execute();
  return {
    emails: rows.map((r) => r.contact_email).filter((e): e is string => !!e),
    phones: rows.map((r) => r.contact_phone).filter((p): p is string => !!p),
  };
}

import type { Locale } from '../../../core/locale';
import { blocksDisclosure } from '../../../core/register/vocabulary';
import { localDate } from '../../../core/time';
import type { Executor } from '../../db/database';
import { AppError } from '../../http/errors';
import { accessesOfPerson } from '../audit/person-log';
import { type AuditActor, recordAudit } from '../audit/service';
import { appointmentsByContact } from '../booking/disclosure';
import { casesOfPerson, contactsOfPerson } from '../cases/disclosure';
import { deliveriesOfPerson } from '../kits/deliveries';
import { activeBlockKinds, loadPersonRecord } from '../register/service';
import { formatAddressLine } from './format';
import type { Disclosure, DisclosureRequest } from './schemas';

/**
 * The disclosure to a resident about their own data (Art. 15 DSGVO with § 10 BMG, #15).
 *
 * What it holds: the register entry with residences, history, blocks and ID documents; the
 * household members the law lets us name; the person's cases with their statements, documents,
 * fees, notes and attachments (listed with SHA-256); appointments found by the documented
 * matching rule; which field kits received the person's data; and every read and change of the
 * person's data in the audit trail — when, what, result, purpose, role and office.
 *
 * What it withholds, and why (docs/privacy.md, "Disclosure"):
 * - colleagues' names (role and office instead): Art. 15 Abs. 4 DSGVO, CJEU C-579/21;
 * - household members with an information block or conditional block: § 11 Abs. 2 Nr. 3 BMG —
 *   silently, so that the disclosure does not reveal that they have one (§ 11 Abs. 4 BMG);
 * - the free-text reason of a block (it may name a threatening third person): Art. 15 Abs. 4.
 * A person's own information block does not restrict their own disclosure (§ 51 BMG restricts
 * Melderegisterauskünfte to others); but because the block exists to keep their address from
 * someone who might pose as them, a written request is refused: they must show their ID in person.
 *
 * The production is audited (action `register.disclosure`, with identity check, purpose and
 * format); nothing else is stored — the document is made on request and handed over.
 */
export async function buildDisclosure(
  db: Executor,
  actor: AuditActor,
  input: DisclosureRequest & { authorityId: string; personId: string; format: 'json' | 'pdf' },
): Promise<Disclosure> {
  const locale: Locale = input.locale ?? 'de';
  const today = localDate(new Date());
  const record = await loadPersonRecord(db, input.authorityId, input.personId, today);
  const ownBlocks = (await activeBlockKinds(db, [input.personId], today)).get(input.personId) ?? [];
  if (input.identity === 'written_request' && blocksDisclosure(ownBlocks))
    throw new AppError('REGISTER_DISCLOSURE_IDENTITY_AT_DESK');

  // The production is on record first, in the same transaction: the access log below includes it.
  await recordAudit(db, actor, {
    action: 'register.disclosure',
    resourceType: 'person',
    resourceId: input.personId,
    subjectPersonId: input.personId,
    details: { identity: input.identity, format: input.format, locale },
  });

  const authority = await db
    .selectFrom('authorities')
    .select(['name', 'street', 'postal_code', 'city', 'email', 'phone'])
    .where('id', '=', input.authorityId)
    .executeTakeFirstOrThrow();
  const householdBlocks = await activeBlockKinds(
    db,
    record.household.map((h) => h.id),
    today,
  );
  const contacts = await contactsOfPerson(db, input.authorityId, input.personId);
  const consents = await db
    .selectFrom('invitation_consents')
    .select(['email', 'locale', 'given_at', 'confirmed_at', 'ended_at', 'end_reason'])
    .where('authority_id', '=', input.authorityId)
    .where('person_id', '=', input.personId)
    .orderBy('given_at')
    .orderBy('id')
    .execute();
  const [cases, appointments, deliveries, accesses, idDocuments] = await Promise.all([
    casesOfPerson(db, input.authorityId, input.personId, locale),
    appointmentsByContact(db, input.authorityId, {
      familyName: record.familyName,
      emails: [...contacts.emails, ...(input.email?.trim() ? [input.email] : [])],
      phones: [...contacts.phones, ...(input.phone?.trim() ? [input.phone] : [])],
    }),
    deliveriesOfPerson(db, input.authorityId, input.personId),
    accessesOfPerson(db, input.authorityId, input.personId),
    db
      .selectFrom('register_id_documents')
      .select(['kind', 'serial_number', 'valid_until', 'status', 'issuing_authority'])
      .where('person_id', '=', input.personId)
      .orderBy('created_at')
      .execute(),
  ]);
  const restricted = record.restrictedOn !== null;

  return {
    schema: 'buergerkoffer.disclosure/1',
    generatedAt: new Date().toISOString(),
    locale,
    controller: {
      name: authority.name,
      street: authority.street,
      postalCode: authority.postal_code,
      city: authority.city,
      email: authority.email,
      phone: authority.phone,
    },
    request: { identity: input.identity, purpose: input.purpose.trim() },
    person: {
      familyName: record.familyName,
      givenNames: record.givenNames,
      callName: record.callName,
      birthName: record.birthName,
      doctoralDegree: record.doctoralDegree,
      birthDate: record.birthDate,
      birthPlace: record.birthPlace,
      sex: record.sex,
      nationalities: record.nationalities,
      religion: record.religion,
      maritalStatus: record.maritalStatus,
      status: record.status,
      deceasedOn: record.deceasedOn,
      restrictedOn: record.restrictedOn,
    },
    residences: record.residences.map((r) => ({
      kind: r.kind,
      address: formatAddressLine(r.address),
      movedInOn: r.movedInOn,
      movedOutOn: r.movedOutOn,
      current: r.current,
    })),
    household: record.household
      .filter((h) => !blocksDisclosure(householdBlocks.get(h.id) ?? []))
      .map((h) => ({ familyName: h.familyName, givenNames: h.givenNames, birthDate: h.birthDate })),
    blocks: record.blocks.map((b) => ({
      kind: b.kind,
      validFrom: b.validFrom,
      validUntil: b.validUntil,
      active: b.active,
    })),
    idDocuments: restricted
      ? []
      : idDocuments.map((d) => ({
          kind: d.kind,
          serialNumber: d.serial_number,
          validUntil: d.valid_until,
          status: d.status,
          issuingAuthority: d.issuing_authority,
        })),
    history: record.history.map((h) => ({
      occurredOn: h.occurredOn,
      kind: h.kind,
      recordedAt: h.recordedAt,
    })),
    cases,
    appointments,
    kitTransmissions: deliveries.map((d) => ({ kit: d.kitName, kind: d.kind, deliveredAt: d.deliveredAt })),
    invitationConsents: consents.map((c) => ({
      email: c.email,
      locale: c.locale,
      givenAt: c.given_at.toISOString(),
      confirmedAt: c.confirmed_at?.toISOString() ?? null,
      endedAt: c.ended_at?.toISOString() ?? null,
      endReason: c.end_reason,
    })),
    accessLog: accesses,
    notes: disclosureNotes(locale),
  };
}

/** The legal notes every disclosure carries (the same for everyone: they reveal nothing). */
export function disclosureNotes(locale: Locale): string[] {
  return locale === 'de'
    ? [
        'Zugriffe sind mit Rolle und Dienststelle angegeben, nicht mit den Namen der Beschäftigten (Art. 15 Abs. 4 DSGVO; EuGH, Urteil vom 22. Juni 2023, C-579/21).',
        'Angaben zu anderen Personen sind nur enthalten, soweit das Gesetz es erlaubt (§ 11 Abs. 2 Nr. 3 BMG, Art. 15 Abs. 4 DSGVO).',
        'Termine sind nicht mit dem Melderegister verknüpft; aufgeführt sind Termine, deren Name Ihren Familiennamen enthält und deren E-Mail-Adresse oder Telefonnummer Sie angegeben haben.',
        'Anlagen (Fotos, Unterschriften, Scans) sind mit ihrem SHA-256-Prüfwert aufgeführt; eine Kopie erhalten Sie auf Wunsch gesondert.',
        'Protokolle über Zugriffe werden nur innerhalb ihrer Aufbewahrungsfrist beauskunftet (§ 11 Abs. 1 Satz 2 BMG entsprechend); die Fristen stehen im Löschkonzept.',
        'Sie können die Berichtigung (Art. 16 DSGVO, § 12 BMG), Löschung oder Einschränkung (Art. 17, 18 DSGVO, § 14 BMG) verlangen und sich bei der Sächsischen Datenschutz- und Transparenzbeauftragten beschweren (Art. 77 DSGVO).',
      ]
    : [
        'Accesses are shown with role and office, not with the names of staff (Art. 15(4) GDPR; CJEU, judgment of 22 June 2023, C-579/21).',
        'Data about other persons is included only where the law allows (§ 11(2) no. 3 BMG, Art. 15(4) GDPR).',
        'Appointments are not linked to the register; listed are appointments whose name contains your family name and whose email address or phone number you gave.',
        'Attachments (photos, signatures, scans) are listed with their SHA-256 checksum; you may ask for a copy separately.',
        'Access logs are disclosed only within their retention period (§ 11(1) second sentence BMG by analogy); the periods are in the retention schedule.',
        'You may ask for rectification (Art. 16 GDPR, § 12 BMG), erasure or restriction (Art. 17, 18 GDPR, § 14 BMG) and complain to the Saxon Data Protection and Transparency Commissioner (Art. 77 GDPR).',
      ];
}

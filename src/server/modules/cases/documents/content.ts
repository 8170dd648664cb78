import type { Selectable } from 'kysely';
import type { DocumentKind } from '../../../../core/cases/services';
import { type DescribedSection, describeForm } from '../../../../core/forms/describe';
import { getFormDefinition } from '../../../../core/forms/registry';
import { countryName } from '../../../../core/register/countries';
import {
  MARITAL_STATUS_LABELS,
  type MaritalStatus,
  RESIDENCE_KIND_LABELS,
  type ResidenceKind,
} from '../../../../core/register/vocabulary';
import { type IsoDate, localDate } from '../../../../core/time';
import type { Executor } from '../../../db/database';
import { AppError } from '../../../http/errors';
import { getPublishedServicesByIds } from '../../catalog/service';
import { feeClaimsForCases, getPayment } from '../../payments/service';
import { loadPersonRecord } from '../../register/service';
import { formatAddress } from '../../register/views';
import { contextOptions } from '../form-context';
import type { CasesTable } from '../tables';

/**
 * The facts each document prints, gathered once when it is issued and stored with it, so that
 * printing it again gives the same document. Blocks are honoured here: a certificate for a third
 * party about a blocked person is refused, and the public verification shows no personal data
 * of a blocked person.
 */

export interface DocumentHeader {
  authority: {
    name: string;
    shortName: string;
    street: string;
    postalCode: string;
    city: string;
    phone: string | null;
    email: string | null;
  };
  issuedOn: IsoDate;
  caseNumber: string;
  service: string;
  /** Generated demo data: the document is printed as a specimen ("MUSTER"). */
  fictitious: boolean;
  clerk: string | null;
}

export interface PersonLine {
  familyName: string;
  givenNames: string;
  callName?: string | null;
  doctoralDegree: string | null;
  birthDate: string;
}

export type DocumentContent =
  | {
      kind: 'receipt';
      header: DocumentHeader;
      receiptNumber: string;
      businessDate: string;
      recordedAt: string;
      registerName: string;
      payer: string;
      paymentKind: 'payment' | 'reversal';
      reversedReceipt: string | null;
      reason: string | null;
      lines: { label: string; amountCents: number }[];
      totalCents: number;
      method: 'cash' | 'card' | 'invoice' | 'waiver';
      terminalReference: string | null;
      invoiceRecipient: string | null;
      waiverReason: string | null;
      accessCode: string;
    }
  | {
      kind: 'registration_confirmation';
      header: DocumentHeader;
      variant: 'move_in' | 'move_out';
      persons: PersonLine[];
      address: string;
      residenceKind: string | null;
      moveDate: string;
      registeredOn: string;
      deadline: string | null;
    }
  | {
      kind: 'registration_certificate';
      header: DocumentHeader;
      variant: 'simple' | 'extended';
      person: PersonLine & {
        birthName: string | null;
        birthPlace: string | null;
        nationalities: string[] | null;
        maritalStatus: string | null;
      };
      addresses: { address: string; kind: string; movedInOn: string | null }[];
      earlierAddresses: { address: string; from: string; to: string | null }[] | null;
      requestedBy: 'self' | 'authorised';
      authorisedName: string | null;
      purpose: string | null;
    }
  | {
      kind: 'application_summary';
      header: DocumentHeader;
      person: (PersonLine & { address: string | null }) | null;
      sections: DescribedSection[];
      feeLines: { label: string; amountCents: number }[];
      feeTotalCents: number;
      warnings: string[];
      signatureSha: string | null;
      photoSha: string | null;
    }
  | {
      kind: 'life_certificate';
      header: DocumentHeader;
      person: PersonLine & { birthPlace: string };
      address: string | null;
      institution: string;
      institutionCountry: string;
      referenceNumber: string | null;
    };

export interface IssuedContent {
  content: DocumentContent;
  /** Shown on the public verification page: initials only, none for a blocked person. */
  holderInitials: string | null;
  personId: string | null;
}

type CaseRow = Selectable<CasesTable>;

async function header(
  db: Executor,
  row: CaseRow,
  today: IsoDate,
  clerk: string | null,
  fictitious: boolean,
): Promise<DocumentHeader> {
  const a = await db
    .selectFrom('authorities')
    .selectAll()
    .where('id', '=', row.authority_id)
    .executeTakeFirstOrThrow();
  return {
    authority: {
      name: a.name,
      shortName: a.short_name,
      street: a.street,
      postalCode: a.postal_code,
      city: a.city,
      phone: a.phone,
      email: a.email,
    },
    issuedOn: today,
    caseNumber: row.number,
    service: row.service_name.de,
    fictitious,
    clerk,
  };
}

function initials(p: { givenNames: string; familyName: string } | null): string | null {
  if (!p) return null;
  const first = (s: string) => `${[...s.trim()][0] ?? ''}.`;
  return `${first(p.givenNames)} ${first(p.familyName)}`;
}

async function personsById(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('register_persons')
    .select(['id', 'family_name', 'given_names', 'call_name', 'doctoral_degree', 'birth_date', 'fictitious'])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r) => !!r);
}

const line = (r: {
  family_name: string;
  given_names: string;
  call_name: string | null;
  doctoral_degree: string | null;
  birth_date: string;
}): PersonLine => ({
  familyName: r.family_name,
  givenNames: r.given_names,
  callName: r.call_name,
  doctoralDegree: r.doctoral_degree,
  birthDate: r.birth_date,
});

export async function buildContent(
  db: Executor,
  row: CaseRow,
  kind: DocumentKind,
  input: { today: IsoDate; clerk: string | null; paymentId?: string | null },
): Promise<IssuedContent> {
  const person = row.person_id
    ? await loadPersonRecord(db, row.authority_id, row.person_id, input.today)
    : null;
  const holderInitials = person?.disclosureBlocked ? null : initials(person ?? null);
  const fictitious = person?.fictitious ?? false;
  const head = await header(db, row, input.today, input.clerk, fictitious);
  const done = row.status === 'completed' || row.status === 'handed_over';

  switch (kind) {
    case 'receipt': {
      if (!input.paymentId) throw new AppError('DOCUMENT_NOT_AVAILABLE');
      const p = await getPayment(db, row.authority_id, input.paymentId);
      // An unassigned entry has the kit's printed receipt; the case's receipt is its assignment's.
      if (p.caseId !== row.id || p.kind === 'suspense') throw new AppError('DOCUMENT_NOT_AVAILABLE');
      const register = await db
        .selectFrom('cash_registers')
        .select('name')
        .where('id', '=', p.registerId)
        .executeTakeFirstOrThrow();
      const reversed = p.reversesId ? await getPayment(db, row.authority_id, p.reversesId) : null;
      return {
        personId: row.person_id,
        holderInitials,
        content: {
          kind,
          header: head,
          receiptNumber: p.receiptNumber,
          businessDate: p.businessDate,
          recordedAt: p.recordedAt,
          registerName: register.name,
          payer: row.subject_name,
          paymentKind: p.kind,
          reversedReceipt: reversed?.receiptNumber ?? null,
          reason: p.reason,
          lines: p.lines.map((l) => ({ label: l.label.de, amountCents: l.amountCents })),
          totalCents: p.amountCents,
          method: p.method,
          terminalReference: p.terminalReference,
          invoiceRecipient: p.invoiceRecipient,
          waiverReason: p.waiverReason,
          accessCode: row.access_code,
        },
      };
    }
    case 'registration_confirmation': {
      if (!done || (row.form_key !== 'anmeldung' && row.form_key !== 'abmeldung'))
        throw new AppError('DOCUMENT_NOT_AVAILABLE');
      const moveIn = row.result.moveIn as { personIds: string[]; dwellingId: string } | undefined;
      const moveOut = row.result.moveOut as { personIds: string[]; endedResidenceIds: string[] } | undefined;
      const ids = moveIn?.personIds ?? moveOut?.personIds ?? [];
      const persons = await personsById(db, ids);
      let address = '';
      let residenceKind: string | null = null;
      if (moveIn) {
        const d = await db
          .selectFrom('register_dwellings')
          .selectAll()
          .where('id', '=', moveIn.dwellingId)
          .executeTakeFirstOrThrow();
        address = formatAddress({
          street: d.street,
          houseNumber: d.house_number,
          unit: d.unit,
          postalCode: d.postal_code,
          city: d.city,
        });
        const r = await db
          .selectFrom('register_residences')
          .select('kind')
          .where('dwelling_id', '=', d.id)
          .where('person_id', '=', ids[0] ?? '')
          .where('case_id', '=', row.id)
          .executeTakeFirst();
        residenceKind =
          RESIDENCE_KIND_LABELS[(r?.kind ?? row.form_data.residenceKind) as ResidenceKind]?.de ?? null;
      } else if (moveOut && moveOut.endedResidenceIds.length > 0) {
        const ended = await db
          .selectFrom('register_residences as r')
          .innerJoin('register_dwellings as d', 'd.id', 'r.dwelling_id')
          .select(['d.street', 'd.house_number', 'd.unit', 'd.postal_code', 'd.city', 'r.kind'])
          .where('r.id', 'in', moveOut.endedResidenceIds)
          .where('r.person_id', '=', row.person_id!)
          .execute();
        address = ended
          .map((d) =>
            formatAddress({
              street: d.street,
              houseNumber: d.house_number,
              unit: d.unit,
              postalCode: d.postal_code,
              city: d.city,
            }),
          )
          .join('; ');
        residenceKind = ended.map((e) => RESIDENCE_KIND_LABELS[e.kind].de).join('; ');
      }
      return {
        personId: row.person_id,
        holderInitials,
        content: {
          kind,
          header: { ...head, fictitious: head.fictitious || persons.some((p) => p.fictitious) },
          variant: moveIn ? 'move_in' : 'move_out',
          persons: persons.map(line),
          address,
          residenceKind,
          moveDate: String(row.form_data.moveInDate ?? row.form_data.moveOutDate),
          registeredOn: localDate(row.submitted_at ?? new Date()),
          deadline: typeof row.result.deadline === 'string' ? row.result.deadline : null,
        },
      };
    }
    case 'registration_certificate': {
      if (!done || row.form_key !== 'meldebescheinigung' || !person)
        throw new AppError('DOCUMENT_NOT_AVAILABLE');
      const requestedBy = row.form_data.requester === 'authorised' ? 'authorised' : 'self';
      // § 51 BMG: nothing about a blocked person goes to a third party — checked again at printing.
      if (requestedBy === 'authorised' && person.disclosureBlocked)
        throw new AppError('REGISTER_DISCLOSURE_REFUSED');
      const extended = row.form_data.variant === 'extended';
      const current = person.residences.filter((r) => r.current);
      const earlier = person.residences.filter((r) => !r.current && r.address.dwellingKind !== 'shelter');
      return {
        personId: person.id,
        holderInitials,
        content: {
          kind,
          header: head,
          variant: extended ? 'extended' : 'simple',
          person: {
            familyName: person.familyName,
            givenNames: person.givenNames,
            callName: person.callName,
            doctoralDegree: person.doctoralDegree,
            birthDate: person.birthDate,
            birthName: extended ? person.birthName : null,
            birthPlace: extended ? person.birthPlace : null,
            nationalities: extended ? person.nationalities.map((n) => countryName(n, 'de')) : null,
            maritalStatus: extended
              ? (MARITAL_STATUS_LABELS[person.maritalStatus as MaritalStatus]?.de ?? null)
              : null,
          },
          addresses: current.map((r) => ({
            address: formatAddress(r.address),
            kind: RESIDENCE_KIND_LABELS[r.kind].de,
            movedInOn: extended ? r.movedInOn : null,
          })),
          earlierAddresses: extended
            ? earlier
                .slice(0, 10)
                .map((r) => ({ address: formatAddress(r.address), from: r.movedInOn, to: r.movedOutOn }))
            : null,
          requestedBy,
          authorisedName: requestedBy === 'authorised' ? String(row.form_data.authorisedName ?? '') : null,
          purpose: typeof row.form_data.purpose === 'string' ? row.form_data.purpose : null,
        },
      };
    }
    case 'life_certificate': {
      if (!done || row.form_key !== 'lebensbescheinigung' || !person)
        throw new AppError('DOCUMENT_NOT_AVAILABLE');
      const main =
        person.residences.find((r) => r.current && r.kind !== 'secondary') ??
        person.residences.find((r) => r.current);
      return {
        personId: person.id,
        holderInitials,
        content: {
          kind,
          header: head,
          person: {
            familyName: person.familyName,
            givenNames: person.givenNames,
            doctoralDegree: person.doctoralDegree,
            birthDate: person.birthDate,
            birthPlace: person.birthPlace,
          },
          address: main ? formatAddress(main.address) : null,
          institution: String(row.form_data.institution),
          institutionCountry: countryName(String(row.form_data.institutionCountry), 'de'),
          referenceNumber:
            typeof row.form_data.referenceNumber === 'string' ? row.form_data.referenceNumber : null,
        },
      };
    }
    case 'application_summary': {
      const definition = getFormDefinition(row.form_key)!;
      const [service] = await getPublishedServicesByIds(db, [row.service_id]);
      const options = service ? await contextOptions(db, row.authority_id, person, service) : {};
      const claim = (await feeClaimsForCases(db, [row.id])).get(row.id);
      const main = person?.residences.find((r) => r.current && r.kind !== 'secondary');
      const atts = await db
        .selectFrom('case_attachments as ca')
        .innerJoin('attachments as a', 'a.id', 'ca.attachment_id')
        .select(['a.sha256', 'a.kind', 'a.purged_at'])
        .where('ca.case_id', '=', row.id)
        .execute();
      const live = (k: string) => atts.find((a) => a.kind === k && a.purged_at === null)?.sha256 ?? null;
      return {
        personId: row.person_id,
        holderInitials,
        content: {
          kind,
          header: head,
          person: person
            ? {
                familyName: person.familyName,
                givenNames: person.givenNames,
                callName: person.callName,
                doctoralDegree: person.doctoralDegree,
                birthDate: person.birthDate,
                address: main ? formatAddress(main.address) : null,
              }
            : null,
          sections: describeForm(definition, row.form_data, {
            locale: 'de',
            options,
            hasPerson: !!row.person_id,
          }),
          feeLines: (claim?.lines ?? []).map((l) => ({ label: l.label.de, amountCents: l.amountCents })),
          feeTotalCents: claim?.amountCents ?? 0,
          warnings: row.warnings.map((w) => w.message.de),
          signatureSha: live('signature'),
          photoSha: live('photo'),
        },
      };
    }
  }
}

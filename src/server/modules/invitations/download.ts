import { groupLetters, type InvitableKind } from '../../../core/invitations/rules';
import { localDate } from '../../../core/time';
import type { Db, Executor } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { type AuditActor, recordAudits } from '../audit/service';
import { bringList, type Letter, renderInvitationLetters } from './letters';
import { invitationServices, runInvitations } from './service';

/**
 * The serial letter of a run as a PDF. The letters are built from the register as it is now:
 * a person who has since moved away, died or applied for a new document of that kind gets no
 * letter (counted as `withdrawn`). The download is audited: one row with the counts, and one row
 * per person whose name and address the PDF holds (so the person's disclosure lists it).
 */
export async function invitationLettersPdf(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  runId: string,
  publicUrl: string,
  now = new Date(),
): Promise<{ bytes: Uint8Array; filename: string; letters: number; withdrawn: number }> {
  // Reads, then the rendering outside any transaction (it takes a while for many letters, and the
  // embedded database serves one transaction at a time), then the audit rows; the PDF is only
  // served once they are written.
  const { run, rows: all } = await runInvitations(db, authorityId, runId);
  // E-mail invitations were sent by the run; the serial letter holds the letters only.
  const rows = all.filter((r) => r.channel === 'letter');
  const authority = await authorityOf(db, authorityId);
  const letters = await composeInvitations(db, authorityId, rows, publicUrl);
  const today = localDate(now);
  const bytes = await renderInvitationLetters(
    {
      name: authority.name,
      shortName: authority.short_name,
      street: authority.street,
      postalCode: authority.postal_code,
      city: authority.city,
      phone: authority.phone,
      email: authority.email,
    },
    letters,
    today,
  );
  const withdrawn =
    groupLetters(
      rows.map((r) => ({
        personId: r.person_id,
        officeDayId: r.office_day_id,
        documentKind: r.document_kind as InvitableKind,
      })),
    ).length - letters.length;
  await inTransaction(db, (audit) =>
    recordAudits(audit, actor, [
      {
        action: 'invitation.letters',
        resourceType: 'invitation_run',
        resourceId: run.id,
        authorityId,
        details: { letters: letters.length, withdrawn, month: run.month },
      },
      ...[...new Set(letters.map((l) => l.personId))].map((personId) => ({
        action: 'invitation.letter',
        resourceType: 'person',
        resourceId: personId,
        subjectPersonId: personId,
        authorityId,
      })),
    ]),
  );
  return {
    bytes,
    filename: `Einladungen-${run.today}-${run.id.slice(-8)}.pdf`,
    letters: letters.length,
    withdrawn,
  };
}

export async function authorityOf(db: Executor, authorityId: string) {
  return db
    .selectFrom('authorities')
    .select(['name', 'short_name', 'street', 'postal_code', 'city', 'phone', 'email'])
    .where('id', '=', authorityId)
    .executeTakeFirstOrThrow();
}

export interface InvitationRow {
  person_id: string;
  office_day_id: string;
  document_kind: string;
  valid_until: string;
}

/**
 * The contents of letters or mails for invitation rows, from the register as it is now: one per
 * person and office day; a person who has since moved away, died or applied for a new document of
 * that kind, or whose office day is no longer planned, is left out.
 */
export async function composeInvitations(
  db: Executor,
  authorityId: string,
  rows: InvitationRow[],
  publicUrl: string,
): Promise<(Letter & { personId: string; officeDayId: string })[]> {
  const personIds = [...new Set(rows.map((r) => r.person_id))];
  const officeDayIds = [...new Set(rows.map((r) => r.office_day_id))];
  const persons = personIds.length
    ? await db
        .selectFrom('register_persons as p')
        .innerJoin('register_residences as r', 'r.person_id', 'p.id')
        .innerJoin('register_dwellings as w', 'w.id', 'r.dwelling_id')
        .select([
          'p.id',
          'p.given_names',
          'p.family_name',
          'p.doctoral_degree',
          'p.fictitious',
          'w.street',
          'w.house_number',
          'w.unit',
          'w.postal_code',
          'w.city',
        ])
        .where('p.id', 'in', personIds)
        .where('p.authority_id', '=', authorityId)
        .where('p.status', '=', 'resident')
        .where('p.deceased_on', 'is', null)
        .where('r.kind', 'in', ['main', 'sole'])
        .where('r.moved_out_on', 'is', null)
        .where('r.deregistered_on', 'is', null)
        .execute()
    : [];
  const applied = personIds.length
    ? await db
        .selectFrom('register_id_documents')
        .select(['person_id', 'kind'])
        .where('person_id', 'in', personIds)
        .where('status', '=', 'applied')
        .execute()
    : [];
  const pending = new Set(applied.map((a) => `${a.person_id}|${a.kind}`));
  const days = officeDayIds.length
    ? await db
        .selectFrom('office_days as d')
        .innerJoin('locations as l', 'l.id', 'd.location_id')
        .select([
          'd.id',
          'd.date',
          'd.start_time',
          'd.end_time',
          'd.status',
          'l.name',
          'l.slug',
          'l.street',
          'l.postal_code',
          'l.city',
        ])
        .where('d.id', 'in', officeDayIds)
        .where('d.authority_id', '=', authorityId)
        .execute()
    : [];
  const services = await invitationServices(db, authorityId);
  const byPerson = new Map(persons.map((p) => [p.id, p]));
  const byDay = new Map(days.map((d) => [d.id, d]));
  const usable = rows.filter(
    (r) =>
      byPerson.has(r.person_id) &&
      byDay.get(r.office_day_id)?.status === 'planned' &&
      !pending.has(`${r.person_id}|${r.document_kind}`),
  );
  const groups = groupLetters(
    usable.map((r) => ({
      personId: r.person_id,
      officeDayId: r.office_day_id,
      documentKind: r.document_kind as InvitableKind,
      validUntil: r.valid_until,
    })),
  );
  const letters: (Letter & { personId: string; officeDayId: string })[] = groups.map((group) => {
    const first = group[0]!;
    const p = byPerson.get(first.personId)!;
    const d = byDay.get(first.officeDayId)!;
    const wanted = services.filter((s) => group.some((g) => g.documentKind === s.kind));
    const query = new URLSearchParams({
      leistungen: wanted.map((s) => s.id).join(','),
      ort: d.slug,
      tag: d.id,
    });
    return {
      personId: first.personId,
      officeDayId: first.officeDayId,
      fictitious: p.fictitious,
      name: `${p.doctoral_degree ? `${p.doctoral_degree} ` : ''}${p.given_names} ${p.family_name}`,
      addressLines: [
        ...(p.unit ? [p.unit] : []),
        `${p.street} ${p.house_number}`,
        `${p.postal_code} ${p.city}`,
      ],
      documents: group.map((g) => ({ kind: g.documentKind, validUntil: g.validUntil })),
      officeDay: {
        date: d.date,
        startTime: d.start_time.slice(0, 5),
        endTime: d.end_time.slice(0, 5),
        place: d.name,
        address: `${d.street}, ${d.postal_code} ${d.city}`,
      },
      bookingUrl: `${publicUrl.replace(/\/$/, '')}/termin?${query}`,
      bring: bringList(wanted.map((s) => s.content)),
    };
  });
  return letters;
}

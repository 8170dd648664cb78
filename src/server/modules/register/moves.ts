import { DEREGISTRATION_EARLIEST_DAYS } from '../../../core/forms/definitions/registration';
import { uuidv7 } from '../../../core/ids';
import {
  normaliseHouseNumber,
  normaliseName,
  normaliseStreet,
  personSearchText,
} from '../../../core/register/names';
import type { MaritalStatus, Religion, ResidenceKind, Sex } from '../../../core/register/vocabulary';
import { addDays, type IsoDate } from '../../../core/time';
import type { Executor } from '../../db/database';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { currentMunicipalities, personsChangedForKits } from './kit-feed';
import { displayName } from './views';

/**
 * Changes of residence: Anmeldung/Ummeldung (move in or within) and Abmeldung (abroad, or
 * giving up a secondary residence). Each runs inside the caller's transaction — a case's, or
 * a kit command's — and records the change in the register's history and the audit trail.
 */

export interface NewPersonInput {
  /** Caller-supplied id (UUIDv7) so that a repeated command creates the person once. */
  id?: string;
  familyName: string;
  givenNames: string;
  birthName?: string | null;
  doctoralDegree?: string | null;
  birthDate: IsoDate;
  birthPlace: string;
  sex: Sex;
  nationalities: string[];
  religion?: Religion | null;
  maritalStatus?: MaritalStatus;
}

export interface MoveInInput {
  authorityId: string;
  caseId: string | null;
  moveInDate: IsoDate;
  /** The day of registration (the application date). */
  today: IsoDate;
  residenceKind: ResidenceKind;
  address: {
    municipalityId: string;
    street: string;
    houseNumber: string;
    unit?: string | null;
    postalCode: string;
  };
  /** Persons already in the register who move (the applicant and household members moving along). */
  personIds: string[];
  /** Persons moving in from elsewhere, created in the register. */
  newPersons: NewPersonInput[];
  previousAddress?: unknown;
}

export interface MoveInResult {
  dwellingId: string;
  householdId: string | null;
  personIds: string[];
  createdPersonIds: string[];
  residenceIds: string[];
}

async function lockPersons(trx: Executor, authorityId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('register_persons')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  if (rows.length !== new Set(ids).size) throw new AppError('REGISTER_PERSON_NOT_FOUND');
  return rows;
}

async function findOrCreateDwelling(trx: Executor, authorityId: string, address: MoveInInput['address']) {
  const municipality = await trx
    .selectFrom('municipalities')
    .select(['id', 'name'])
    .where('id', '=', address.municipalityId)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!municipality) throw new AppError('REGISTER_MUNICIPALITY_OUTSIDE_AUTHORITY');
  const streetNorm = normaliseStreet(address.street);
  const houseNorm = normaliseHouseNumber(address.houseNumber);
  const unit = address.unit?.trim() || null;
  const existing = await trx
    .selectFrom('register_dwellings')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('municipality_id', '=', municipality.id)
    .where('street_norm', '=', streetNorm)
    .where('house_number_norm', '=', houseNorm)
    .where((eb) => (unit ? eb(eb.fn('lower', ['unit']), '=', unit.toLowerCase()) : eb('unit', 'is', null)))
    .executeTakeFirst();
  if (existing) return existing;
  const city = municipality.name.replace(/^(Stadt|Gemeinde)\s+/, '');
  return trx
    .insertInto('register_dwellings')
    .values({
      id: uuidv7(),
      authority_id: authorityId,
      municipality_id: municipality.id,
      village_id: null,
      street: address.street.trim(),
      house_number: address.houseNumber.trim(),
      unit,
      postal_code: address.postalCode,
      city,
      kind: 'standard',
      street_norm: streetNorm,
      house_number_norm: houseNorm,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function recordEvent(
  trx: Executor,
  actor: AuditActor,
  input: {
    authorityId: string;
    personId: string;
    kind: string;
    occurredOn: IsoDate;
    caseId: string | null;
    details: unknown;
  },
) {
  await trx
    .insertInto('register_events')
    .values({
      id: uuidv7(),
      authority_id: input.authorityId,
      person_id: input.personId,
      kind: input.kind,
      occurred_on: input.occurredOn,
      details: JSON.stringify(input.details),
      case_id: input.caseId,
      recorded_by: actor.userId,
    })
    .execute();
  await recordAudit(trx, actor, {
    action: `register.${input.kind}`,
    resourceType: 'person',
    resourceId: input.personId,
    subjectPersonId: input.personId,
    details: { caseId: input.caseId, occurredOn: input.occurredOn, ...(input.details as object) },
  });
}

async function bumpVersion(trx: Executor, personId: string, set: Record<string, unknown> = {}) {
  await trx
    .updateTable('register_persons')
    .set((eb) => ({ ...set, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', personId)
    .execute();
}

/** Creates a person in the register (moving in from elsewhere). */
export async function createPerson(
  trx: Executor,
  authorityId: string,
  input: NewPersonInput,
  householdId: string | null,
) {
  const id = input.id ?? uuidv7();
  await trx
    .insertInto('register_persons')
    .values({
      id,
      authority_id: authorityId,
      family_name: input.familyName.trim(),
      given_names: input.givenNames.trim(),
      call_name: null,
      birth_name: input.birthName?.trim() || null,
      doctoral_degree: input.doctoralDegree?.trim() || null,
      birth_date: input.birthDate,
      birth_place: input.birthPlace.trim(),
      sex: input.sex,
      nationalities: input.nationalities,
      religion: input.religion ?? null,
      marital_status: input.maritalStatus ?? 'unknown',
      deceased_on: null,
      household_id: householdId,
      family_name_norm: normaliseName(input.familyName),
      given_names_norm: normaliseName(input.givenNames),
      search_name: personSearchText(input.familyName, input.birthName),
    })
    .execute();
  return id;
}

/**
 * Anmeldung or Ummeldung: the persons move into the dwelling (found or created). A new main
 * (or sole) residence ends the previous main residence in the authority's area; a new
 * secondary residence leaves it. The persons moving together form one household.
 */
export async function registerMoveIn(
  trx: Executor,
  actor: AuditActor,
  input: MoveInInput,
): Promise<MoveInResult> {
  if (input.moveInDate > input.today) throw new AppError('REGISTER_MOVE_IN_DATE_IN_FUTURE');
  const dwelling = await findOrCreateDwelling(trx, input.authorityId, input.address);
  const persons = await lockPersons(trx, input.authorityId, input.personIds);
  const livedIn = await currentMunicipalities(trx, input.personIds);
  const residenceIds: string[] = [];
  const moveEvents: { personId: string; kind: string; details: Record<string, unknown> }[] = [];

  for (const p of persons) {
    if (p.status === 'deceased') throw new AppError('REGISTER_PERSON_NOT_RESIDENT');
    const current = await trx
      .selectFrom('register_residences')
      .selectAll()
      .where('person_id', '=', p.id)
      .where('moved_out_on', 'is', null)
      .forUpdate()
      .execute();
    if (current.some((r) => r.dwelling_id === dwelling.id)) {
      throw new AppError('REGISTER_ALREADY_REGISTERED_AT_DWELLING', {
        name: displayName({ familyName: p.family_name, givenNames: p.given_names }),
      });
    }
    let kind = input.residenceKind;
    const ending = kind === 'secondary' ? [] : current.filter((r) => r.kind !== 'secondary');
    for (const r of ending) {
      if (input.moveInDate < r.moved_in_on)
        throw new AppError('REGISTER_MOVE_IN_BEFORE_PREVIOUS', { date: r.moved_in_on });
      await trx
        .updateTable('register_residences')
        .set({ moved_out_on: input.moveInDate, deregistered_on: input.today })
        .where('id', '=', r.id)
        .execute();
    }
    const remaining = current.filter((r) => !ending.includes(r));
    // § 21 BMG: with another residence kept, the new one is the main (not the sole) one; a new
    // secondary residence turns a sole residence into the main one.
    if (kind === 'sole' && remaining.length > 0) kind = 'main';
    if (kind === 'secondary') {
      for (const r of remaining.filter((x) => x.kind === 'sole'))
        await trx.updateTable('register_residences').set({ kind: 'main' }).where('id', '=', r.id).execute();
    }
    const residenceId = uuidv7();
    await trx
      .insertInto('register_residences')
      .values({
        id: residenceId,
        authority_id: input.authorityId,
        person_id: p.id,
        dwelling_id: dwelling.id,
        kind,
        moved_in_on: input.moveInDate,
        registered_on: input.today,
        moved_out_on: null,
        deregistered_on: null,
        case_id: input.caseId,
      })
      .execute();
    residenceIds.push(residenceId);
    moveEvents.push({
      personId: p.id,
      kind: current.length > 0 ? 'moved_within' : 'moved_in',
      details: { dwellingId: dwelling.id, residenceKind: kind, endedResidences: ending.map((r) => r.id) },
    });
  }

  // The household: the movers keep theirs if all of it moves, otherwise they form a new one.
  let householdId: string | null = null;
  if (input.residenceKind !== 'secondary') {
    const moverIds = new Set(persons.map((p) => p.id));
    const households = [...new Set(persons.map((p) => p.household_id).filter((h): h is string => !!h))];
    if (households.length === 1) {
      const stay = await trx
        .selectFrom('register_persons')
        .select('id')
        .where('household_id', '=', households[0]!)
        .where('status', '=', 'resident')
        .execute();
      if (stay.every((s) => moverIds.has(s.id))) householdId = households[0]!;
    }
    if (!householdId) {
      householdId = uuidv7();
      await trx
        .insertInto('register_households')
        .values({ id: householdId, authority_id: input.authorityId })
        .execute();
    }
  }

  for (const p of persons) {
    await bumpVersion(trx, p.id, {
      status: 'resident',
      ...(householdId ? { household_id: householdId } : {}),
    });
  }
  const createdPersonIds: string[] = [];
  for (const np of input.newPersons) {
    const id = await createPerson(trx, input.authorityId, np, householdId);
    createdPersonIds.push(id);
    const residenceId = uuidv7();
    await trx
      .insertInto('register_residences')
      .values({
        id: residenceId,
        authority_id: input.authorityId,
        person_id: id,
        dwelling_id: dwelling.id,
        kind: input.residenceKind,
        moved_in_on: input.moveInDate,
        registered_on: input.today,
        moved_out_on: null,
        deregistered_on: null,
        case_id: input.caseId,
      })
      .execute();
    residenceIds.push(residenceId);
    moveEvents.push({
      personId: id,
      kind: 'moved_in',
      details: {
        dwellingId: dwelling.id,
        residenceKind: input.residenceKind,
        previousAddress: input.previousAddress ?? null,
      },
    });
  }
  for (const e of moveEvents) {
    await recordEvent(trx, actor, {
      authorityId: input.authorityId,
      personId: e.personId,
      kind: e.kind,
      occurredOn: input.moveInDate,
      caseId: input.caseId,
      details: e.details,
    });
  }
  await personsChangedForKits(
    trx,
    input.authorityId,
    [...persons.map((p) => p.id), ...createdPersonIds],
    livedIn,
  );
  return {
    dwellingId: dwelling.id,
    householdId,
    personIds: [...persons.map((p) => p.id), ...createdPersonIds],
    createdPersonIds,
    residenceIds,
  };
}

export interface MoveOutInput {
  authorityId: string;
  caseId: string | null;
  personIds: string[];
  moveOutDate: IsoDate;
  today: IsoDate;
  scope: 'abroad' | 'secondary';
  destinationCountry?: string | null;
  destinationAddress?: string | null;
}

/**
 * Abmeldung: moving abroad ends every residence in the area (the person is then registered as
 * moved abroad); giving up a secondary residence ends only that one. At the earliest one week
 * before moving out (§ 17 Abs. 2 BMG).
 */
export async function registerMoveOut(
  trx: Executor,
  actor: AuditActor,
  input: MoveOutInput,
): Promise<{ endedResidenceIds: string[] }> {
  if (input.moveOutDate > addDays(input.today, DEREGISTRATION_EARLIEST_DAYS))
    throw new AppError('REGISTER_MOVE_OUT_TOO_EARLY');
  if (input.scope === 'abroad' && (!input.destinationCountry || input.destinationCountry === 'DE'))
    throw new AppError('REGISTER_DESTINATION_NOT_ABROAD');
  const persons = await lockPersons(trx, input.authorityId, input.personIds);
  const livedIn = await currentMunicipalities(trx, input.personIds);
  const ended: string[] = [];
  for (const p of persons) {
    const current = await trx
      .selectFrom('register_residences')
      .selectAll()
      .where('person_id', '=', p.id)
      .where('moved_out_on', 'is', null)
      .forUpdate()
      .execute();
    if (p.status !== 'resident' || current.length === 0) throw new AppError('REGISTER_PERSON_NOT_RESIDENT');
    const ending = input.scope === 'abroad' ? current : current.filter((r) => r.kind === 'secondary');
    if (ending.length === 0) throw new AppError('REGISTER_NO_SECONDARY_RESIDENCE');
    for (const r of ending) {
      if (input.moveOutDate < r.moved_in_on)
        throw new AppError('REGISTER_MOVE_OUT_BEFORE_MOVE_IN', { date: r.moved_in_on });
      await trx
        .updateTable('register_residences')
        .set({ moved_out_on: input.moveOutDate, deregistered_on: input.today })
        .where('id', '=', r.id)
        .execute();
      ended.push(r.id);
    }
    if (input.scope === 'secondary') {
      const left = current.filter((r) => !ending.includes(r));
      // The main residence is now the only one.
      if (left.length === 1 && left[0]!.kind === 'main')
        await trx
          .updateTable('register_residences')
          .set({ kind: 'sole' })
          .where('id', '=', left[0]!.id)
          .execute();
    }
    await bumpVersion(trx, p.id, input.scope === 'abroad' ? { status: 'moved_abroad' } : {});
    await recordEvent(trx, actor, {
      authorityId: input.authorityId,
      personId: p.id,
      kind: input.scope === 'abroad' ? 'moved_abroad' : 'secondary_given_up',
      occurredOn: input.moveOutDate,
      caseId: input.caseId,
      details: {
        endedResidences: ending.map((r) => r.id),
        destinationCountry: input.destinationCountry ?? null,
        destinationAddress: input.destinationAddress ?? null,
      },
    });
  }
  await personsChangedForKits(
    trx,
    input.authorityId,
    persons.map((p) => p.id),
    livedIn,
  );
  return { endedResidenceIds: ended };
}

export { bumpVersion as bumpPersonVersion, recordEvent as recordRegisterEvent };

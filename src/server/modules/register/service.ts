import { type Selectable, sql } from 'kysely';
import { escapeLike, nameTokens, normaliseHouseNumber, normaliseStreet } from '../../../core/register/names';
import { type BlockKind, blocksDisclosure } from '../../../core/register/vocabulary';
import { type IsoDate, localDate } from '../../../core/time';
import type { Executor } from '../../db/database';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit, recordAudits } from '../audit/service';
import type { RegisterDwellingsTable } from './tables';
import {
  type AddressView,
  type BlockView,
  type IdDocumentView,
  type PersonCore,
  type ResidenceView,
  toAddressView,
  toBlockView,
  toIdDocumentView,
  toPersonCore,
} from './views';

/**
 * Reading the resident register. Only clerks of the authority read it (the routes check the
 * role; every function here is scoped by authority), and every read is written to the audit
 * trail with its purpose — a search records each person it shows.
 */

export const SEARCH_LIMIT = 25;

export interface PersonSearch {
  familyName?: string;
  givenNames?: string;
  birthDate?: IsoDate;
  street?: string;
  houseNumber?: string;
  municipalityId?: string;
  /** Also persons who moved away or died. */
  includeFormer?: boolean;
}

export interface PersonSummary {
  id: string;
  familyName: string;
  givenNames: string;
  birthName: string | null;
  doctoralDegree: string | null;
  birthDate: string;
  status: PersonCore['status'];
  fictitious: boolean;
  /** The main (or sole) current address; for a person without one, the last. */
  address: AddressView | null;
  /** Information or conditional block: nothing may be disclosed to third parties. */
  disclosureBlocked: boolean;
}

export interface SearchResult {
  persons: PersonSummary[];
  /** More persons matched than shown: the clerk should narrow the search. */
  more: boolean;
}

/** Splits "Hauptstraße 12a" typed into the street field into street and number. */
function splitStreet(street: string, houseNumber?: string): { street: string; houseNumber?: string } {
  if (houseNumber?.trim()) return { street, houseNumber };
  const m = /^(.*\D)\s+(\d+\s?[a-zA-Z]?)$/.exec(street.trim());
  return m ? { street: m[1]!, houseNumber: m[2]! } : { street };
}

export async function searchPersons(
  db: Executor,
  actor: AuditActor,
  authorityId: string,
  query: PersonSearch,
  options: { today?: IsoDate; limit?: number } = {},
): Promise<SearchResult> {
  const today = options.today ?? localDate(new Date());
  const limit = Math.min(options.limit ?? SEARCH_LIMIT, 100);
  const family = nameTokens(query.familyName ?? '');
  const given = nameTokens(query.givenNames ?? '');
  const { street, houseNumber } = splitStreet(query.street ?? '', query.houseNumber);
  const streetKey = normaliseStreet(street);
  const byName = family.join('').length >= 2;
  const byAddress = streetKey.length >= 2;
  if (!byName && !byAddress) throw new AppError('REGISTER_SEARCH_TOO_BROAD');

  const houseKey = houseNumber ? normaliseHouseNumber(houseNumber) : undefined;
  let ids: string[];
  if (byAddress) {
    // From the address: the dwellings of the street (index on street_norm), their current
    // residents, then the name conditions if any.
    let q = db
      .selectFrom('register_dwellings as d')
      .innerJoin('register_residences as r', 'r.dwelling_id', 'd.id')
      .innerJoin('register_persons as p', 'p.id', 'r.person_id')
      .select(['p.id'])
      .where('d.authority_id', '=', authorityId)
      .where('d.street_norm', 'like', `${escapeLike(streetKey)}%`)
      .where('r.moved_out_on', 'is', null)
      .orderBy('d.street_norm')
      .orderBy('d.house_number_norm')
      .orderBy('p.family_name_norm')
      .orderBy('p.given_names_norm')
      .limit(2 * limit + 2);
    if (houseKey) q = q.where('d.house_number_norm', '=', houseKey);
    if (query.municipalityId) q = q.where('d.municipality_id', '=', query.municipalityId);
    for (const token of family) q = q.where('p.search_name', 'like', `% ${escapeLike(token)}%`);
    for (const token of given)
      q = q.where(sql<string>`' ' || p.given_names_norm`, 'like', `% ${escapeLike(token)}%`);
    if (query.birthDate) q = q.where('p.birth_date', '=', query.birthDate);
    if (!query.includeFormer) q = q.where('p.status', '=', 'resident');
    ids = [...new Set((await q.execute()).map((r) => r.id))].slice(0, limit + 1);
  } else {
    let q = db
      .selectFrom('register_persons as p')
      .select(['p.id'])
      .where('p.authority_id', '=', authorityId)
      .orderBy('p.family_name_norm')
      .orderBy('p.given_names_norm')
      .orderBy('p.birth_date')
      .limit(limit + 1);
    for (const token of family) q = q.where('p.search_name', 'like', `% ${escapeLike(token)}%`);
    for (const token of given)
      q = q.where(sql<string>`' ' || p.given_names_norm`, 'like', `% ${escapeLike(token)}%`);
    if (query.birthDate) q = q.where('p.birth_date', '=', query.birthDate);
    if (!query.includeFormer) q = q.where('p.status', '=', 'resident');
    ids = (await q.execute()).map((r) => r.id);
  }

  const more = ids.length > limit;
  const shown = ids.slice(0, limit);
  // The search with its criteria, and each person shown — a read of their data, one row each,
  // so the trail answers "who saw X" — in one statement, written while the summaries are read
  // (two round trips at once instead of one after the other). Nothing is shown unless both
  // succeed. A person removed between the search and the summaries (a retention deletion in that
  // moment) is recorded as shown although the summary leaves them out: the trail errs on the side
  // of more, never less.
  const [persons] = await Promise.all([
    summaries(db, authorityId, shown, today),
    recordAudits(db, actor, [
      {
        action: 'register.search',
        resourceType: 'register',
        details: {
          criteria: {
            familyName: query.familyName ?? null,
            givenNames: query.givenNames ?? null,
            birthDate: query.birthDate ?? null,
            street: query.street ?? null,
            houseNumber: query.houseNumber ?? null,
            municipalityId: query.municipalityId ?? null,
            includeFormer: !!query.includeFormer,
          },
          results: shown.length,
          more,
        },
      },
      ...shown.map((id) => ({
        action: 'register.search_hit',
        resourceType: 'person',
        resourceId: id,
        subjectPersonId: id,
      })),
    ]),
  ]);
  return { persons, more };
}

/**
 * Summaries in the order of `ids` (no audit: callers audit), in one statement: each person with
 * the address a summary shows (the main or sole current one, else another current one, else the
 * last) and the blocks that stop a disclosure — the same rules as `activeBlockKinds`.
 */
export async function summaries(
  db: Executor,
  authorityId: string,
  ids: string[],
  today: IsoDate,
): Promise<PersonSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('register_persons as p')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('register_residences as r')
          .innerJoin('register_dwellings as d', 'd.id', 'r.dwelling_id')
          .selectAll('d')
          .whereRef('r.person_id', '=', 'p.id')
          .orderBy(sql`r.moved_out_on is null`, 'desc')
          .orderBy(sql`r.moved_out_on is null and r.kind <> 'secondary'`, 'desc')
          .orderBy('r.moved_in_on', 'desc')
          .limit(1)
          .as('d'),
      (join) => join.onTrue(),
    )
    .select([
      'p.id as person_id',
      'p.family_name',
      'p.given_names',
      'p.birth_name',
      'p.doctoral_degree',
      'p.birth_date',
      'p.status',
      'p.fictitious as person_fictitious',
      'd.id',
      'd.authority_id',
      'd.municipality_id',
      'd.village_id',
      'd.street',
      'd.house_number',
      'd.unit',
      'd.postal_code',
      'd.city',
      'd.kind',
      'd.street_norm',
      'd.house_number_norm',
      'd.fictitious',
      'd.created_at',
    ])
    .select((eb) => [
      eb
        .selectFrom('register_blocks as b')
        .select(sql<BlockKind[]>`coalesce(array_agg(b.kind), '{}')`.as('kinds'))
        .whereRef('b.person_id', '=', 'p.id')
        .where('b.lifted_on', 'is', null)
        .where('b.valid_from', '<=', today)
        .where((w) => w.or([w('b.valid_until', 'is', null), w('b.valid_until', '>=', today)]))
        .as('block_kinds'),
      eb
        .exists(
          eb
            .selectFrom('register_residences as sr')
            .innerJoin('register_dwellings as sd', 'sd.id', 'sr.dwelling_id')
            .select(sql`1`.as('one'))
            .whereRef('sr.person_id', '=', 'p.id')
            .where('sr.moved_out_on', 'is', null)
            .where('sd.kind', '!=', 'standard'),
        )
        .as('special_dwelling'),
    ])
    .where('p.authority_id', '=', authorityId)
    .where('p.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.person_id, r]));
  return ids
    .map((id) => byId.get(id))
    .filter((r) => !!r)
    .map((r) => {
      const kinds: BlockKind[] = [...(r.block_kinds ?? [])];
      if (r.special_dwelling && !kinds.includes('conditional_block')) kinds.push('conditional_block');
      return {
        id: r.person_id,
        familyName: r.family_name,
        givenNames: r.given_names,
        birthName: r.birth_name,
        doctoralDegree: r.doctoral_degree,
        birthDate: r.birth_date,
        status: r.status,
        fictitious: r.person_fictitious,
        address: r.id === null ? null : toAddressView(r as Selectable<RegisterDwellingsTable>),
        disclosureBlocked: blocksDisclosure(kinds),
      };
    });
}

/**
 * Active block kinds per person, including the conditional block (§ 52 BMG) of everyone
 * registered in a care home, shelter or clinic.
 */
export async function activeBlockKinds(
  db: Executor,
  personIds: string[],
  today: IsoDate,
): Promise<Map<string, BlockKind[]>> {
  const out = new Map<string, BlockKind[]>();
  if (personIds.length === 0) return out;
  const stored = await db
    .selectFrom('register_blocks')
    .select(['person_id', 'kind'])
    .where('person_id', 'in', personIds)
    .where('lifted_on', 'is', null)
    .where('valid_from', '<=', today)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', today)]))
    .execute();
  for (const b of stored) out.set(b.person_id, [...(out.get(b.person_id) ?? []), b.kind]);
  const special = await db
    .selectFrom('register_residences as r')
    .innerJoin('register_dwellings as d', 'd.id', 'r.dwelling_id')
    .select('r.person_id')
    .where('r.person_id', 'in', personIds)
    .where('r.moved_out_on', 'is', null)
    .where('d.kind', '!=', 'standard')
    .execute();
  for (const s of special) {
    const list = out.get(s.person_id) ?? [];
    if (!list.includes('conditional_block')) out.set(s.person_id, [...list, 'conditional_block']);
  }
  return out;
}

export interface HouseholdMember {
  id: string;
  familyName: string;
  givenNames: string;
  birthDate: string;
}

export interface PersonRecord extends PersonCore {
  religion: string | null;
  maritalStatus: string;
  deceasedOn: string | null;
  /** § 13 Abs. 2 BMG: restricted since this day (only the data listed there are shown). */
  restrictedOn: string | null;
  residences: ResidenceView[];
  household: HouseholdMember[];
  blocks: BlockView[];
  activeBlocks: BlockKind[];
  disclosureBlocked: boolean;
  idDocuments: IdDocumentView[];
  history: {
    id: string;
    kind: string;
    occurredOn: string;
    details: unknown;
    caseId: string | null;
    recordedAt: string;
  }[];
}

/** A person's full record without an audit row — for callers that audit the read themselves. */
export async function loadPersonRecord(
  db: Executor,
  authorityId: string,
  personId: string,
  today: IsoDate,
): Promise<PersonRecord> {
  const p = await db
    .selectFrom('register_persons')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!p) throw new AppError('REGISTER_PERSON_NOT_FOUND');
  const [residences, blocks, documents, history, household, active] = await Promise.all([
    db
      .selectFrom('register_residences as r')
      .innerJoin('register_dwellings as d', 'd.id', 'r.dwelling_id')
      .selectAll('d')
      .select([
        'r.id as residence_id',
        'r.kind as residence_kind',
        'r.moved_in_on',
        'r.registered_on',
        'r.moved_out_on',
      ])
      .where('r.person_id', '=', personId)
      .orderBy('r.moved_in_on', 'desc')
      .execute(),
    db
      .selectFrom('register_blocks')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('valid_from', 'desc')
      .execute(),
    db
      .selectFrom('register_id_documents')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('created_at', 'desc')
      .execute(),
    db
      .selectFrom('register_events')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('recorded_at', 'desc')
      .limit(100)
      .execute(),
    p.household_id
      ? db
          .selectFrom('register_persons')
          .select(['id', 'family_name', 'given_names', 'birth_date'])
          .where('household_id', '=', p.household_id)
          .where('id', '!=', personId)
          .where('status', '=', 'resident')
          .orderBy('birth_date')
          .execute()
      : Promise.resolve([]),
    activeBlockKinds(db, [personId], today),
  ]);
  const activeKinds = active.get(personId) ?? [];
  const record: PersonRecord = {
    ...toPersonCore(p),
    religion: p.religion,
    maritalStatus: p.marital_status,
    deceasedOn: p.deceased_on,
    restrictedOn: p.restricted_on,
    residences: residences.map((r) => ({
      id: r.residence_id,
      kind: r.residence_kind,
      movedInOn: r.moved_in_on,
      registeredOn: r.registered_on,
      movedOutOn: r.moved_out_on,
      current: r.moved_out_on === null,
      address: toAddressView(r),
    })),
    household: household.map((h) => ({
      id: h.id,
      familyName: h.family_name,
      givenNames: h.given_names,
      birthDate: h.birth_date,
    })),
    blocks: blocks.map((b) => toBlockView(b, today)),
    activeBlocks: activeKinds,
    disclosureBlocked: blocksDisclosure(activeKinds),
    idDocuments: documents.map((d) => toIdDocumentView(d, today)),
    history: history.map((h) => ({
      id: h.id,
      kind: h.kind,
      occurredOn: h.occurred_on,
      details: h.details,
      caseId: h.case_id,
      recordedAt: h.recorded_at.toISOString(),
    })),
  };
  return p.restricted_on ? restrictedView(record) : record;
}

/**
 * § 13 Abs. 2 Satz 2 und 3 BMG: a restricted record may be processed only in its names, birth
 * date and place, addresses, move-out date, information block and death data. Everything else
 * is kept (until its deletion) but not shown.
 */
function restrictedView(r: PersonRecord): PersonRecord {
  return {
    ...r,
    callName: null,
    doctoralDegree: null,
    sex: 'unspecified',
    nationalities: [],
    householdId: null,
    religion: null,
    maritalStatus: 'unknown',
    household: [],
    blocks: r.blocks.filter((b) => b.kind === 'information_block'),
    activeBlocks: r.activeBlocks.filter((k) => k === 'information_block'),
    idDocuments: [],
    history: [],
  };
}

/** Reads a person's full record for a clerk and records the read with its purpose. */
export async function readPerson(
  db: Executor,
  actor: AuditActor,
  authorityId: string,
  personId: string,
  options: { today?: IsoDate; action?: string } = {},
): Promise<PersonRecord> {
  const record = await loadPersonRecord(db, authorityId, personId, options.today ?? localDate(new Date()));
  await recordAudit(db, actor, {
    action: options.action ?? 'register.read',
    resourceType: 'person',
    resourceId: personId,
    subjectPersonId: personId,
  });
  return record;
}

/** Records that a person's data was read for some purpose (e.g. a case), without loading it. */
export async function auditPersonRead(
  db: Executor,
  actor: AuditActor,
  personIds: string[],
  action: string,
  details?: unknown,
): Promise<void> {
  await recordAudits(
    db,
    actor,
    [...new Set(personIds)].map((id) => ({
      action,
      resourceType: 'person',
      resourceId: id,
      subjectPersonId: id,
      ...(details !== undefined ? { details } : {}),
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// What a field kit may hold
// ---------------------------------------------------------------------------------------------

export interface KitResident {
  id: string;
  familyName: string;
  givenNames: string;
  callName: string | null;
  birthName: string | null;
  doctoralDegree: string | null;
  birthDate: string;
  birthPlace: string;
  sex: PersonCore['sex'];
  nationalities: string[];
  householdId: string | null;
  version: number;
  fictitious: boolean;
  /** Current residences only. */
  residences: { kind: ResidenceView['kind']; movedInOn: string; address: AddressView }[];
  /** Active blocks, including the conditional block; outputs on the kit honour them. */
  blocks: BlockKind[];
  /** ID documents that are valid or applied for (kind, validity — for ID applications and hand-over). */
  idDocuments: {
    kind: IdDocumentView['kind'];
    validUntil: string | null;
    status: IdDocumentView['status'];
  }[];
}

/**
 * The register subset a kit serving `municipalityId` may hold — the residents with a current
 * residence there, and no more than the kit's services need: no religion, marital status or
 * history (DESIGN.md §5–6: data minimisation). The extended Meldebescheinigung therefore needs
 * the town hall or a connection. A kit serving several municipalities sees a person's current
 * residences in any of them (`scopeMunicipalityIds`), the same as its change feed delivers.
 * The transfer itself is recorded in the audit trail.
 */
export async function registerSubsetForMunicipality(
  db: Executor,
  authorityId: string,
  municipalityId: string,
  options: { actor?: AuditActor; today?: IsoDate; scopeMunicipalityIds?: string[] } = {},
): Promise<KitResident[]> {
  const scope = [...new Set([municipalityId, ...(options.scopeMunicipalityIds ?? [])])];
  const residents = await loadKitResidents(
    db,
    authorityId,
    { municipalityId },
    scope,
    options.today ?? localDate(new Date()),
  );
  if (options.actor) {
    await recordAudit(db, options.actor, {
      action: 'register.kit_subset',
      resourceType: 'municipality',
      resourceId: municipalityId,
      details: { residents: residents.size },
    });
  }
  return [...residents.values()];
}

/**
 * What a kit serving `municipalityIds` holds of these persons now (for its change feed): the
 * resident's data, or nothing when the person has no current residence there any more (moved
 * away, abroad, died) — the kit then deletes the person (data minimisation). Not audited here:
 * the caller records the transfer.
 */
export async function kitResidentsByIds(
  db: Executor,
  authorityId: string,
  personIds: string[],
  municipalityIds: string[],
  today: IsoDate = localDate(new Date()),
): Promise<Map<string, KitResident>> {
  if (personIds.length === 0 || municipalityIds.length === 0) return new Map();
  return loadKitResidents(db, authorityId, { personIds }, municipalityIds, today);
}

async function loadKitResidents(
  db: Executor,
  authorityId: string,
  who: { municipalityId: string } | { personIds: string[] },
  scope: string[],
  today: IsoDate,
): Promise<Map<string, KitResident>> {
  const rows = await db
    .selectFrom('register_residences as r')
    .innerJoin('register_dwellings as d', 'd.id', 'r.dwelling_id')
    .innerJoin('register_persons as p', 'p.id', 'r.person_id')
    .selectAll('d')
    .select([
      'p.id as person_id',
      'p.family_name',
      'p.given_names',
      'p.call_name',
      'p.birth_name',
      'p.doctoral_degree',
      'p.birth_date',
      'p.birth_place',
      'p.sex',
      'p.nationalities',
      'p.household_id',
      'p.version',
      'p.fictitious as person_fictitious',
      'r.kind as residence_kind',
      'r.moved_in_on',
    ])
    .where('r.authority_id', '=', authorityId)
    .where('r.moved_out_on', 'is', null)
    .where('p.status', '=', 'resident')
    .$call((q) =>
      'personIds' in who
        ? q.where('p.id', 'in', who.personIds).where('d.municipality_id', 'in', scope)
        : scope.length === 1
          ? q.where('d.municipality_id', '=', who.municipalityId)
          : q
              .where('d.municipality_id', 'in', scope)
              .where(({ exists, selectFrom }) =>
                exists(
                  selectFrom('register_residences as r2')
                    .innerJoin('register_dwellings as d2', 'd2.id', 'r2.dwelling_id')
                    .select('r2.id')
                    .whereRef('r2.person_id', '=', 'p.id')
                    .where('r2.moved_out_on', 'is', null)
                    .where('d2.municipality_id', '=', who.municipalityId),
                ),
              ),
    )
    .orderBy('p.family_name_norm')
    .orderBy('p.given_names_norm')
    .execute();
  const residents = new Map<string, KitResident>();
  for (const r of rows) {
    let k = residents.get(r.person_id);
    if (!k) {
      k = {
        id: r.person_id,
        familyName: r.family_name,
        givenNames: r.given_names,
        callName: r.call_name,
        birthName: r.birth_name,
        doctoralDegree: r.doctoral_degree,
        birthDate: r.birth_date,
        birthPlace: r.birth_place,
        sex: r.sex,
        nationalities: r.nationalities,
        householdId: r.household_id,
        version: r.version,
        fictitious: r.person_fictitious,
        residences: [],
        blocks: [],
        idDocuments: [],
      };
      residents.set(r.person_id, k);
    }
    k.residences.push({ kind: r.residence_kind, movedInOn: r.moved_in_on, address: toAddressView(r) });
  }
  const ids = [...residents.keys()];
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    const blocks = await activeBlockKinds(db, chunk, today);
    for (const [id, kinds] of blocks) residents.get(id)!.blocks = kinds;
    const docs = await db
      .selectFrom('register_id_documents')
      .select(['person_id', 'kind', 'valid_until', 'status'])
      .where('person_id', 'in', chunk)
      .where('status', 'in', ['valid', 'applied'])
      .execute();
    for (const d of docs) {
      const status =
        d.status === 'valid' && d.valid_until !== null && d.valid_until < today ? 'expired' : d.status;
      residents.get(d.person_id)!.idDocuments.push({ kind: d.kind, validUntil: d.valid_until, status });
    }
  }
  return residents;
}

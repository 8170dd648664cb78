import type { Selectable } from 'kysely';
import { sortByText } from '../../../core/collation';
import { uuidv7 } from '../../../core/ids';
import type { Db, Executor } from '../../db/database';
import { filterAuthorityId } from '../../db/scope';
import { inTransaction, pgConstraint, pgErrorCode } from '../../db/transaction';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import type { LocationKind, LocationsTable } from './tables';

export interface LocationView {
  id: string;
  authorityId: string;
  municipalityId: string;
  villageId: string | null;
  name: string;
  slug: string;
  kind: LocationKind;
  street: string;
  postalCode: string;
  city: string;
  latitude: number | null;
  longitude: number | null;
  stepFree: boolean;
  accessibilityNotes: string | null;
  openingNotes: string | null;
  active: boolean;
}

export function toLocationView(r: Selectable<LocationsTable>): LocationView {
  return {
    id: r.id,
    authorityId: r.authority_id,
    municipalityId: r.municipality_id,
    villageId: r.village_id,
    name: r.name,
    slug: r.slug,
    kind: r.kind,
    street: r.street,
    postalCode: r.postal_code,
    city: r.city,
    latitude: r.latitude,
    longitude: r.longitude,
    stepFree: r.step_free,
    accessibilityNotes: r.accessibility_notes,
    openingNotes: r.opening_notes,
    active: r.active,
  };
}

/** Municipalities with their villages (of the given authority, else the scope's); public data. */
export async function listMunicipalities(db: Executor, authorityId?: string) {
  const authority = authorityId ?? filterAuthorityId();
  let mq = db.selectFrom('municipalities').selectAll();
  if (authority) mq = mq.where('authority_id', '=', authority);
  // German order in JavaScript: the database's collation differs between PGlite and servers (#10).
  const municipalities = sortByText(await mq.execute(), (m) => m.name);
  let vq = db.selectFrom('villages').selectAll();
  if (authority) vq = vq.where('authority_id', '=', authority);
  const villages = sortByText(await vq.execute(), (v) => v.name);
  return municipalities.map((m) => ({
    id: m.id,
    authorityId: m.authority_id,
    name: m.name,
    ags: m.ags,
    ars: m.ars,
    postalCode: m.postal_code,
    population: m.population,
    populationDate: m.population_date,
    villages: villages
      .filter((v) => v.municipality_id === m.id)
      .map((v) => ({
        id: v.id,
        name: v.name,
        slug: v.slug,
        kind: v.kind,
        parentVillageId: v.parent_village_id,
      })),
  }));
}

export async function listLocations(
  db: Executor,
  opts: { authorityId?: string; includeInactive?: boolean } = {},
) {
  let q = db.selectFrom('locations').selectAll();
  const authority = opts.authorityId ?? filterAuthorityId();
  if (authority) q = q.where('authority_id', '=', authority);
  if (!opts.includeInactive) q = q.where('active', '=', true);
  return sortByText(await q.execute(), (l) => l.name).map(toLocationView);
}

/** One location of the given authority (else the scope's), by id or by its slug there. */
export async function getLocation(
  db: Executor,
  idOrSlug: string,
  authorityId?: string,
): Promise<LocationView> {
  const isId = /^[0-9a-f-]{36}$/i.test(idOrSlug);
  const authority = authorityId ?? filterAuthorityId();
  const row = await db
    .selectFrom('locations')
    .selectAll()
    .where(isId ? 'id' : 'slug', '=', idOrSlug)
    .$if(!!authority, (q) => q.where('authority_id', '=', authority!))
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  return toLocationView(row);
}

export interface LocationInputData {
  municipalityId: string;
  villageId?: string | null;
  name: string;
  slug: string;
  kind: LocationKind;
  street: string;
  postalCode: string;
  city: string;
  latitude?: number | null;
  longitude?: number | null;
  stepFree: boolean;
  accessibilityNotes?: string | null;
  openingNotes?: string | null;
  active?: boolean;
}

function translateConstraint(error: unknown): never {
  if (pgErrorCode(error) === '23505' && pgConstraint(error)?.includes('slug')) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: '/slug', code: 'taken' }]);
  }
  if (pgErrorCode(error) === '23503') {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: '/municipalityId', code: 'unknown' }]);
  }
  throw error;
}

export async function createLocation(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  input: LocationInputData,
): Promise<LocationView> {
  const id = uuidv7();
  try {
    return await inTransaction(db, async (trx) => {
      const row = await trx
        .insertInto('locations')
        .values({
          id,
          authority_id: authorityId,
          municipality_id: input.municipalityId,
          village_id: input.villageId ?? null,
          name: input.name,
          slug: input.slug,
          kind: input.kind,
          street: input.street,
          postal_code: input.postalCode,
          city: input.city,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          step_free: input.stepFree,
          accessibility_notes: input.accessibilityNotes ?? null,
          opening_notes: input.openingNotes ?? null,
          active: input.active ?? true,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = toLocationView(row);
      await recordAudit(trx, actor, {
        action: 'location.create',
        resourceType: 'location',
        resourceId: id,
        after: view,
      });
      return view;
    });
  } catch (error) {
    translateConstraint(error);
  }
}

export async function updateLocation(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  id: string,
  patch: Partial<LocationInputData>,
): Promise<LocationView> {
  try {
    return await inTransaction(db, async (trx) => {
      const before = await trx
        .selectFrom('locations')
        .selectAll()
        .where('id', '=', id)
        .where('authority_id', '=', authorityId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new AppError('NOT_FOUND');
      const row = await trx
        .updateTable('locations')
        .set({
          ...(patch.municipalityId !== undefined ? { municipality_id: patch.municipalityId } : {}),
          ...(patch.villageId !== undefined ? { village_id: patch.villageId } : {}),
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
          ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
          ...(patch.street !== undefined ? { street: patch.street } : {}),
          ...(patch.postalCode !== undefined ? { postal_code: patch.postalCode } : {}),
          ...(patch.city !== undefined ? { city: patch.city } : {}),
          ...(patch.latitude !== undefined ? { latitude: patch.latitude } : {}),
          ...(patch.longitude !== undefined ? { longitude: patch.longitude } : {}),
          ...(patch.stepFree !== undefined ? { step_free: patch.stepFree } : {}),
          ...(patch.accessibilityNotes !== undefined
            ? { accessibility_notes: patch.accessibilityNotes }
            : {}),
          ...(patch.openingNotes !== undefined ? { opening_notes: patch.openingNotes } : {}),
          ...(patch.active !== undefined ? { active: patch.active } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const view = toLocationView(row);
      await recordAudit(trx, actor, {
        action: 'location.update',
        resourceType: 'location',
        resourceId: id,
        before: toLocationView(before),
        after: view,
      });
      return view;
    });
  } catch (error) {
    translateConstraint(error);
  }
}

/** Name and phone number of an authority, for "call us" notices (the terminal's video entry, #11). */
export async function authorityContact(
  db: Executor,
  authorityId: string,
): Promise<{ name: string; phone: string | null } | null> {
  const row = await db
    .selectFrom('authorities')
    .select(['name', 'phone'])
    .where('id', '=', authorityId)
    .executeTakeFirst();
  return row ?? null;
}

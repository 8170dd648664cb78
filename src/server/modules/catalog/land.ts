import type { ServiceContent } from '../../../core/catalog/content';
import {
  acceptLandVersion,
  adoptLandVersion,
  checkFeeFrame,
  type FeeFrame,
  keepLocalVersion,
  type LandVersionContent,
  landChanges,
  overriddenFields,
  sameValue,
  validateFeeFrame,
} from '../../../core/catalog/land';
import { uuidv7 } from '../../../core/ids';
import type { Locale } from '../../../core/locale';
import type { Db, Executor } from '../../db/database';
import { inTransaction, pgConstraint, pgErrorCode } from '../../db/transaction';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { checkedContent } from './content-check';
import { insertService, publishVersion } from './service';

/**
 * The Land catalogue (#12, ADR 30). Installation-level tables (no authority_id) maintained by the
 * operator; each authority adopts a Land service into its own catalogue and decides on every new
 * Land version in its draft queue. All database access of the feature is in this file: Land
 * reads and writes are installation-wide, everything about adoptions and reviews is filtered by
 * the authority explicitly.
 */

// ---------------------------------------------------------------------------------------------
// Land services (operator)
// ---------------------------------------------------------------------------------------------

/** A Land description has no local parts that point into one authority (its locations). */
function landContent(input: ServiceContent, locale: Locale): ServiceContent {
  const content = checkedContent(input, locale);
  const { byLocation: _ids, ...duration } = content.duration;
  return { ...content, duration };
}

function checkedFrame(frame: FeeFrame, content: ServiceContent): FeeFrame {
  const problem = validateFeeFrame(frame, content.fees);
  if (problem === 'frame_order')
    throw new AppError('CATALOG_LAND_FRAME_INVALID', {}, [
      { path: '/feeFrame/minCents', code: 'frame_order' },
    ]);
  if (problem)
    throw new AppError('CATALOG_LAND_FRAME_INVALID', {}, [{ path: '/content/fees', code: problem }]);
  return frame.kind === 'range'
    ? { kind: 'range', minCents: frame.minCents, maxCents: frame.maxCents }
    : frame;
}

export async function listLandServices(db: Executor) {
  const rows = await db
    .selectFrom('catalog_land_services as s')
    .leftJoin('catalog_land_adoptions as a', 'a.land_service_id', 's.id')
    .select(({ fn }) => [
      's.id',
      's.slug',
      's.leika_key',
      's.name_de',
      's.current_version',
      's.updated_at',
      fn.count<string>('a.service_id').as('adoptions'),
    ])
    .groupBy(['s.id', 's.slug', 's.leika_key', 's.name_de', 's.current_version', 's.updated_at'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    leikaKey: r.leika_key,
    name: r.name_de,
    version: r.current_version,
    updatedAt: r.updated_at.toISOString(),
    adoptions: Number(r.adoptions),
  }));
}

async function landVersion(
  db: Executor,
  landServiceId: string,
  version: number,
): Promise<LandVersionContent> {
  const row = await db
    .selectFrom('catalog_land_versions')
    .select(['content', 'fee_frame'])
    .where('land_service_id', '=', landServiceId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new AppError('CATALOG_LAND_NOT_FOUND');
  return { content: row.content, feeFrame: row.fee_frame };
}

export async function getLandService(db: Executor, id: string) {
  const service = await db
    .selectFrom('catalog_land_services')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!service) throw new AppError('CATALOG_LAND_NOT_FOUND');
  const current = await landVersion(db, id, service.current_version);
  const versions = await db
    .selectFrom('catalog_land_versions')
    .select(['version', 'change_note', 'published_at', 'published_by_name'])
    .where('land_service_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
  return {
    id: service.id,
    version: service.current_version,
    content: current.content,
    feeFrame: current.feeFrame,
    versions: versions.map((v) => ({
      version: v.version,
      changeNote: v.change_note,
      publishedAt: v.published_at.toISOString(),
      publishedBy: v.published_by_name,
    })),
  };
}

function translateLandSlug(error: unknown, slug: string): never {
  if (pgErrorCode(error) === '23505' && pgConstraint(error)?.includes('slug'))
    throw new AppError('CATALOG_SLUG_TAKEN', { slug }, [{ path: '/content/slug', code: 'taken' }]);
  throw error;
}

/** A new Land service, published as version 1. */
export async function createLandService(
  db: Db,
  actor: AuditActor,
  input: { content: ServiceContent; feeFrame: FeeFrame; changeNote?: string | undefined },
  locale: Locale,
  id: string = uuidv7(),
) {
  const content = landContent(input.content, locale);
  const feeFrame = checkedFrame(input.feeFrame, content);
  try {
    await inTransaction(db, (trx) =>
      insertLandService(trx, actor, id, content, feeFrame, input.changeNote?.trim() || null),
    );
  } catch (error) {
    translateLandSlug(error, content.slug);
  }
  return getLandService(db, id);
}

export async function insertLandService(
  trx: Executor,
  actor: AuditActor,
  id: string,
  content: ServiceContent,
  feeFrame: FeeFrame,
  changeNote: string | null,
): Promise<void> {
  await trx
    .insertInto('catalog_land_services')
    .values({
      id,
      slug: content.slug,
      leika_key: content.leikaKey,
      name_de: content.name.de,
      current_version: 1,
    })
    .execute();
  await insertLandVersion(trx, actor, id, 1, content, feeFrame, changeNote);
  await recordAudit(trx, actor, {
    action: 'catalog.land.create',
    resourceType: 'catalog_land_service',
    resourceId: id,
    after: { content, feeFrame },
    authorityId: null,
  });
}

async function insertLandVersion(
  trx: Executor,
  actor: AuditActor,
  id: string,
  version: number,
  content: ServiceContent,
  feeFrame: FeeFrame,
  changeNote: string | null,
) {
  await trx
    .insertInto('catalog_land_versions')
    .values({
      land_service_id: id,
      version,
      content: JSON.stringify(content),
      fee_frame: JSON.stringify(feeFrame),
      change_note: changeNote,
      published_by_user_id: actor.userId,
      published_by_name: actor.username,
    })
    .execute();
}

/**
 * Publishes the next version of a Land service. Every authority that adopted it gets a "Land
 * text changed" item in its draft queue (one open item per service: a later version moves the
 * open item's target); no local text changes here.
 */
export async function publishLandVersion(
  db: Db,
  actor: AuditActor,
  id: string,
  input: {
    content: ServiceContent;
    feeFrame: FeeFrame;
    changeNote?: string | undefined;
    baseVersion: number;
  },
  locale: Locale,
) {
  const content = landContent(input.content, locale);
  const feeFrame = checkedFrame(input.feeFrame, content);
  let reviews = 0;
  try {
    await inTransaction(db, async (trx) => {
      const row = await trx
        .selectFrom('catalog_land_services')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw new AppError('CATALOG_LAND_NOT_FOUND');
      if (row.current_version !== input.baseVersion) throw new AppError('CATALOG_LAND_STALE');
      const before = await landVersion(trx, id, row.current_version);
      if (sameValue(before.content, content) && sameValue(before.feeFrame, feeFrame))
        throw new AppError('CATALOG_LAND_UNCHANGED');
      const version = row.current_version + 1;
      await insertLandVersion(trx, actor, id, version, content, feeFrame, input.changeNote?.trim() || null);
      await trx
        .updateTable('catalog_land_services')
        .set({
          current_version: version,
          slug: content.slug,
          leika_key: content.leikaKey,
          name_de: content.name.de,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      reviews = await queueReviews(trx, id, version);
      await recordAudit(trx, actor, {
        action: 'catalog.land.publish',
        resourceType: 'catalog_land_service',
        resourceId: id,
        before,
        after: { content, feeFrame },
        details: { version, reviews, changeNote: input.changeNote?.trim() || null },
        authorityId: null,
      });
    });
  } catch (error) {
    translateLandSlug(error, content.slug);
  }
  return { ...(await getLandService(db, id)), reviewsQueued: reviews };
}

/** One open review per adopting authority's service, from its adopted version to `version`. */
async function queueReviews(trx: Executor, landServiceId: string, version: number): Promise<number> {
  const adoptions = await trx
    .selectFrom('catalog_land_adoptions')
    .select(['service_id', 'authority_id', 'adopted_version'])
    .where('land_service_id', '=', landServiceId)
    .execute();
  for (const a of adoptions) {
    const open = await trx
      .updateTable('catalog_land_reviews')
      .set({ to_version: version })
      .where('service_id', '=', a.service_id)
      .where('authority_id', '=', a.authority_id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(open.numUpdatedRows) > 0) continue;
    await trx
      .insertInto('catalog_land_reviews')
      .values({
        id: uuidv7(),
        authority_id: a.authority_id,
        service_id: a.service_id,
        land_service_id: landServiceId,
        from_version: a.adopted_version,
        to_version: version,
      })
      .execute();
  }
  return adoptions.length;
}

// ---------------------------------------------------------------------------------------------
// Adoptions (an authority's admin)
// ---------------------------------------------------------------------------------------------

/** The Land catalogue as one authority sees it: which services it follows, at which version. */
export async function listForAuthority(db: Executor, authorityId: string) {
  const land = await listLandServices(db);
  const adoptions = await db
    .selectFrom('catalog_land_adoptions as a')
    .innerJoin('catalog_services as s', (j) =>
      j.onRef('s.id', '=', 'a.service_id').onRef('s.authority_id', '=', 'a.authority_id'),
    )
    .leftJoin('catalog_land_reviews as r', (j) =>
      j.onRef('r.service_id', '=', 'a.service_id').on('r.status', '=', 'open'),
    )
    .select(['a.land_service_id', 'a.service_id', 'a.adopted_version', 's.slug', 'r.id as review_id'])
    .where('a.authority_id', '=', authorityId)
    .execute();
  const byLand = new Map(adoptions.map((a) => [a.land_service_id, a]));
  return land.map((l) => {
    const a = byLand.get(l.id);
    return {
      id: l.id,
      slug: l.slug,
      leikaKey: l.leikaKey,
      name: l.name,
      version: l.version,
      adoption: a
        ? {
            serviceId: a.service_id,
            slug: a.slug,
            adoptedVersion: a.adopted_version,
            openReviewId: a.review_id,
          }
        : null,
    };
  });
}

async function authoritySlug(trx: Executor, authorityId: string): Promise<string> {
  const row = await trx
    .selectFrom('authorities')
    .select('slug')
    .where('id', '=', authorityId)
    .executeTakeFirst();
  if (!row) throw new AppError('CATALOG_LAND_NOT_FOUND');
  return row.slug;
}

/** Addresses are unique per authority (migration 0901): each portal has its own /leistungen/<slug>. */
async function slugFree(trx: Executor, authorityId: string, slug: string): Promise<boolean> {
  const taken = await trx
    .selectFrom('catalog_services')
    .select('id')
    .where('authority_id', '=', authorityId)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return !taken;
}

/**
 * Adopts the current version of a Land service: a local service with the Land's texts (the
 * authority's own address, and contact where given), published at once so citizens see it.
 * Addresses are unique per authority (ADR 27, migration 0901): without a chosen one, the Land's
 * address is used if the authority has no service there yet, else the Land's address with the
 * authority's.
 */
export async function adoptLandService(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  input: {
    landServiceId: string;
    slug?: string | undefined;
    contact?: ServiceContent['contact'] | undefined;
  },
  locale: Locale,
) {
  try {
    return await inTransaction(db, (trx) => adoptInTransaction(trx, actor, authorityId, input, locale));
  } catch (error) {
    // Two adoptions at once (a double click on two servers): the database's unique keys decide.
    if (pgErrorCode(error) === '23505') {
      if (pgConstraint(error)?.includes('slug'))
        throw new AppError('CATALOG_SLUG_TAKEN', { slug: input.slug ?? '' }, [
          { path: '/slug', code: 'taken' },
        ]);
      throw new AppError('CATALOG_LAND_ALREADY_ADOPTED');
    }
    throw error;
  }
}

export async function adoptInTransaction(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  input: {
    landServiceId: string;
    slug?: string | undefined;
    contact?: ServiceContent['contact'] | undefined;
    serviceId?: string;
  },
  locale: Locale,
) {
  const land = await trx
    .selectFrom('catalog_land_services')
    .selectAll()
    .where('id', '=', input.landServiceId)
    .executeTakeFirst();
  if (!land) throw new AppError('CATALOG_LAND_NOT_FOUND');
  const existing = await trx
    .selectFrom('catalog_land_adoptions')
    .select('service_id')
    .where('authority_id', '=', authorityId)
    .where('land_service_id', '=', land.id)
    .executeTakeFirst();
  if (existing)
    throw new AppError('CATALOG_LAND_ALREADY_ADOPTED', {}, [], { serviceId: existing.service_id });
  const version = await landVersion(trx, land.id, land.current_version);
  let slug = input.slug?.trim();
  if (!slug) {
    slug = land.slug;
    if (!(await slugFree(trx, authorityId, slug)))
      slug = `${land.slug}-${await authoritySlug(trx, authorityId)}`.slice(0, 80);
  }
  const content = checkedContent(adoptLandVersion(version, { slug, contact: input.contact }), locale);
  if (!(await slugFree(trx, authorityId, content.slug)))
    throw new AppError('CATALOG_SLUG_TAKEN', { slug: content.slug }, [{ path: '/slug', code: 'taken' }]);
  const serviceId = input.serviceId ?? uuidv7();
  await insertService(trx, actor, authorityId, serviceId, content);
  await publishVersion(
    trx,
    actor,
    { id: serviceId, authority_id: authorityId, draft_revision: 1, published_version: null },
    content,
    `Landesleistung übernommen (Fassung ${land.current_version})`,
  );
  await trx
    .insertInto('catalog_land_adoptions')
    .values({
      service_id: serviceId,
      authority_id: authorityId,
      land_service_id: land.id,
      adopted_version: land.current_version,
    })
    .execute();
  await recordAudit(trx, actor, {
    action: 'catalog.land.adopt',
    resourceType: 'catalog_service',
    resourceId: serviceId,
    details: { landServiceId: land.id, version: land.current_version, slug: content.slug },
    authorityId,
  });
  return { serviceId, slug: content.slug, adoptedVersion: land.current_version };
}

/**
 * The fee a local text may carry when the service follows the Land: within the frame of the Land
 * version it adopted. Called on every save and publish of a local service (no-op when it follows
 * no Land service).
 */
export async function assertFeeWithinLandFrame(
  trx: Executor,
  authorityId: string,
  serviceId: string,
  content: ServiceContent,
  pointer = '/content/fees',
): Promise<void> {
  const adoption = await trx
    .selectFrom('catalog_land_adoptions')
    .select(['land_service_id', 'adopted_version'])
    .where('service_id', '=', serviceId)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!adoption) return;
  const land = await landVersion(trx, adoption.land_service_id, adoption.adopted_version);
  const problem = checkFeeFrame(content.fees, land.content.fees, land.feeFrame);
  if (problem === 'fee_fixed_by_law')
    throw new AppError('CATALOG_LAND_FEE_FIXED', {}, [{ path: pointer, code: problem }]);
  if (problem === 'fee_outside_frame' && land.feeFrame.kind === 'range')
    throw new AppError(
      'CATALOG_LAND_FEE_OUTSIDE_FRAME',
      { min: (land.feeFrame.minCents / 100).toFixed(2), max: (land.feeFrame.maxCents / 100).toFixed(2) },
      [{ path: pointer, code: problem }],
    );
}

/**
 * For the local editor: which Land service this local service follows, which Land fields it
 * overrides, the fee frame and whether a Land change waits for a decision (null: not adopted).
 */
export async function landInfoFor(
  db: Executor,
  authorityId: string,
  serviceId: string,
  local: ServiceContent | null,
) {
  const adoption = await db
    .selectFrom('catalog_land_adoptions as a')
    .innerJoin('catalog_land_services as l', 'l.id', 'a.land_service_id')
    .leftJoin('catalog_land_reviews as r', (j) =>
      j.onRef('r.service_id', '=', 'a.service_id').on('r.status', '=', 'open'),
    )
    .select(['a.land_service_id', 'a.adopted_version', 'l.current_version', 'r.id as review_id'])
    .where('a.service_id', '=', serviceId)
    .where('a.authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!adoption) return null;
  const adopted = await landVersion(db, adoption.land_service_id, adoption.adopted_version);
  return {
    landServiceId: adoption.land_service_id,
    adoptedVersion: adoption.adopted_version,
    currentVersion: adoption.current_version,
    openReviewId: adoption.review_id,
    feeFrame: adopted.feeFrame,
    overridden: local ? overriddenFields(local, adopted.content) : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Draft queue: "Land text changed"
// ---------------------------------------------------------------------------------------------

export async function listReviews(db: Executor, authorityId: string) {
  const rows = await db
    .selectFrom('catalog_land_reviews as r')
    .innerJoin('catalog_services as s', (j) =>
      j.onRef('s.id', '=', 'r.service_id').onRef('s.authority_id', '=', 'r.authority_id'),
    )
    .innerJoin('catalog_land_services as l', 'l.id', 'r.land_service_id')
    .select(['r.id', 'r.service_id', 'r.from_version', 'r.to_version', 'r.created_at', 's.slug', 'l.name_de'])
    .where('r.authority_id', '=', authorityId)
    .where('r.status', '=', 'open')
    .orderBy('r.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    serviceId: r.service_id,
    slug: r.slug,
    name: r.name_de,
    fromVersion: r.from_version,
    toVersion: r.to_version,
    createdAt: r.created_at.toISOString(),
  }));
}

/** The local text a review is about: the working draft if there is one, else the published text. */
async function localContent(trx: Executor, authorityId: string, serviceId: string) {
  const row = await trx
    .selectFrom('catalog_services')
    .selectAll()
    .where('id', '=', serviceId)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!row) throw new AppError('CATALOG_LAND_REVIEW_NOT_FOUND');
  const published =
    row.published_version === null
      ? null
      : (
          await trx
            .selectFrom('catalog_service_versions')
            .select('content')
            .where('service_id', '=', serviceId)
            .where('version', '=', row.published_version)
            .executeTakeFirstOrThrow()
        ).content;
  return { row, published, draft: row.draft };
}

async function openReview(trx: Executor, authorityId: string, id: string, lock: boolean) {
  let q = trx
    .selectFrom('catalog_land_reviews')
    .selectAll()
    .where('id', '=', id)
    .where('authority_id', '=', authorityId);
  if (lock) q = q.forUpdate();
  const review = await q.executeTakeFirst();
  if (!review) throw new AppError('CATALOG_LAND_REVIEW_NOT_FOUND');
  return review;
}

export async function getReview(db: Executor, authorityId: string, id: string) {
  const review = await openReview(db, authorityId, id, false);
  const local = await localContent(db, authorityId, review.service_id);
  const from = await landVersion(db, review.land_service_id, review.from_version);
  const to = await landVersion(db, review.land_service_id, review.to_version);
  const base = local.published ?? local.draft;
  if (!base) throw new AppError('CATALOG_LAND_REVIEW_NOT_FOUND');
  const notes = await db
    .selectFrom('catalog_land_versions')
    .select(['version', 'change_note'])
    .where('land_service_id', '=', review.land_service_id)
    .where('version', '>', review.from_version)
    .where('version', '<=', review.to_version)
    .orderBy('version')
    .execute();
  return {
    id: review.id,
    status: review.status,
    serviceId: review.service_id,
    slug: base.slug,
    name: to.content.name.de,
    fromVersion: review.from_version,
    toVersion: review.to_version,
    changeNotes: notes
      .filter((n) => n.change_note)
      .map((n) => ({ version: n.version, note: n.change_note! })),
    overridden: overriddenFields(base, from.content),
    changes: landChanges(base, from, to),
    hasDraft: local.draft !== null,
  };
}

/**
 * The admin's decision. `accept`: untouched fields take the new Land text, local overrides stay;
 * the result is published at once (and a pending local draft gets the same treatment, so no one's
 * work is lost). `keep`: the local text stays. Either way the service now follows the new version.
 */
export async function decideReview(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  id: string,
  decision: 'accept' | 'keep',
  locale: Locale,
) {
  return inTransaction(db, async (trx) => {
    const review = await openReview(trx, authorityId, id, true);
    if (review.status !== 'open') throw new AppError('CATALOG_LAND_REVIEW_DECIDED');
    const adoption = await trx
      .selectFrom('catalog_land_adoptions')
      .select('adopted_version')
      .where('service_id', '=', review.service_id)
      .where('authority_id', '=', authorityId)
      .forUpdate()
      .executeTakeFirst();
    if (!adoption) throw new AppError('CATALOG_LAND_REVIEW_NOT_FOUND');
    const from = await landVersion(trx, review.land_service_id, adoption.adopted_version);
    const to = await landVersion(trx, review.land_service_id, review.to_version);
    const local = await localContent(trx, authorityId, review.service_id);
    const apply = (c: ServiceContent) =>
      checkedContent(
        decision === 'accept' ? acceptLandVersion(c, from, to) : keepLocalVersion(c, to),
        locale,
      );

    let publishedVersion: number | null = local.row.published_version;
    if (local.published) {
      const next = apply(local.published);
      if (!sameValue(next, local.published)) {
        publishedVersion = await publishVersion(
          trx,
          actor,
          local.row,
          next,
          `Landesfassung ${review.to_version}: ${decision === 'accept' ? 'übernommen' : 'lokale Fassung behalten'}`,
        );
      }
    }
    if (local.draft) {
      // publishVersion cleared the draft; the editor's pending work comes back, merged the same way.
      const draft = apply(local.draft);
      await trx
        .updateTable('catalog_services')
        .set({
          draft: JSON.stringify(draft),
          draft_revision: local.row.draft_revision + 2,
          updated_at: new Date(),
        })
        .where('id', '=', review.service_id)
        .where('authority_id', '=', authorityId)
        .execute();
    }
    await trx
      .updateTable('catalog_land_adoptions')
      .set({ adopted_version: review.to_version, updated_at: new Date() })
      .where('service_id', '=', review.service_id)
      .where('authority_id', '=', authorityId)
      .execute();
    await trx
      .updateTable('catalog_land_reviews')
      .set({
        status: decision === 'accept' ? 'accepted' : 'kept',
        decided_at: new Date(),
        decided_by: actor.username,
      })
      .where('id', '=', id)
      .where('authority_id', '=', authorityId)
      .execute();
    await recordAudit(trx, actor, {
      action: decision === 'accept' ? 'catalog.land.review_accept' : 'catalog.land.review_keep',
      resourceType: 'catalog_service',
      resourceId: review.service_id,
      details: {
        reviewId: id,
        fromVersion: adoption.adopted_version,
        toVersion: review.to_version,
        publishedVersion,
      },
      authorityId,
    });
    return { status: decision === 'accept' ? ('accepted' as const) : ('kept' as const), publishedVersion };
  });
}

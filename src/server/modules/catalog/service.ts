import { type Selectable, sql } from 'kysely';
import { CONTENT_PROBLEM_MESSAGES, type ServiceContent } from '../../../core/catalog/content';
import { foldText } from '../../../core/catalog/search-text';
import type { CatalogServiceSummary, Channel } from '../../../core/catalog/types';
import { compareText, sortByText } from '../../../core/collation';
import { uuidv7 } from '../../../core/ids';
import type { Locale } from '../../../core/locale';
import type { Db, Executor } from '../../db/database';
import { filterAuthorityId, NO_AUTHORITY } from '../../db/scope';
import { inTransaction, pgConstraint, pgErrorCode } from '../../db/transaction';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { canonicalJson, checkedContent } from './content-check';
import { assertFeeWithinLandFrame, landInfoFor } from './land';
import { refreshPublished } from './published-index';
import type { CatalogPublishedTable } from './tables';

// ---------------------------------------------------------------------------------------------
// Published catalogue: what other modules and the public pages read
// ---------------------------------------------------------------------------------------------

function toSummary(
  row: Pick<Selectable<CatalogPublishedTable>, 'service_id' | 'authority_id' | 'version' | 'content'>,
): CatalogServiceSummary {
  const c = row.content;
  return {
    id: row.service_id,
    authorityId: row.authority_id,
    slug: c.slug,
    leikaKey: c.leikaKey,
    name: c.name,
    shortText: c.shortText,
    channels: c.channels,
    duration: c.duration,
    personalAppearanceRequired: c.personalAppearanceRequired,
    fees: c.fees,
    formKey: c.formKey,
    version: row.version,
  };
}

/**
 * The authority a catalogue read is filtered to: the one asked for (`?authorityId=`) may narrow a
 * read at installation scope, never widen one past the request's own authority — another
 * authority's id in an authority's (or the public) scope finds nothing, as row-level security
 * answers on a server (ADR 27, the application's wall).
 */
export function readAuthority(asked?: string): string | undefined {
  const scoped = filterAuthorityId();
  if (scoped !== undefined && asked !== undefined && asked !== scoped) return NO_AUTHORITY;
  return asked ?? scoped;
}

/** Every published service (of one authority — the one given, else the scope's; offered on one channel, where given), by German name. */
export async function listPublishedServices(
  db: Executor,
  opts: { authorityId?: string; channel?: Channel } = {},
): Promise<CatalogServiceSummary[]> {
  let q = db
    .selectFrom('catalog_published')
    .select(['service_id', 'authority_id', 'version', 'content'])
    .orderBy('name_de');
  const authority = readAuthority(opts.authorityId);
  if (authority) q = q.where('authority_id', '=', authority);
  if (opts.channel) q = q.where(sql<boolean>`${opts.channel} = any(channels)`);
  return sortByText((await q.execute()).map(toSummary), (s) => s.name.de);
}

/**
 * The published services with these ids (unknown or unpublished ids — and those of another
 * authority than the scope's — are left out), in the order asked.
 */
export async function getPublishedServicesByIds(
  db: Executor,
  ids: string[],
  authorityId?: string,
): Promise<CatalogServiceSummary[]> {
  const unique = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (unique.length === 0) return [];
  const authority = readAuthority(authorityId);
  const rows = await db
    .selectFrom('catalog_published')
    .select(['service_id', 'authority_id', 'version', 'content'])
    .where('service_id', 'in', unique)
    .$if(!!authority, (q) => q.where('authority_id', '=', authority!))
    .execute();
  const byId = new Map(rows.map((r) => [r.service_id, toSummary(r)]));
  return unique.map((id) => byId.get(id)).filter((s): s is CatalogServiceSummary => !!s);
}

export async function getPublishedServiceBySlug(
  db: Executor,
  slug: string,
  authorityId?: string,
): Promise<CatalogServiceSummary | undefined> {
  const authority = readAuthority(authorityId);
  const row = await db
    .selectFrom('catalog_published')
    .select(['service_id', 'authority_id', 'version', 'content'])
    .where('slug', '=', slug)
    .$if(!!authority, (q) => q.where('authority_id', '=', authority!))
    .executeTakeFirst();
  return row ? toSummary(row) : undefined;
}

export interface Office {
  authorityName: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string | null;
  email: string | null;
  website: string | null;
}

export interface PublishedService {
  id: string;
  authorityId: string;
  version: number;
  publishedAt: string;
  content: ServiceContent;
  office: Office | null;
}

/** A published service (of the scope's authority) with everything its page shows, and the responsible office. */
export async function getPublishedService(
  db: Executor,
  slugOrId: string,
  authorityId?: string,
): Promise<PublishedService> {
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(slugOrId);
  const authority = readAuthority(authorityId);
  const row = await db
    .selectFrom('catalog_published as p')
    .leftJoin('authorities as a', 'a.id', 'p.authority_id')
    .select([
      'p.service_id',
      'p.authority_id',
      'p.version',
      'p.published_at',
      'p.content',
      'a.name as authority_name',
      'a.street',
      'a.postal_code',
      'a.city',
      'a.phone',
      'a.email',
      'a.website',
    ])
    .where(isId ? 'p.service_id' : 'p.slug', '=', slugOrId)
    .$if(!!authority, (q) => q.where('p.authority_id', '=', authority!))
    .executeTakeFirst();
  if (!row) throw new AppError('CATALOG_SERVICE_NOT_FOUND');
  return {
    id: row.service_id,
    authorityId: row.authority_id,
    version: row.version,
    publishedAt: new Date(row.published_at).toISOString(),
    content: row.content,
    office: row.authority_name
      ? {
          authorityName: row.authority_name,
          street: row.street!,
          postalCode: row.postal_code!,
          city: row.city!,
          phone: row.phone,
          email: row.email,
          website: row.website,
        }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Editing: drafts, publishing, versions, synonyms (coordinator)
// ---------------------------------------------------------------------------------------------

export type EditorStatus = 'draft' | 'published' | 'changed';

export async function listEditorServices(db: Executor, authorityId: string) {
  const rows = await db
    .selectFrom('catalog_services as s')
    .leftJoin('catalog_published as p', 'p.service_id', 's.id')
    .select([
      's.id',
      's.slug',
      's.draft',
      's.draft_revision',
      's.published_version',
      's.updated_at',
      'p.name_de',
    ])
    .where('s.authority_id', '=', authorityId)
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.draft?.name.de ?? r.name_de ?? r.slug,
      status: (r.published_version === null ? 'draft' : r.draft ? 'changed' : 'published') as EditorStatus,
      publishedVersion: r.published_version,
      draftRevision: r.draft_revision,
      updatedAt: new Date(r.updated_at).toISOString(),
    }))
    .sort((a, b) => compareText(a.name, b.name));
}

export async function getEditorService(db: Executor, authorityId: string, id: string) {
  const s = await db
    .selectFrom('catalog_services')
    .selectAll()
    .where('id', '=', id)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!s) throw new AppError('CATALOG_SERVICE_NOT_FOUND');
  const versions = await db
    .selectFrom('catalog_service_versions')
    .select(['version', 'published_at', 'published_by_name', 'change_note', 'content'])
    .where('service_id', '=', id)
    .orderBy('version', 'desc')
    .execute();
  const synonyms = await db
    .selectFrom('catalog_synonyms')
    .select(['id', 'term', 'created_at'])
    .where('service_id', '=', id)
    .orderBy('term')
    .execute();
  const current = versions.find((v) => v.version === s.published_version);
  const land = await landInfoFor(db, authorityId, id, s.draft ?? current?.content ?? null);
  return {
    id: s.id,
    authorityId: s.authority_id,
    slug: s.slug,
    draft: s.draft,
    draftRevision: s.draft_revision,
    draftUpdatedAt: s.draft_updated_at ? new Date(s.draft_updated_at).toISOString() : null,
    draftUpdatedBy: s.draft_updated_by,
    published: current
      ? {
          version: current.version,
          publishedAt: new Date(current.published_at).toISOString(),
          content: current.content,
        }
      : null,
    versions: versions.map((v) => ({
      version: v.version,
      publishedAt: new Date(v.published_at).toISOString(),
      publishedBy: v.published_by_name,
      changeNote: v.change_note,
    })),
    synonyms: synonyms.map((x) => ({
      id: x.id,
      term: x.term,
      createdAt: new Date(x.created_at).toISOString(),
    })),
    land,
  };
}

export async function getVersion(db: Executor, authorityId: string, id: string, version: number) {
  const row = await db
    .selectFrom('catalog_service_versions')
    .select(['version', 'published_at', 'published_by_name', 'change_note', 'content'])
    .where('service_id', '=', id)
    .where('authority_id', '=', authorityId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new AppError('CATALOG_VERSION_NOT_FOUND');
  return {
    version: row.version,
    publishedAt: new Date(row.published_at).toISOString(),
    publishedBy: row.published_by_name,
    changeNote: row.change_note,
    content: row.content,
  };
}

/**
 * Is the slug free for this service (no other service of the authority holds it as draft or
 * published address)? Addresses are per authority: /<portal>/leistungen/<slug> (ADR 27).
 */
export async function assertSlugFree(
  trx: Executor,
  authorityId: string,
  slug: string,
  serviceId: string | null,
): Promise<void> {
  const taken = await trx
    .selectFrom('catalog_services')
    .select('id')
    .where('slug', '=', slug)
    .where('authority_id', '=', authorityId)
    .$if(serviceId !== null, (q) => q.where('id', '<>', serviceId!))
    .unionAll(
      trx
        .selectFrom('catalog_published')
        .select('service_id as id')
        .where('slug', '=', slug)
        .where('authority_id', '=', authorityId)
        .$if(serviceId !== null, (q) => q.where('service_id', '<>', serviceId!)),
    )
    .executeTakeFirst();
  if (taken) throw slugTaken(slug);
}

/** Per-location durations must name locations of the service's own authority. */
export async function assertLocations(
  trx: Executor,
  authorityId: string,
  content: ServiceContent,
  locale: Locale,
  prefix = '/content',
): Promise<void> {
  const ids = Object.keys(content.duration.byLocation ?? {});
  if (ids.length === 0) return;
  const known = new Set(
    (
      await trx
        .selectFrom('locations')
        .select('id')
        .where('authority_id', '=', authorityId)
        .where(
          'id',
          'in',
          ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id)),
        )
        .execute()
    ).map((r) => r.id),
  );
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) {
    throw new AppError(
      'CATALOG_SERVICE_INVALID',
      {},
      unknown.map((id) => ({
        path: `${prefix}/duration/byLocation/${id}`,
        code: 'location_id',
        message: CONTENT_PROBLEM_MESSAGES.location_id[locale],
      })),
    );
  }
}

function slugTaken(slug: string): AppError {
  return new AppError('CATALOG_SLUG_TAKEN', { slug }, [{ path: '/content/slug', code: 'taken' }]);
}

function translateSlugConflict(error: unknown, slug: string): never {
  if (pgErrorCode(error) === '23505' && pgConstraint(error)?.includes('slug')) throw slugTaken(slug);
  throw error;
}

/** Adds a service as a draft; nothing is public until it is published. */
export async function createService(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  input: ServiceContent,
  locale: Locale,
  id: string = uuidv7(),
) {
  const content = checkedContent(input, locale);
  try {
    await inTransaction(db, async (trx) => {
      await assertLocations(trx, authorityId, content, locale);
      if (!(await insertService(trx, actor, authorityId, id, content))) throw new Error('uuidv7 collision');
    });
  } catch (error) {
    translateSlugConflict(error, content.slug);
  }
  return getEditorService(db, authorityId, id);
}

/**
 * Adds a service. Returns false (and adds nothing) when the id is already taken — by a service
 * of another authority, which row-level security does not let this authority see (ADR 27).
 */
export async function insertService(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  id: string,
  content: ServiceContent,
): Promise<boolean> {
  await assertSlugFree(trx, authorityId, content.slug, null);
  const inserted = await trx
    .insertInto('catalog_services')
    .values({
      id,
      authority_id: authorityId,
      slug: content.slug,
      draft: JSON.stringify(content),
      draft_revision: 1,
      draft_updated_at: new Date(),
      draft_updated_by: actor.username,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await recordAudit(trx, actor, {
    action: 'catalog.service.create',
    resourceType: 'catalog_service',
    resourceId: id,
    after: content,
    authorityId,
  });
  return true;
}

async function lockService(trx: Executor, authorityId: string, id: string) {
  const row = await trx
    .selectFrom('catalog_services')
    .selectAll()
    .where('id', '=', id)
    .where('authority_id', '=', authorityId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('CATALOG_SERVICE_NOT_FOUND');
  return row;
}

async function publishedContent(
  trx: Executor,
  id: string,
  version: number | null,
): Promise<ServiceContent | null> {
  if (version === null) return null;
  const row = await trx
    .selectFrom('catalog_service_versions')
    .select('content')
    .where('service_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirstOrThrow();
  return row.content;
}

/** Saves the working draft. `baseRevision` is the revision the editor loaded (0 = none yet). */
export async function saveDraft(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  id: string,
  input: ServiceContent,
  baseRevision: number,
  locale: Locale,
) {
  const content = checkedContent(input, locale);
  try {
    await inTransaction(db, async (trx) => {
      const row = await lockService(trx, authorityId, id);
      if (row.draft_revision !== baseRevision) throw new AppError('CATALOG_DRAFT_STALE');
      await assertLocations(trx, authorityId, content, locale);
      await assertFeeWithinLandFrame(trx, authorityId, id, content);
      await writeDraft(trx, actor, row, content);
    });
  } catch (error) {
    translateSlugConflict(error, content.slug);
  }
  return getEditorService(db, authorityId, id);
}

async function writeDraft(
  trx: Executor,
  actor: AuditActor,
  row: {
    id: string;
    authority_id: string;
    slug: string;
    draft: ServiceContent | null;
    draft_revision: number;
    published_version: number | null;
  },
  content: ServiceContent,
): Promise<void> {
  if (content.slug !== row.slug) await assertSlugFree(trx, row.authority_id, content.slug, row.id);
  const before = row.draft ?? (await publishedContent(trx, row.id, row.published_version));
  await trx
    .updateTable('catalog_services')
    .set({
      draft: JSON.stringify(content),
      draft_revision: row.draft_revision + 1,
      draft_updated_at: new Date(),
      draft_updated_by: actor.username,
      slug: content.slug,
      updated_at: new Date(),
    })
    .where('id', '=', row.id)
    .execute();
  await recordAudit(trx, actor, {
    action: 'catalog.draft.save',
    resourceType: 'catalog_service',
    resourceId: row.id,
    before,
    after: content,
    authorityId: row.authority_id,
  });
}

/** Throws away the draft; a service that was never published goes away with it. */
export async function discardDraft(db: Db, actor: AuditActor, authorityId: string, id: string) {
  return inTransaction(db, async (trx) => {
    const row = await lockService(trx, authorityId, id);
    if (!row.draft) throw new AppError('CATALOG_NO_DRAFT');
    const published = await publishedContent(trx, id, row.published_version);
    if (published) {
      await trx
        .updateTable('catalog_services')
        .set({
          draft: null,
          draft_revision: row.draft_revision + 1,
          draft_updated_at: new Date(),
          draft_updated_by: actor.username,
          slug: published.slug,
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
    } else {
      await trx.deleteFrom('catalog_synonyms').where('service_id', '=', id).execute();
      await trx.deleteFrom('catalog_services').where('id', '=', id).execute();
    }
    await recordAudit(trx, actor, {
      action: 'catalog.draft.discard',
      resourceType: 'catalog_service',
      resourceId: id,
      before: row.draft,
      after: published,
      authorityId,
    });
    return { deleted: !published };
  });
}

/** Publishes the draft as the next version. Earlier versions stay as they were. */
export async function publishService(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  id: string,
  input: { draftRevision: number; changeNote?: string | undefined },
  locale: Locale,
) {
  let slug = '';
  try {
    await inTransaction(db, async (trx) => {
      const row = await lockService(trx, authorityId, id);
      if (!row.draft) throw new AppError('CATALOG_NO_DRAFT');
      if (row.draft_revision !== input.draftRevision) throw new AppError('CATALOG_DRAFT_STALE');
      const content = checkedContent(row.draft, locale);
      slug = content.slug;
      await publishVersion(trx, actor, row, content, input.changeNote?.trim() || null);
    });
  } catch (error) {
    translateSlugConflict(error, slug);
  }
  return getEditorService(db, authorityId, id);
}

export async function publishVersion(
  trx: Executor,
  actor: AuditActor,
  row: { id: string; authority_id: string; draft_revision: number; published_version: number | null },
  content: ServiceContent,
  changeNote: string | null,
): Promise<number> {
  const taken = await trx
    .selectFrom('catalog_published')
    .select('service_id')
    .where('slug', '=', content.slug)
    .where('authority_id', '=', row.authority_id)
    .where('service_id', '<>', row.id)
    .executeTakeFirst();
  if (taken) throw slugTaken(content.slug);
  await assertFeeWithinLandFrame(trx, row.authority_id, row.id, content);
  const before = await publishedContent(trx, row.id, row.published_version);
  const version = (row.published_version ?? 0) + 1;
  await trx
    .insertInto('catalog_service_versions')
    .values({
      service_id: row.id,
      authority_id: row.authority_id,
      version,
      content: JSON.stringify(content),
      change_note: changeNote,
      published_by_user_id: actor.userId,
      published_by_name: actor.username,
    })
    .execute();
  await trx
    .updateTable('catalog_services')
    .set({
      published_version: version,
      draft: null,
      draft_revision: row.draft_revision + 1,
      slug: content.slug,
      updated_at: new Date(),
    })
    .where('id', '=', row.id)
    .execute();
  await refreshPublished(trx, row.id);
  await recordAudit(trx, actor, {
    action: 'catalog.service.publish',
    resourceType: 'catalog_service',
    resourceId: row.id,
    before,
    after: content,
    details: { version, changeNote },
    authorityId: row.authority_id,
  });
  return version;
}

export function sameContent(a: ServiceContent | null, b: ServiceContent | null): boolean {
  return a !== null && b !== null && canonicalJson(a) === canonicalJson(b);
}

// Synonyms -------------------------------------------------------------------------------------

export function normaliseTerm(term: string): string {
  return term.replace(/\s+/g, ' ').trim();
}

export async function addSynonym(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  serviceId: string,
  rawTerm: string,
  locale: Locale,
) {
  const term = normaliseTerm(rawTerm);
  const fold = foldText(term);
  if (term.length < 2 || fold.length < 2) {
    throw new AppError('VALIDATION_FAILED', {}, [
      {
        path: '/term',
        code: 'minLength',
        params: { limit: 2 },
        message:
          locale === 'de'
            ? 'Bitte geben Sie mindestens 2 Buchstaben oder Ziffern ein.'
            : 'Enter at least 2 letters or digits.',
      },
    ]);
  }
  return inTransaction(db, async (trx) => {
    await lockService(trx, authorityId, serviceId);
    return insertSynonym(trx, actor, authorityId, serviceId, term);
  });
}

export async function insertSynonym(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  serviceId: string,
  term: string,
  refresh = true,
) {
  const fold = foldText(term);
  const exists = await trx
    .selectFrom('catalog_synonyms')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('term_fold', '=', fold)
    .executeTakeFirst();
  if (exists) throw new AppError('CATALOG_SYNONYM_EXISTS', { term }, [{ path: '/term', code: 'taken' }]);
  const id = uuidv7();
  await trx
    .insertInto('catalog_synonyms')
    .values({
      id,
      authority_id: authorityId,
      service_id: serviceId,
      term,
      term_fold: fold,
      created_by: actor.username,
    })
    .execute();
  if (refresh) await refreshPublished(trx, serviceId);
  await recordAudit(trx, actor, {
    action: 'catalog.synonym.add',
    resourceType: 'catalog_synonym',
    resourceId: id,
    after: { serviceId, term },
    authorityId,
  });
  return { id, term };
}

export async function removeSynonym(db: Db, actor: AuditActor, authorityId: string, synonymId: string) {
  await inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('catalog_synonyms')
      .selectAll()
      .where('id', '=', synonymId)
      .where('authority_id', '=', authorityId)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND');
    await lockService(trx, authorityId, row.service_id);
    await trx.deleteFrom('catalog_synonyms').where('id', '=', synonymId).execute();
    await refreshPublished(trx, row.service_id);
    await recordAudit(trx, actor, {
      action: 'catalog.synonym.remove',
      resourceType: 'catalog_synonym',
      resourceId: synonymId,
      before: { serviceId: row.service_id, term: row.term },
      authorityId,
    });
  });
}

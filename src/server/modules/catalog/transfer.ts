import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { sql } from 'kysely';
import {
  CONTENT_PROBLEM_MESSAGES,
  type ServiceContent,
  validateServiceContent,
} from '../../../core/catalog/content';
import { feeSentence } from '../../../core/catalog/fee-text';
import { foldText } from '../../../core/catalog/search-text';
import { uuidv7 } from '../../../core/ids';
import type { Locale } from '../../../core/locale';
import type { Db, Executor } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { AppError, type FieldError } from '../../http/errors';
import { fieldMessage } from '../../http/problem';
import { type AuditActor, recordAudit } from '../audit/service';
import { normaliseContent } from './content-check';
import { refreshPublished } from './published-index';
import { type ImportEntry, ImportEntrySchema } from './schemas';
import { insertService, insertSynonym, normaliseTerm, publishVersion, sameContent } from './service';

/**
 * Import and export of the catalogue. The JSON format carries the full descriptions and the
 * synonyms; CSV is the list for spreadsheets. An import is checked entry by entry first and then
 * applied in one transaction: either every entry is taken over or none.
 */
export const EXPORT_FORMAT = 'buergerkoffer.catalog';

export interface CatalogExport {
  format: typeof EXPORT_FORMAT;
  formatVersion: 1;
  exportedAt: string;
  authority: { id: string; name: string };
  services: { id: string; version: number; content: ServiceContent; synonyms: string[] }[];
}

export async function exportCatalog(db: Executor, authorityId: string): Promise<CatalogExport> {
  const authority = await db
    .selectFrom('authorities')
    .select(['id', 'short_name'])
    .where('id', '=', authorityId)
    .executeTakeFirst();
  if (!authority) throw new AppError('AUTHORITY_NOT_FOUND');
  const rows = await db
    .selectFrom('catalog_published')
    .select(['service_id', 'version', 'content', 'synonyms'])
    .where('authority_id', '=', authorityId)
    .orderBy('slug')
    .execute();
  return {
    format: EXPORT_FORMAT,
    formatVersion: 1,
    exportedAt: new Date().toISOString(),
    authority: { id: authority.id, name: authority.short_name },
    services: rows.map((r) => ({
      id: r.service_id,
      version: r.version,
      content: r.content,
      synonyms: r.synonyms,
    })),
  };
}

/** Cells that a spreadsheet would run as a formula get a leading apostrophe. */
function csvCell(value: string | number | boolean | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  'id',
  'slug',
  'leika_key',
  'name_de',
  'name_en',
  'short_text_de',
  'short_text_en',
  'channels',
  'fee',
  'personal_appearance',
  'duration_minutes',
  'form_key',
  'version',
] as const;

/** The list as CSV (semicolon-separated, UTF-8 with BOM, as German spreadsheet programs expect). */
export async function exportCsv(db: Executor, authorityId: string): Promise<string> {
  const data = await exportCatalog(db, authorityId);
  const lines = [CSV_COLUMNS.join(';')];
  for (const s of data.services) {
    const c = s.content;
    lines.push(
      [
        s.id,
        c.slug,
        c.leikaKey,
        c.name.de,
        c.name.en,
        c.shortText.de,
        c.shortText.en,
        c.channels.join(','),
        feeSentence(c.fees, 'de'),
        c.personalAppearanceRequired ? 'ja' : 'nein',
        c.duration.defaultMinutes,
        c.formKey,
        s.version,
      ]
        .map(csvCell)
        .join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// Import ------------------------------------------------------------------------------------------

const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
const addFormats =
  (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;
const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
addFormats(ajv);
const validateEntry = ajv.compile<ImportEntry>(ImportEntrySchema);

export interface ImportEntryProblem {
  index: number;
  /** 1-based number of the entry in the file, as people count. */
  entry: number;
  slug: string | null;
  errors: FieldError[];
}

export interface ImportOutcome {
  created: number;
  updated: number;
  published: number;
  unchanged: number;
}

function shapeErrors(index: number, locale: Locale): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of validateEntry.errors ?? []) {
    let path = `/services/${index}${e.instancePath}`;
    let code = e.keyword;
    const params: Record<string, unknown> = {};
    if (e.keyword === 'required') path = `${path}/${String(e.params.missingProperty)}`;
    if (e.keyword === 'additionalProperties') {
      params.property = e.params.additionalProperty;
      path = `${path}/${String(e.params.additionalProperty)}`;
    }
    if (e.keyword === 'format') code = `format:${String(e.params.format)}`;
    if ('limit' in e.params) params.limit = e.params.limit;
    const key = `${path}|${code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, code, params, message: fieldMessage(code, locale, params) });
  }
  return out;
}

/** Checks every entry (shape, rules, duplicates) and returns the problems of each faulty one. */
export function checkImportEntries(
  raw: unknown[],
  locale: Locale,
): { entries: ImportEntry[]; problems: ImportEntryProblem[] } {
  const entries: ImportEntry[] = [];
  const problems: ImportEntryProblem[] = [];
  const slugs = new Map<string, number>();
  const ids = new Map<string, number>();
  raw.forEach((item, index) => {
    const slugOf = (item as { content?: { slug?: unknown } } | null)?.content?.slug;
    const slug = typeof slugOf === 'string' ? slugOf : null;
    if (!validateEntry(item)) {
      problems.push({ index, entry: index + 1, slug, errors: shapeErrors(index, locale) });
      return;
    }
    const content = normaliseContent(item.content);
    const errors: FieldError[] = validateServiceContent(content).map((p) => ({
      path: `/services/${index}/content${p.path}`,
      code: p.code,
      message: CONTENT_PROBLEM_MESSAGES[p.code][locale],
    }));
    const duplicate = (path: string, other: number) =>
      errors.push({
        path,
        code: 'duplicate',
        params: { entry: other + 1 },
        message:
          locale === 'de'
            ? `Kommt in dieser Datei schon in Eintrag ${other + 1} vor.`
            : `Already used in entry ${other + 1} of this file.`,
      });
    const otherSlug = slugs.get(content.slug);
    if (otherSlug !== undefined) duplicate(`/services/${index}/content/slug`, otherSlug);
    else slugs.set(content.slug, index);
    if (item.id) {
      const otherId = ids.get(item.id.toLowerCase());
      if (otherId !== undefined) duplicate(`/services/${index}/id`, otherId);
      else ids.set(item.id.toLowerCase(), index);
    }
    if (errors.length) problems.push({ index, entry: index + 1, slug: content.slug, errors });
    else entries.push({ ...item, content });
  });
  return { entries, problems };
}

function importInvalid(problems: ImportEntryProblem[]): AppError {
  return new AppError(
    'CATALOG_IMPORT_INVALID',
    { count: problems.length },
    problems.flatMap((p) => p.errors).slice(0, 500),
    { entries: problems.slice(0, 200) },
  );
}

function foreignIdError(index: number, locale: Locale): FieldError {
  return {
    path: `/services/${index}/id`,
    code: 'foreign',
    message:
      locale === 'de'
        ? 'Diese Kennung gehört einer anderen Behörde.'
        : 'This id belongs to another authority.',
  };
}

/**
 * Takes over checked entries inside the caller's transaction. An entry matches an existing
 * service by id, else by slug; it becomes that service's draft, or — with `publish` — its next
 * published version (an entry equal to what is published changes nothing). Synonyms are added.
 */
export async function applyImport(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  entries: ImportEntry[],
  publish: boolean,
  locale: Locale,
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { created: 0, updated: 0, published: 0, unchanged: 0 };
  const problems: ImportEntryProblem[] = [];
  const existing = await trx
    .selectFrom('catalog_services')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .forUpdate()
    .execute();
  const byId = new Map(existing.map((s) => [s.id, s]));
  const bySlug = new Map(existing.map((s) => [s.slug, s]));
  const foreignIds = new Set(
    entries.some((e) => e.id)
      ? (
          await trx
            .selectFrom('catalog_services')
            .select('id')
            .where('authority_id', '<>', authorityId)
            .where(
              'id',
              'in',
              entries.map((e) => e.id).filter((id): id is string => !!id),
            )
            .execute()
        ).map((r) => r.id)
      : [],
  );
  const publishedSlugs = new Map(
    (
      await trx
        .selectFrom('catalog_published')
        .select(['slug', 'service_id'])
        .where('authority_id', '=', authorityId)
        .execute()
    ).map((r) => [r.slug, r.service_id]),
  );
  const allSlugs = new Map(
    (
      await trx
        .selectFrom('catalog_services')
        .select(['slug', 'id'])
        .where('authority_id', '=', authorityId)
        .execute()
    ).map((r) => [r.slug, r.id]),
  );
  const locationIds = new Set(
    (await trx.selectFrom('locations').select('id').where('authority_id', '=', authorityId).execute()).map(
      (r) => r.id,
    ),
  );
  const plans = entries.map((entry, index) => {
    const target =
      (entry.id ? byId.get(entry.id) : undefined) ?? (entry.id ? undefined : bySlug.get(entry.content.slug));
    const id = target?.id ?? entry.id ?? uuidv7();
    const errs: FieldError[] = [];
    if (entry.id && !target && foreignIds.has(entry.id)) errs.push(foreignIdError(index, locale));
    const holder = allSlugs.get(entry.content.slug) ?? publishedSlugs.get(entry.content.slug);
    if (holder && holder !== id) {
      errs.push({
        path: `/services/${index}/content/slug`,
        code: 'taken',
        message:
          locale === 'de'
            ? `Die Adresse „${entry.content.slug}“ gehört schon zu einer anderen Leistung.`
            : `The address "${entry.content.slug}" already belongs to another service.`,
      });
    }
    for (const locationId of Object.keys(entry.content.duration.byLocation ?? {})) {
      if (!locationIds.has(locationId))
        errs.push({
          path: `/services/${index}/content/duration/byLocation/${locationId}`,
          code: 'location_id',
          message: CONTENT_PROBLEM_MESSAGES.location_id[locale],
        });
    }
    if (errs.length) problems.push({ index, entry: index + 1, slug: entry.content.slug, errors: errs });
    return { entry, target, id };
  });
  if (problems.length) throw importInvalid(problems);

  for (const { entry, target, id } of plans) {
    const content = entry.content;
    let row = target;
    if (!row) {
      if (!(await insertService(trx, actor, authorityId, id, content))) {
        // The id is another authority's (invisible to this one under row-level security).
        const index = entries.indexOf(entry);
        throw importInvalid([
          { index, entry: index + 1, slug: content.slug, errors: [foreignIdError(index, locale)] },
        ]);
      }
      outcome.created++;
      row = await trx
        .selectFrom('catalog_services')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    } else {
      const published = row.published_version
        ? (
            await trx
              .selectFrom('catalog_service_versions')
              .select('content')
              .where('service_id', '=', row.id)
              .where('version', '=', row.published_version)
              .executeTakeFirstOrThrow()
          ).content
        : null;
      const current = row.draft ?? published;
      if (sameContent(current, content) && (!publish || sameContent(published, content))) {
        outcome.unchanged++;
        await addSynonyms(trx, actor, authorityId, row.id, entry.synonyms ?? []);
        continue;
      }
      if (!sameContent(row.draft, content)) {
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
          before: current,
          after: content,
          details: { via: 'import' },
          authorityId,
        });
        row = { ...row, draft: content, draft_revision: row.draft_revision + 1 };
      }
      outcome.updated++;
    }
    if (publish) {
      await publishVersion(trx, actor, row, content, 'Import');
      outcome.published++;
    }
    await addSynonyms(trx, actor, authorityId, id, entry.synonyms ?? []);
  }
  // Fresh statistics for the planner after a bulk change (the embedded database has no autovacuum).
  if (entries.length >= 20)
    await sql`analyze catalog_published, catalog_search_words, catalog_vocabulary`.execute(trx);
  await recordAudit(trx, actor, {
    action: 'catalog.import',
    resourceType: 'catalog',
    details: { ...outcome, entries: entries.length, publish },
    authorityId,
  });
  return outcome;
}

async function addSynonyms(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  serviceId: string,
  terms: string[],
) {
  if (terms.length === 0) return;
  const have = new Set(
    (
      await trx
        .selectFrom('catalog_synonyms')
        .select('term_fold')
        .where('service_id', '=', serviceId)
        .execute()
    ).map((r) => r.term_fold),
  );
  let added = false;
  for (const raw of terms) {
    const term = normaliseTerm(raw);
    const fold = foldText(term);
    if (fold.length < 2 || have.has(fold)) continue;
    have.add(fold);
    await insertSynonym(trx, actor, authorityId, serviceId, term, false);
    added = true;
  }
  if (added) await refreshPublished(trx, serviceId);
}

/** Checks a whole import file and applies it in one transaction — all entries or none. */
export async function importCatalog(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  services: unknown[],
  publish: boolean,
  locale: Locale,
): Promise<ImportOutcome> {
  const { entries, problems } = checkImportEntries(services, locale);
  if (problems.length) throw importInvalid(problems);
  return inTransaction(db, (trx) => applyImport(trx, actor, authorityId, entries, publish, locale));
}

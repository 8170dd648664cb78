import { sql } from 'kysely';
import type { ServiceContent } from '../../../core/catalog/content';
import { foldText, indexWords } from '../../../core/catalog/search-text';
import type { Executor } from '../../db/database';

/** The words of a description that full-text search reads with the lowest weight (D). */
function longText(c: ServiceContent): string {
  return [
    c.description,
    c.easyReadText,
    ...c.prerequisites,
    ...c.documents.map((d) => `${d.item} ${d.note ?? ''}`),
    ...c.procedure,
    c.deadlines,
    c.notes,
  ]
    .filter((s): s is string => !!s)
    .join('\n');
}

/**
 * Rewrites the search row of one service from its current published version and its synonyms
 * (or removes it when nothing is published). Runs inside the transaction that changed either.
 *
 * Weights, highest first: A name (German and English), B synonyms, C short text (doc_head);
 * D the rest (doc_body).
 */
export async function refreshPublished(trx: Executor, serviceId: string): Promise<void> {
  const service = await trx
    .selectFrom('catalog_services')
    .select(['authority_id', 'published_version'])
    .where('id', '=', serviceId)
    .executeTakeFirst();
  if (!service?.published_version) {
    await trx.deleteFrom('catalog_published').where('service_id', '=', serviceId).execute();
    return;
  }
  const version = await trx
    .selectFrom('catalog_service_versions')
    .select(['content', 'published_at'])
    .where('service_id', '=', serviceId)
    .where('version', '=', service.published_version)
    .executeTakeFirstOrThrow();
  const synonyms = (
    await trx
      .selectFrom('catalog_synonyms')
      .select('term')
      .where('service_id', '=', serviceId)
      .orderBy('term')
      .execute()
  ).map((r) => r.term);
  const c = version.content;
  const synonymsFold = synonyms.map(foldText);
  const nameFold = foldText(`${c.name.de} ${c.name.en}`);
  const shortFold = foldText(`${c.shortText.de} ${c.shortText.en}`);
  const synonymText = synonyms.join(' ; ');
  await sql`
    insert into catalog_published (
      service_id, authority_id, version, slug, leika_key, name_de, name_en, short_de, short_en, channels,
      content, published_at, synonyms, synonyms_fold, name_fold, short_fold, doc_head, doc_body)
    values (
      ${serviceId}, ${service.authority_id}, ${service.published_version}, ${c.slug}, ${c.leikaKey},
      ${c.name.de}, ${c.name.en}, ${c.shortText.de}, ${c.shortText.en}, ${sql.val(c.channels)}::text[],
      ${JSON.stringify(c)}::jsonb, ${version.published_at}, ${sql.val(synonyms)}::text[],
      ${sql.val(synonymsFold)}::text[], ${nameFold}, ${shortFold},
      setweight(to_tsvector('german', ${c.name.de}), 'A') || setweight(to_tsvector('english', ${c.name.en}), 'A')
        || setweight(to_tsvector('german', ${synonymText}), 'B')
        || setweight(to_tsvector('german', ${c.shortText.de}), 'C')
        || setweight(to_tsvector('english', ${c.shortText.en}), 'C'),
      setweight(to_tsvector('german', ${longText(c)}), 'D'))
    on conflict (service_id) do update set
      authority_id = excluded.authority_id, version = excluded.version, slug = excluded.slug,
      leika_key = excluded.leika_key, name_de = excluded.name_de, name_en = excluded.name_en,
      short_de = excluded.short_de, short_en = excluded.short_en, channels = excluded.channels,
      content = excluded.content, published_at = excluded.published_at, synonyms = excluded.synonyms,
      synonyms_fold = excluded.synonyms_fold, name_fold = excluded.name_fold,
      short_fold = excluded.short_fold, doc_head = excluded.doc_head,
      doc_body = excluded.doc_body
  `.execute(trx);

  const fields: number[] = [];
  const words: string[] = [];
  const add = (field: number, list: string[]) => {
    for (const w of list) {
      fields.push(field);
      words.push(w);
    }
  };
  add(1, indexWords(`${c.name.de} ${c.name.en}`));
  add(2, indexWords(synonyms.join(' ')));
  add(3, indexWords(`${c.shortText.de} ${c.shortText.en}`));
  await trx.deleteFrom('catalog_search_words').where('service_id', '=', serviceId).execute();
  if (words.length) {
    await sql`
      insert into catalog_search_words (service_id, authority_id, field, word)
      select ${serviceId}, ${service.authority_id}, f, w from unnest(${sql.val(fields)}::int2[], ${sql.val(words)}::text[]) as x(f, w)
      on conflict do nothing
    `.execute(trx);
    await sql`insert into catalog_vocabulary (word) select distinct unnest(${sql.val(words)}::text[]) on conflict do nothing`.execute(
      trx,
    );
  }
}

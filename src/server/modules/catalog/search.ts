import { type RawBuilder, sql } from 'kysely';
import {
  foldText,
  hasMatch,
  highlight,
  isStopWord,
  MAX_QUERY_LENGTH,
  type PreparedQuery,
  prepareQuery,
  snippet,
  type TextSegment,
  wordMatches,
} from '../../../core/catalog/search-text';
import type { Channel } from '../../../core/catalog/types';
import type { Locale } from '../../../core/locale';
import type { Db, Executor } from '../../db/database';
import { NO_AUTHORITY } from '../../db/scope';
import { AppError } from '../../http/errors';
import { readAuthority } from './service';
import type { SearchChannel } from './tables';

/**
 * The catalogue search. The query is cleaned and split here (src/core/catalog/search-text.ts);
 * the database function catalog_search() finds candidates through three indexes — German full
 * text (GIN on weighted tsvectors), trigram word similarity of each query word against the
 * vocabulary of folded words of names, synonyms and short texts (GIN gin_trgm_ops), and the
 * editors' synonyms — and ranks them name > synonyms > short text > description (the formula is
 * documented beside the function in migration 0100). Highlighting happens here, on the few rows
 * returned, with the same word matching the user sees.
 */

export interface SearchParams {
  q: string;
  limit?: number | undefined;
  channel?: SearchChannel | undefined;
  authorityId?: string | undefined;
  locale: Locale;
}

export interface SearchResult {
  id: string;
  slug: string;
  name: string;
  shortText: string;
  channels: Channel[];
  score: number;
  highlight: { name: TextSegment[]; shortText: TextSegment[]; snippet: TextSegment[] | null };
  matchedSynonym: string | null;
}

export interface SearchResponse {
  query: string;
  locale: Locale;
  results: SearchResult[];
  tookMs: number;
}

/** Tokens for to_tsquery: letters and digits only (prepareQuery guarantees it), prefix-matched. */
function tsQueryText(tokens: string[], op: '|' | '&'): string {
  return tokens.map((t) => (t.length >= 3 ? `${t}:*` : t)).join(` ${op} `);
}

interface Row {
  service_id: string;
  slug: string;
  name_de: string;
  name_en: string;
  short_de: string;
  short_en: string;
  channels: Channel[];
  synonyms: string[];
  description: string;
  score: number;
}

export function prepareOrThrow(q: string): PreparedQuery {
  const prepared = prepareQuery(q);
  if ('problem' in prepared) {
    if (prepared.problem === 'too_long')
      throw new AppError('CATALOG_QUERY_TOO_LONG', { max: MAX_QUERY_LENGTH });
    throw new AppError(
      prepared.problem === 'wildcard_only' ? 'CATALOG_QUERY_WILDCARD_ONLY' : 'CATALOG_QUERY_EMPTY',
    );
  }
  return prepared;
}

/** One search in the database: catalog_search() in migration 0100 holds the statement and its ranking. */
export function searchStatement(
  p: PreparedQuery,
  authorityId: string | undefined,
  limit: number,
): RawBuilder<Row> {
  const ftsTokens = p.plainTokens.filter((t) => !isStopWord(foldText(t)));
  const tsOr = ftsTokens.length ? tsQueryText(ftsTokens, '|') : null;
  const tsAnd = ftsTokens.length ? tsQueryText(ftsTokens, '&') : null;
  return sql<Row>`
    select * from catalog_search(${sql.val(p.trigramTokens)}::text[], ${tsOr}::text, ${tsAnd}::text,
      ${p.folded}::text, ${authorityId ?? null}::uuid, ${limit}::int)`;
}

async function findCandidates(
  db: Executor,
  p: PreparedQuery,
  authorityId: string | undefined,
  limit: number,
) {
  return (await searchStatement(p, authorityId, limit).execute(db)).rows;
}

function synonymExplaining(
  row: Row,
  p: PreparedQuery,
  tokens: string[],
  nameMatched: boolean,
): string | null {
  const padded = ` ${p.folded} `;
  let partial: string | null = null;
  for (const term of row.synonyms) {
    const fold = foldText(term);
    if (fold === p.folded) return term;
    if (!partial && padded.includes(` ${fold} `)) partial = term;
  }
  if (partial) return partial;
  if (nameMatched) return null;
  for (const term of row.synonyms) {
    const words = foldText(term).split(' ');
    if (tokens.some((t) => words.some((w) => wordMatches(w, t)))) return term;
  }
  return null;
}

/** Searches the published catalogue; logs the query anonymously when nothing is found. */
export async function searchServices(db: Db, params: SearchParams): Promise<SearchResponse> {
  const started = performance.now();
  const p = prepareOrThrow(params.q);
  const limit = params.limit ?? 10;
  // The scope's authority (a portal's, or the caller's a 115 agent acts for), as every catalogue
  // read: without it, on PGlite a search would find every authority's services (ADR 27).
  const authorityId = readAuthority(params.authorityId);
  const rows = await findCandidates(db, p, authorityId, limit);
  const tokens = [
    ...new Set([...p.trigramTokens, ...p.plainTokens.map(foldText).filter((t) => t.length >= 3)]),
  ];
  const de = params.locale === 'de';
  const results = rows.map((r) => {
    const name = de ? r.name_de : r.name_en;
    const shortText = de ? r.short_de : r.short_en;
    const nameSegs = highlight(name, tokens);
    const shortSegs = highlight(shortText, tokens);
    const inTitle = hasMatch(nameSegs) || hasMatch(shortSegs);
    return {
      id: r.service_id,
      slug: r.slug,
      name,
      shortText,
      channels: r.channels,
      score: Math.round(r.score * 1000) / 1000,
      highlight: {
        name: nameSegs,
        shortText: shortSegs,
        snippet: inTitle ? null : snippet(r.description ?? '', tokens),
      },
      matchedSynonym: synonymExplaining(r, p, tokens, hasMatch(nameSegs)),
    };
  });
  // Nothing to log where the request may read no authority's catalogue (the public scope).
  if (results.length === 0 && authorityId !== NO_AUTHORITY)
    await logMiss(db, p.display, params.channel ?? 'api', authorityId);
  return {
    query: p.display,
    locale: params.locale,
    results,
    tookMs: Math.round((performance.now() - started) * 100) / 100,
  };
}

// Searches without a result -----------------------------------------------------------------------

/** Strips what could identify someone from a stored query: digit runs (dates, numbers) and e-mail addresses. */
export function anonymiseQuery(display: string): string {
  const mask = (m: string) => '#'.repeat(Math.min(m.length, 6));
  return display
    .toLowerCase()
    .replace(/\S+@\S+/g, '…@…')
    .replace(/\d[\d.\-/ ]*\d/g, (m) => (m.replace(/\D/g, '').length >= 3 ? mask(m) : m))
    .replace(/\d{3,}/g, mask)
    .slice(0, MAX_QUERY_LENGTH);
}

export const MAX_MISSES_PER_DAY = 2000;
/** Searches without a result are kept this long, then deleted (a daily job). */
export const MISSES_RETENTION_DAYS = 180;

/** Deletes counts of searches without a result older than the retention period. */
export async function purgeOldMisses(db: Db): Promise<number> {
  const r = await sql`
    delete from catalog_search_misses
    where day < (now() at time zone 'Europe/Berlin')::date - ${MISSES_RETENTION_DAYS}::int
  `.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

const defaultAuthority = new WeakMap<object, Promise<string | null>>();

/** The authority a search without authorityId belongs to: the lead municipality. */
function homeAuthority(db: Db): Promise<string | null> {
  let found = defaultAuthority.get(db);
  if (!found) {
    found = db
      .selectFrom('authorities')
      .select('id')
      .orderBy(sql`kind = 'lead_municipality'`, 'desc')
      .orderBy('created_at')
      .executeTakeFirst()
      .then((r) => r?.id ?? null);
    defaultAuthority.set(db, found);
  }
  return found;
}

export async function logMiss(
  db: Db,
  display: string,
  channel: SearchChannel,
  authorityId: string | undefined,
): Promise<void> {
  // Only at installation scope (no portal's authority) is a miss counted for the lead municipality;
  // in the public scope (no portal) it is counted for no one.
  const authority = authorityId ?? (await homeAuthority(db));
  const query = anonymiseQuery(display);
  if (!authority || authority === NO_AUTHORITY || !query) return;
  // At most MAX_MISSES_PER_DAY different queries a day are kept, so that random input cannot
  // fill the table; repeats of a kept query are still counted.
  await sql`
    insert into catalog_search_misses (authority_id, day, channel, query)
    select ${authority}, d.day, ${channel}, ${query}
    from (select (now() at time zone 'Europe/Berlin')::date as day) d
    where (select count(*) from catalog_search_misses m where m.authority_id = ${authority} and m.day = d.day)
      < ${MAX_MISSES_PER_DAY}
    on conflict (authority_id, day, channel, query) do update set count = catalog_search_misses.count + 1
  `
    .execute(db)
    .catch(() => {
      // Statistics must never break a search (e.g. an authority id that does not exist).
    });
}

export async function listMisses(db: Executor, authorityId: string, days: number) {
  const rows = await sql<{ query: string; count: number; last_day: string; channels: string[] }>`
    select query, sum(count)::int as count, max(day)::text as last_day, array_agg(distinct channel) as channels
    from catalog_search_misses
    where authority_id = ${authorityId}
      and day > (now() at time zone 'Europe/Berlin')::date - ${days}::int
    group by query
    order by sum(count) desc, max(day) desc, query
    limit 200
  `.execute(db);
  return rows.rows.map((r) => ({
    query: r.query,
    count: r.count,
    lastDay: r.last_day,
    channels: r.channels,
  }));
}

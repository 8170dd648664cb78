import { type Kysely, sql } from 'kysely';

/**
 * (#12 has 0900–0919.) The catalogue search at state scale: with 50 authorities in one
 * installation, a search for one authority read every authority's matching rows — each matched
 * word's entries in `catalog_search_words` and each full-text match in `catalog_published` — and
 * dropped the other authorities' rows one by one after reading them from the table
 * (bench/tenants: 1.31× the time of a one-authority installation, limit 1.2).
 *
 * Now the authority is part of every index the search reads — (word, authority) for the words,
 * (authority, document) GIN indexes with btree_gin for the full-text and synonym matches — and the
 * search (otherwise unchanged from 0100) asks for the authority as a range — one authority, or at
 * installation scope all of them — which those indexes answer in the function's generic plan.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create extension if not exists btree_gin;
create index catalog_search_words_word_authority
  on catalog_search_words (word, authority_id) include (service_id, field);
drop index catalog_search_words_word;
create index catalog_published_authority_doc_head on catalog_published using gin (authority_id, doc_head) with (fastupdate = off);
create index catalog_published_authority_doc_body on catalog_published using gin (authority_id, doc_body) with (fastupdate = off);
create index catalog_published_authority_synonyms on catalog_published using gin (authority_id, synonyms_fold) with (fastupdate = off);
drop index catalog_published_doc_head;
drop index catalog_published_doc_body;
drop index catalog_published_synonyms;
create or replace function catalog_search(
  p_tokens text[], p_ts_or text, p_ts_and text, p_folded text, p_authority uuid, p_limit integer)
returns table (service_id uuid, slug text, name_de text, name_en text, short_de text, short_en text,
  channels text[], synonyms text[], description text, score double precision)
language plpgsql stable
set plan_cache_mode = force_generic_plan
as $fn$
#variable_conflict use_column
declare
  n integer := greatest(1, coalesce(cardinality(p_tokens), 0));
  tsq_or tsquery := case when p_ts_or is null then null
    else to_tsquery('german', p_ts_or) || to_tsquery('english', p_ts_or) end;
  tsq_and tsquery := case when p_ts_and is null then null else to_tsquery('german', p_ts_and) end;
  padded text := ' ' || p_folded || ' ';
  -- One authority (a portal's, the caller's), or at installation scope every one — as a range, which
  -- each index below (btree, and GIN with btree_gin) answers in the generic plan (migration 0903).
  v_from uuid := coalesce(p_authority, '00000000-0000-0000-0000-000000000000');
  v_to uuid := coalesce(p_authority, 'ffffffff-ffff-ffff-ffff-ffffffffffff');
begin
  return query
  with hits as (
    select t.t, v.word, word_similarity(t.t, v.word) as sim
    from unnest(p_tokens) as t(t) join catalog_vocabulary v on v.word %> t.t
  ),
  -- The services each matched word occurs in, looked up per word in the index ("offset 0" keeps
  -- the planner from hashing the whole word table instead).
  field_best as (
    select w.service_id, h.t, w.field, max(h.sim) as sim
    from hits h
    cross join lateral (
      select sw.service_id, sw.field from catalog_search_words sw
      where sw.word = h.word and sw.authority_id between v_from and v_to
      offset 0
    ) w
    group by w.service_id, h.t, w.field
  ),
  tri as (
    select f.service_id,
      coalesce(sum(f.sim) filter (where f.field = 1), 0) as name_score,
      coalesce(sum(f.sim) filter (where f.field = 2), 0) as syn_score,
      coalesce(sum(f.sim) filter (where f.field = 3), 0) as short_score
    from field_best f group by f.service_id
  ),
  head as (
    select p.service_id, ts_rank('{0.05, 0.2, 0.5, 1.0}', p.doc_head, tsq_or) as rank,
      coalesce(p.doc_head @@ tsq_and, false) as all_terms
    from catalog_published p
    where p.doc_head @@ tsq_or and p.authority_id between v_from and v_to
  ),
  syn as (
    select p.service_id from catalog_published p
    where p.synonyms_fold @> array[p_folded] and p.authority_id between v_from and v_to
  ),
  -- Matches in name, synonyms or short text, with the part of the score that needs no more reading.
  title as (
    select coalesce(tri.service_id, head.service_id) as service_id,
      ((3.0 * coalesce(tri.name_score, 0) + 2.0 * coalesce(tri.syn_score, 0) + coalesce(tri.short_score, 0)) / n
        + 4.0 * coalesce(head.rank, 0)
        + case when head.all_terms then 1.0 else 0 end)::float8 as pre
    from tri full join head on head.service_id = tri.service_id
  ),
  -- Only the best of them go on to the bonuses (a common word like "beantragen" matches hundreds);
  -- an exact synonym always does.
  shortlist as (
    (select title.service_id, title.pre from title order by title.pre desc, title.service_id limit greatest(4 * p_limit, 40))
    union
    select syn.service_id, coalesce((select t.pre from title t where t.service_id = syn.service_id), 0)
    from syn
  ),
  -- Matches only in the long texts rank below every match in a title, so a few are enough.
  body as (
    select p.service_id, 0.2::float8 as pre from catalog_published p
    where p.doc_body @@ tsq_or and p.authority_id between v_from and v_to
      and not exists (select 1 from title where title.service_id = p.service_id)
      and not exists (select 1 from syn where syn.service_id = p.service_id)
    limit p_limit
  ),
  cand as (select * from shortlist union all select * from body),
  scored as (
    select cand.service_id, b.name_de,
      (cand.pre
        + case when b.synonyms_fold @> array[p_folded] then 5.0
            when exists (select 1 from unnest(b.synonyms_fold) s(s)
                         where position(' ' in s.s) > 0 and position(' ' || s.s || ' ' in padded) > 0)
              then 1.5
            else 0 end
        + case when b.name_fold = p_folded then 2.0 when starts_with(b.name_fold, p_folded) then 1.0 else 0 end
      )::float8 as score
    from cand
    cross join lateral (
      select p.name_de, p.name_fold, p.synonyms_fold from catalog_published p
      where p.service_id = cand.service_id offset 0
    ) b
    order by 3 desc, 2
    limit p_limit
  )
  select p.service_id, p.slug, p.name_de, p.name_en, p.short_de, p.short_en, p.channels, p.synonyms,
    p.content->>'description', scored.score
  from scored
  cross join lateral (select * from catalog_published p where p.service_id = scored.service_id offset 0) p
  order by scored.score desc, scored.name_de;
end
$fn$;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
create index catalog_search_words_word on catalog_search_words (word);
drop index catalog_search_words_word_authority;
create index catalog_published_doc_head on catalog_published using gin (doc_head) with (fastupdate = off);
create index catalog_published_doc_body on catalog_published using gin (doc_body) with (fastupdate = off);
create index catalog_published_synonyms on catalog_published using gin (synonyms_fold) with (fastupdate = off);
drop index catalog_published_authority_doc_head;
drop index catalog_published_authority_doc_body;
drop index catalog_published_authority_synonyms;
create or replace function catalog_search(
  p_tokens text[], p_ts_or text, p_ts_and text, p_folded text, p_authority uuid, p_limit integer)
returns table (service_id uuid, slug text, name_de text, name_en text, short_de text, short_en text,
  channels text[], synonyms text[], description text, score double precision)
language plpgsql stable
set plan_cache_mode = force_generic_plan
as $fn$
#variable_conflict use_column
declare
  n integer := greatest(1, coalesce(cardinality(p_tokens), 0));
  tsq_or tsquery := case when p_ts_or is null then null
    else to_tsquery('german', p_ts_or) || to_tsquery('english', p_ts_or) end;
  tsq_and tsquery := case when p_ts_and is null then null else to_tsquery('german', p_ts_and) end;
  padded text := ' ' || p_folded || ' ';
begin
  return query
  with hits as (
    select t.t, v.word, word_similarity(t.t, v.word) as sim
    from unnest(p_tokens) as t(t) join catalog_vocabulary v on v.word %> t.t
  ),
  -- The services each matched word occurs in, looked up per word in the index ("offset 0" keeps
  -- the planner from hashing the whole word table instead).
  field_best as (
    select w.service_id, h.t, w.field, max(h.sim) as sim
    from hits h
    cross join lateral (
      select sw.service_id, sw.field from catalog_search_words sw
      where sw.word = h.word and (p_authority is null or sw.authority_id = p_authority)
      offset 0
    ) w
    group by w.service_id, h.t, w.field
  ),
  tri as (
    select f.service_id,
      coalesce(sum(f.sim) filter (where f.field = 1), 0) as name_score,
      coalesce(sum(f.sim) filter (where f.field = 2), 0) as syn_score,
      coalesce(sum(f.sim) filter (where f.field = 3), 0) as short_score
    from field_best f group by f.service_id
  ),
  head as (
    select p.service_id, ts_rank('{0.05, 0.2, 0.5, 1.0}', p.doc_head, tsq_or) as rank,
      coalesce(p.doc_head @@ tsq_and, false) as all_terms
    from catalog_published p
    where p.doc_head @@ tsq_or and (p_authority is null or p.authority_id = p_authority)
  ),
  syn as (
    select p.service_id from catalog_published p
    where p.synonyms_fold @> array[p_folded] and (p_authority is null or p.authority_id = p_authority)
  ),
  -- Matches in name, synonyms or short text, with the part of the score that needs no more reading.
  title as (
    select coalesce(tri.service_id, head.service_id) as service_id,
      ((3.0 * coalesce(tri.name_score, 0) + 2.0 * coalesce(tri.syn_score, 0) + coalesce(tri.short_score, 0)) / n
        + 4.0 * coalesce(head.rank, 0)
        + case when head.all_terms then 1.0 else 0 end)::float8 as pre
    from tri full join head on head.service_id = tri.service_id
  ),
  -- Only the best of them go on to the bonuses (a common word like "beantragen" matches hundreds);
  -- an exact synonym always does.
  shortlist as (
    (select title.service_id, title.pre from title order by title.pre desc, title.service_id limit greatest(4 * p_limit, 40))
    union
    select syn.service_id, coalesce((select t.pre from title t where t.service_id = syn.service_id), 0)
    from syn
  ),
  -- Matches only in the long texts rank below every match in a title, so a few are enough.
  body as (
    select p.service_id, 0.2::float8 as pre from catalog_published p
    where p.doc_body @@ tsq_or and (p_authority is null or p.authority_id = p_authority)
      and not exists (select 1 from title where title.service_id = p.service_id)
      and not exists (select 1 from syn where syn.service_id = p.service_id)
    limit p_limit
  ),
  cand as (select * from shortlist union all select * from body),
  scored as (
    select cand.service_id, b.name_de,
      (cand.pre
        + case when b.synonyms_fold @> array[p_folded] then 5.0
            when exists (select 1 from unnest(b.synonyms_fold) s(s)
                         where position(' ' in s.s) > 0 and position(' ' || s.s || ' ' in padded) > 0)
              then 1.5
            else 0 end
        + case when b.name_fold = p_folded then 2.0 when starts_with(b.name_fold, p_folded) then 1.0 else 0 end
      )::float8 as score
    from cand
    cross join lateral (
      select p.name_de, p.name_fold, p.synonyms_fold from catalog_published p
      where p.service_id = cand.service_id offset 0
    ) b
    order by 3 desc, 2
    limit p_limit
  )
  select p.service_id, p.slug, p.name_de, p.name_en, p.short_de, p.short_en, p.channels, p.synonyms,
    p.content->>'description', scored.score
  from scored
  cross join lateral (select * from catalog_published p where p.service_id = scored.service_id offset 0) p
  order by scored.score desc, scored.name_de;
end
$fn$;
`.execute(db);
}

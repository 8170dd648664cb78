import { type Kysely, sql } from 'kysely';

/**
 * The service catalogue: services with a working draft, their published versions (immutable),
 * the current published version denormalised for search (German full text + trigrams), the
 * editors' synonyms, and the anonymous log of searches that found nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table catalog_services (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  -- The address the service holds (its draft's, else its published one); unique over all services.
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) between 2 and 80),
  draft jsonb,
  -- Increases with every saved draft; an editor saves and publishes against the revision they saw.
  draft_revision integer not null default 0,
  draft_updated_at timestamptz,
  draft_updated_by text,
  published_version integer check (published_version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (authority_id, id)
);

create table catalog_service_versions (
  service_id uuid not null,
  authority_id uuid not null,
  version integer not null check (version > 0),
  content jsonb not null,
  change_note text check (length(change_note) <= 500),
  published_at timestamptz not null default now(),
  published_by_user_id uuid,
  published_by_name text,
  primary key (service_id, version),
  foreign key (authority_id, service_id) references catalog_services(authority_id, id)
);

-- A published version is a record of what citizens were told: it never changes.
create function catalog_versions_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'published catalogue versions are immutable' using errcode = 'insufficient_privilege';
end $$;
create trigger catalog_versions_no_update before update or delete on catalog_service_versions
  for each row execute function catalog_versions_immutable();
create trigger catalog_versions_no_truncate before truncate on catalog_service_versions
  for each statement execute function catalog_versions_immutable();

-- The current published version of each service, with the columns the search needs.
create table catalog_published (
  service_id uuid primary key,
  authority_id uuid not null,
  version integer not null,
  slug text not null unique,
  leika_key char(14) check (leika_key ~ '^99[0-9]{12}$'),
  name_de text not null,
  name_en text not null,
  short_de text not null,
  short_en text not null,
  channels text[] not null,
  content jsonb not null,
  published_at timestamptz not null,
  synonyms text[] not null default '{}',
  synonyms_fold text[] not null default '{}',
  -- name and short text folded (ae for ä, ss for ß, lower case), for exact and prefix matches
  name_fold text not null,
  short_fold text not null,
  -- German (and English) full text: name A, synonyms B, short text C — small, ranked for every hit;
  doc_head tsvector not null,
  -- description, documents, procedure, notes D — large, only matched, never ranked.
  doc_body tsvector not null,
  foreign key (service_id, version) references catalog_service_versions(service_id, version),
  foreign key (authority_id, service_id) references catalog_services(authority_id, id)
);
create index catalog_published_doc_head on catalog_published using gin (doc_head) with (fastupdate = off);
create index catalog_published_doc_body on catalog_published using gin (doc_body) with (fastupdate = off);
create index catalog_published_synonyms on catalog_published using gin (synonyms_fold) with (fastupdate = off);
create index catalog_published_authority on catalog_published (authority_id);
-- GIN indexes here are written without a pending list (fastupdate = off): the embedded database
-- has no autovacuum to merge one, and every search would scan it linearly.

-- The folded words of each published service's name (field 1), synonyms (2) and short text (3).
-- Typos are matched against the short words of the vocabulary, not against whole texts:
-- trigram similarity of two words is cheap, of a word and a long text is not.
create table catalog_search_words (
  service_id uuid not null references catalog_published(service_id) on delete cascade,
  authority_id uuid not null,
  field smallint not null check (field in (1, 2, 3)),
  word text not null,
  primary key (service_id, field, word)
);
create index catalog_search_words_word on catalog_search_words (word);

-- Every word that occurs in catalog_search_words, once. Derived from published texts only and
-- shared by all authorities (a reference table when distributed); stale words are harmless.
create table catalog_vocabulary (
  word text primary key
);
create index catalog_vocabulary_trgm on catalog_vocabulary using gin (word gin_trgm_ops) with (fastupdate = off);

-- The search itself (called by src/server/modules/catalog/search.ts, which prepares the words).
-- A function, so that each connection plans its statement once and reuses the plan: planning
-- this query costs more than running it. The generic plan is forced because the plan cache would
-- otherwise keep planning it anew for every call (its cost estimate of the custom plan is lower).
--
-- Ranking: name > synonyms > short text > description —
--   trigram similarity per query word on name, synonyms, short text (3 : 2 : 1, averaged over words)
-- + 4 × full-text rank of name A 1.0, synonyms B 0.5, short text C 0.2
-- + 1 if all words are found there; a match only in the long texts scores 0.2 (matched, not ranked);
--   only the best 40 title matches go on to the bonuses below
-- + 5 if the whole query is an editor's synonym, 1.5 if it contains one of several words
-- + 2 if it is the name, 1 if it is the start of the name.
create function catalog_search(
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

create table catalog_synonyms (
  id uuid primary key,
  authority_id uuid not null,
  service_id uuid not null,
  term text not null check (length(term) between 2 and 80),
  term_fold text not null,
  created_at timestamptz not null default now(),
  created_by text,
  unique (service_id, term_fold),
  foreign key (authority_id, service_id) references catalog_services(authority_id, id) on delete cascade
);

-- Searches without a result, counted per day and channel. Nothing about the person: no address,
-- no session, no time of day; long digit runs in the query are masked before it is stored.
create table catalog_search_misses (
  authority_id uuid not null references authorities(id),
  day date not null,
  channel text not null check (channel in ('portal','terminal','hotline','admin','api')),
  query text not null check (length(query) between 1 and 200),
  count integer not null default 1 check (count > 0),
  primary key (authority_id, day, channel, query)
);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop function catalog_search(text[], text, text, text, uuid, integer);
drop table catalog_search_misses;
drop table catalog_synonyms;
drop table catalog_vocabulary;
drop table catalog_search_words;
drop table catalog_published;
drop table catalog_service_versions;
drop function catalog_versions_immutable();
drop table catalog_services;
`.execute(db);
}

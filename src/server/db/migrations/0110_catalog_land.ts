import { type Kysely, sql } from 'kysely';

/**
 * The Land catalogue (#12, ADR 30): services described once for the whole installation (no
 * authority_id, maintained by the operator), their immutable published versions, each
 * authority's adoptions (which Land version its local service follows) and the "Land text
 * changed" review items in each authority's draft queue.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table catalog_land_services (
  id uuid primary key,
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) between 2 and 80),
  leika_key char(14) check (leika_key ~ '^99[0-9]{12}$'),
  name_de text not null,
  current_version integer not null check (current_version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table catalog_land_versions (
  land_service_id uuid not null references catalog_land_services(id),
  version integer not null check (version > 0),
  content jsonb not null,
  fee_frame jsonb not null,
  change_note text check (length(change_note) <= 500),
  published_at timestamptz not null default now(),
  published_by_user_id uuid,
  published_by_name text,
  primary key (land_service_id, version)
);
-- What the Land published stays as it was (the reviews show diffs between versions). No authority
-- owns these rows, so offboarding never deletes them either.
create function catalog_land_versions_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'published Land catalogue versions are immutable' using errcode = 'insufficient_privilege';
end $$;
create trigger catalog_land_versions_no_update before update or delete on catalog_land_versions
  for each row execute function catalog_land_versions_immutable();

-- A local service that follows a Land service. One adoption per Land service and authority.
create table catalog_land_adoptions (
  service_id uuid primary key,
  authority_id uuid not null,
  land_service_id uuid not null references catalog_land_services(id),
  adopted_version integer not null,
  adopted_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (authority_id, land_service_id),
  foreign key (authority_id, service_id) references catalog_services(authority_id, id) on delete cascade,
  foreign key (land_service_id, adopted_version) references catalog_land_versions(land_service_id, version)
);
create index catalog_land_adoptions_land on catalog_land_adoptions (land_service_id);

-- "Land text changed": one open item per adopted service (a later Land version moves its target).
create table catalog_land_reviews (
  id uuid primary key,
  authority_id uuid not null,
  service_id uuid not null,
  land_service_id uuid not null references catalog_land_services(id),
  from_version integer not null,
  to_version integer not null check (to_version > from_version),
  status text not null default 'open' check (status in ('open', 'accepted', 'kept')),
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  decided_by text,
  foreign key (authority_id, service_id) references catalog_services(authority_id, id) on delete cascade
);
create unique index catalog_land_reviews_open on catalog_land_reviews (service_id) where status = 'open';
create index catalog_land_reviews_authority on catalog_land_reviews (authority_id, status);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop table catalog_land_reviews;
drop table catalog_land_adoptions;
drop table catalog_land_versions;
drop function catalog_land_versions_immutable();
drop table catalog_land_services;
`.execute(db);
}

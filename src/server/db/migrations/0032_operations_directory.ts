import { type Kysely, sql } from 'kysely';

/**
 * The official municipality directory (#12): the operator loads Destatis' Gemeindeverzeichnis
 * (GV100AD) once, then picks municipalities by name or key instead of typing them. It is
 * reference data of the whole installation — public, the same for every authority — and so, like
 * the job queue and the audit chain head, it carries no `authority_id` (docs/gv100ad.md).
 *
 * `periodic_runs`: one row per periodic task (`jobs.every`); a process runs a task only after it
 * moved the row's `next_run_at` forward in one statement, so each period runs once across all
 * server processes on one database (ADR 25).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table municipality_directory (
  ags char(8) primary key check (ags ~ '^[0-9]{8}$'),
  ars char(12) not null unique check (ars ~ '^[0-9]{12}$'),
  name text not null,
  text_key char(2) not null,
  association_key char(9) not null,
  association_name text,
  association_text_key char(2),
  district_name text,
  state_name text,
  postal_code char(5),
  postal_code_ambiguous boolean not null default false,
  population integer check (population >= 0),
  area_ha bigint check (area_ha >= 0),
  valid_on date not null,
  loaded_at timestamptz not null default now()
);
create index municipality_directory_name on municipality_directory using gin (lower(name) gin_trgm_ops);
create index municipality_directory_association on municipality_directory (association_key);

create table municipality_directory_loads (
  id uuid primary key,
  file_name text not null,
  encoding text not null check (encoding in ('utf-8','iso-8859-1')),
  valid_on date not null,
  municipalities integer not null check (municipalities >= 0),
  associations integer not null check (associations >= 0),
  skipped_lines integer not null check (skipped_lines >= 0),
  loaded_at timestamptz not null default now(),
  loaded_by uuid references staff_users(id) on delete set null
);

create table periodic_runs (
  name text primary key check (length(name) between 1 and 100),
  next_run_at timestamptz not null,
  last_run_at timestamptz,
  last_runner text
);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table periodic_runs; drop table municipality_directory_loads; drop table municipality_directory;`.execute(
    db,
  );
}

import { type Kysely, sql } from 'kysely';

/**
 * The resident register (Melderegister): dwellings, households, persons with their normalised
 * search columns, residences (main/secondary, move-in/out), blocks, ID documents held, and the
 * registration history.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table register_dwellings (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  municipality_id uuid not null,
  village_id uuid references villages(id),
  street text not null,
  house_number text not null,
  unit text,
  postal_code text not null check (postal_code ~ '^[0-9]{5}$'),
  city text not null,
  kind text not null default 'standard' check (kind in ('standard','care_home','shelter','clinic')),
  street_norm text not null,
  house_number_norm text not null,
  fictitious boolean not null default false,
  created_at timestamptz not null default now(),
  foreign key (authority_id, municipality_id) references municipalities(authority_id, id)
);
create unique index register_dwellings_address on register_dwellings
  (authority_id, municipality_id, street_norm, house_number_norm, coalesce(lower(unit), ''));
create index register_dwellings_street on register_dwellings (authority_id, street_norm text_pattern_ops, house_number_norm);

create table register_households (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  created_at timestamptz not null default now()
);

create table register_persons (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  family_name text not null,
  given_names text not null,
  call_name text,
  birth_name text,
  doctoral_degree text,
  birth_date date not null,
  birth_place text not null,
  sex text not null check (sex in ('female','male','diverse','unspecified')),
  nationalities text[] not null check (cardinality(nationalities) > 0),
  religion text check (religion in ('ev','rk','other_taxed','none')),
  marital_status text not null default 'unknown'
    check (marital_status in ('single','married','civil_partnership','divorced','widowed','unknown')),
  status text not null default 'resident' check (status in ('resident','moved_away','moved_abroad','deceased')),
  deceased_on date,
  household_id uuid references register_households(id),
  family_name_norm text not null,
  given_names_norm text not null,
  search_name text not null,
  fictitious boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index register_persons_birth on register_persons (authority_id, birth_date);
create index register_persons_search_name on register_persons using gin (search_name gin_trgm_ops);
create index register_persons_household on register_persons (household_id);

create table register_residences (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  person_id uuid not null references register_persons(id),
  dwelling_id uuid not null references register_dwellings(id),
  kind text not null check (kind in ('sole','main','secondary')),
  moved_in_on date not null,
  registered_on date not null,
  moved_out_on date,
  deregistered_on date,
  case_id uuid,
  created_at timestamptz not null default now(),
  check (moved_out_on is null or moved_out_on >= moved_in_on)
);
create unique index register_residences_current on register_residences (person_id, dwelling_id) where moved_out_on is null;
create unique index register_residences_one_main on register_residences (person_id) where moved_out_on is null and kind in ('sole','main');
create index register_residences_dwelling on register_residences (dwelling_id) where moved_out_on is null;
create index register_residences_person on register_residences (person_id);

create table register_blocks (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  person_id uuid not null references register_persons(id),
  kind text not null check (kind in ('information_block','religious_community','parties','jubilees','address_books')),
  valid_from date not null,
  valid_until date,
  reason text,
  case_id uuid,
  lifted_on date,
  created_at timestamptz not null default now(),
  check (valid_until is null or valid_until >= valid_from)
);
create unique index register_blocks_active on register_blocks (person_id, kind) where lifted_on is null;

create table register_id_documents (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  person_id uuid not null references register_persons(id),
  kind text not null check (kind in ('id_card','passport','temporary_id_card','temporary_passport')),
  serial_number text,
  issued_on date,
  valid_until date,
  issuing_authority text,
  status text not null check (status in ('applied','valid','expired','lost','invalidated')),
  case_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index register_id_documents_person on register_id_documents (person_id);

create table register_events (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  person_id uuid not null references register_persons(id),
  kind text not null,
  occurred_on date not null,
  details jsonb not null default '{}'::jsonb,
  case_id uuid,
  recorded_by uuid,
  recorded_at timestamptz not null default now()
);
create index register_events_person on register_events (person_id, recorded_at);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table register_events, register_id_documents, register_blocks, register_residences,
    register_persons, register_households, register_dwellings`.execute(db);
}

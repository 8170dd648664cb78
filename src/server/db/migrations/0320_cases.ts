import { type Kysely, sql } from 'kysely';

/**
 * Cases (Vorgänge): one catalogue service for one person, numbered per authority and year,
 * with the kit's local number where it was captured offline; transitions, notes, attachments
 * (content-addressed files) and the documents printed for it with their verification codes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table case_counters (
  authority_id uuid not null references authorities(id),
  year integer not null,
  last_seq integer not null check (last_seq >= 0),
  primary key (authority_id, year)
);

create table cases (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  number text not null,
  number_compact text not null,
  local_number text,
  year integer not null,
  service_id uuid not null,
  service_slug text not null,
  service_name jsonb not null,
  service_version integer not null,
  form_key text not null,
  form_version integer not null,
  person_id uuid references register_persons(id),
  subject_name text not null,
  status text not null check (status in
    ('captured','submitted','in_progress','ready_for_pickup','handed_over','completed','rejected','cancelled')),
  channel text not null check (channel in ('town_hall','kit','terminal','portal','hotline')),
  location_id uuid references locations(id),
  kit_id uuid,
  form_data jsonb not null,
  warnings jsonb not null default '[]'::jsonb,
  result jsonb not null default '{}'::jsonb,
  access_code text not null,
  contact_email text,
  contact_phone text,
  pickup_at text check (pickup_at in ('town_hall','office_day')),
  created_by uuid,
  captured_at timestamptz not null,
  submitted_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  version integer not null default 1,
  unique (authority_id, number),
  unique (authority_id, local_number)
);
create index cases_open on cases (authority_id, updated_at)
  where status in ('captured','submitted','in_progress','ready_for_pickup');
create index cases_person on cases (person_id);
create index cases_number_compact on cases (number_compact);

create table case_transitions (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  case_id uuid not null references cases(id),
  from_status text,
  to_status text not null,
  reason text,
  actor_user_id uuid,
  actor_name text,
  actor_kit_id uuid,
  occurred_at timestamptz not null default now()
);
create index case_transitions_case on case_transitions (case_id, occurred_at);

create table case_notes (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  case_id uuid not null references cases(id),
  author_user_id uuid,
  author_name text not null,
  text text not null check (length(text) between 1 and 4000),
  created_at timestamptz not null default now()
);
create index case_notes_case on case_notes (case_id, created_at);

create table attachments (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  kind text not null check (kind in ('photo','signature','scan')),
  media_type text not null check (media_type in ('image/jpeg','image/png','application/pdf')),
  size_bytes integer not null check (size_bytes > 0),
  width integer,
  height integer,
  created_by uuid,
  kit_id uuid,
  created_at timestamptz not null default now(),
  purged_at timestamptz,
  unique (authority_id, sha256)
);

create table case_attachments (
  case_id uuid not null references cases(id),
  attachment_id uuid not null references attachments(id),
  authority_id uuid not null references authorities(id),
  pointer text not null,
  primary key (case_id, attachment_id, pointer)
);

create table case_documents (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  case_id uuid not null references cases(id),
  payment_id uuid references payments(id),
  kind text not null check (kind in
    ('receipt','registration_confirmation','registration_certificate','application_summary','life_certificate')),
  verification_code text not null unique,
  content jsonb not null,
  issued_at timestamptz not null default now(),
  issued_by uuid,
  revoked_at timestamptz
);
create index case_documents_case on case_documents (case_id);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table case_documents, case_attachments, attachments, case_notes, case_transitions, cases,
    case_counters`.execute(db);
}

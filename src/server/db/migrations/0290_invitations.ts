import { type Kysely, sql } from 'kysely';

/**
 * Invitations before an ID expires (#14):
 *
 * - `invitation_settings`: the authority's opt-in (off unless an admin turns it on) and its own
 *   window in days (null = INVITATION_WINDOW_DAYS).
 * - `invitation_runs`: one row per preparation, with counts only (never names).
 * - `invitation_months`: the monthly run of an authority, at most one per month — the first
 *   server process that inserts the row enqueues it.
 * - `invitations`: what was prepared, at most once per ID document and expiry date (the unique
 *   key makes a rerun, a retry or a second process prepare nothing twice).
 *
 * Person, document and office-day ids carry no foreign keys: this migration sorts before the
 * register (0300); the invitations are removed by their retention period, not by cascade.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table invitation_settings (
  authority_id uuid primary key references authorities(id),
  enabled boolean not null default false,
  window_days integer check (window_days between 14 and 365),
  updated_at timestamptz not null default now(),
  updated_by uuid
);

create table invitation_runs (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  month text not null check (month ~ '^[0-9]{4}-[0-9]{2}$'),
  scheduled boolean not null,
  today date not null,
  window_days integer not null,
  prepared integer not null,
  letters integer not null,
  counts jsonb not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index invitation_runs_recent on invitation_runs (authority_id, started_at desc);

create table invitation_months (
  authority_id uuid not null references authorities(id),
  month text not null,
  created_at timestamptz not null default now(),
  primary key (authority_id, month)
);

create table invitations (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  run_id uuid not null references invitation_runs(id) on delete cascade,
  person_id uuid not null,
  id_document_id uuid not null,
  document_kind text not null check (document_kind in ('id_card','passport')),
  valid_until date not null,
  office_day_id uuid not null,
  channel text not null default 'letter' check (channel in ('letter')),
  created_at timestamptz not null default now(),
  unique (authority_id, id_document_id, valid_until)
);
create index invitations_run on invitations (run_id);
create index invitations_person on invitations (person_id);
`.execute(db);
}

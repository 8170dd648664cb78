import { type Kysely, sql } from 'kysely';

/**
 * Video consultation at the citizens' terminal (#11, ADR 22):
 * - terminals enrolled by a coordinator at a location (pairing code → an httpOnly device cookie);
 * - calls with their metadata only (wait, duration, location, outcome — never content: there is
 *   no column for chat, video or form data);
 * - still images the terminal sent during a call (the files are ordinary attachments, SHA-256);
 * - single-use invitations for a third participant (interpreter, colleague);
 * - clerks' presence on the video page (for "a clerk is available now" across server processes);
 * - office days get a mode: 'video' office days are bookable video hours at a terminal location.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table office_days add column mode text not null default 'in_person' check (mode in ('in_person','video'));

create table video_terminals (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  location_id uuid not null references locations(id),
  name text not null check (length(name) between 1 and 100),
  pairing_code_hash text unique,
  pairing_expires_at timestamptz,
  token_hash text unique,
  paired_at timestamptz,
  last_seen_at timestamptz,
  revoked_at timestamptz,
  created_by uuid references staff_users(id) on delete set null,
  created_at timestamptz not null default now(),
  check ((pairing_code_hash is null) = (pairing_expires_at is null))
);
create index video_terminals_authority on video_terminals (authority_id);

create table video_calls (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  terminal_id uuid not null references video_terminals(id),
  location_id uuid not null references locations(id),
  kind text not null check (kind in ('walk_in','booked')),
  appointment_id uuid references appointments(id) on delete set null,
  locale text not null check (locale in ('de','en')),
  status text not null default 'waiting' check (status in ('waiting','active','ended')),
  token_hash text not null unique,
  token_expires_at timestamptz not null,
  requested_at timestamptz not null default now(),
  accepted_at timestamptz,
  accepted_by uuid references staff_users(id) on delete set null,
  ended_at timestamptz,
  ended_by text check (ended_by in ('terminal','clerk','system')),
  outcome text check (outcome in ('advice','case','abandoned','connection_lost')),
  -- No foreign key: cases (0320) are created after this migration; a case removed by retention
  -- leaves the call's outcome 'case' and a stale id that joins to nothing.
  case_id uuid,
  terminal_seen_at timestamptz not null default now(),
  guests integer not null default 0 check (guests >= 0),
  images integer not null default 0 check (images >= 0),
  check ((status = 'ended') = (ended_at is not null)),
  check ((status = 'ended') = (outcome is not null)),
  check (status = 'waiting' or accepted_at is not null or outcome = 'abandoned'),
  check (kind = 'walk_in' or appointment_id is not null or status = 'ended')
);
-- A terminal holds at most one open call.
create unique index video_calls_open_per_terminal on video_calls (terminal_id) where status <> 'ended';
create index video_calls_open on video_calls (authority_id, status) where status <> 'ended';
create index video_calls_requested on video_calls (authority_id, requested_at);
create unique index video_calls_appointment on video_calls (appointment_id) where status <> 'ended';

create table video_call_images (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  call_id uuid not null references video_calls(id) on delete cascade,
  -- The attachments table (0320) comes later; attachments are never deleted, only purged.
  attachment_id uuid not null,
  created_at timestamptz not null default now(),
  unique (call_id, attachment_id)
);

create table video_invites (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  call_id uuid not null references video_calls(id) on delete cascade,
  guest_kind text not null check (guest_kind in ('interpreter','colleague')),
  token_hash text not null unique,
  expires_at timestamptz not null,
  redeemed_at timestamptz,
  guest_token_hash text unique,
  created_by uuid references staff_users(id) on delete set null,
  created_at timestamptz not null default now(),
  check ((redeemed_at is null) = (guest_token_hash is null))
);

create table video_presence (
  user_id uuid primary key references staff_users(id) on delete cascade,
  authority_id uuid not null references authorities(id),
  seen_at timestamptz not null default now()
);
create index video_presence_authority on video_presence (authority_id, seen_at);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
drop table if exists video_presence;
drop table if exists video_invites;
drop table if exists video_call_images;
drop table if exists video_calls;
drop table if exists video_terminals;
alter table office_days drop column if exists mode;
`.execute(db);
}

import { type Kysely, sql } from 'kysely';

/**
 * Field kits (#6): enrolment and revocation, the applied-commands table that makes every kit
 * command take effect exactly once, the change feed the kits pull from, and finished uploads.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table kits (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  name text not null check (length(name) between 1 and 80),
  prefix text not null check (prefix ~ '^K[A-Z0-9]{1,5}$'),
  municipality_ids uuid[] not null check (cardinality(municipality_ids) > 0),
  location_ids uuid[] not null default '{}',
  status text not null check (status in ('awaiting_pairing','active','revoked')),
  pairing_code_hash text unique,
  pairing_expires_at timestamptz,
  public_key jsonb,
  key_fingerprint text,
  enrolled_at timestamptz,
  enrolled_by uuid references staff_users(id),
  revoked_at timestamptz,
  revoked_by uuid references staff_users(id),
  revoke_reason text,
  last_seq bigint not null default 0 check (last_seq >= 0),
  last_sync_at timestamptz,
  last_seen_at timestamptz,
  last_error text,
  pending_commands integer,
  software_version text,
  clock_offset_ms bigint,
  lock_after_minutes integer not null default 5 check (lock_after_minutes between 1 and 240),
  created_by uuid references staff_users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (authority_id, prefix),
  unique (authority_id, name),
  check (status <> 'active' or public_key is not null)
);

-- One row per kit command, written in the transaction that applied it: a repeat of the command
-- finds it and gets the stored outcome back instead of a second effect.
create table applied_commands (
  command_id uuid primary key,
  authority_id uuid not null references authorities(id),
  kit_id uuid not null references kits(id),
  seq bigint not null check (seq > 0),
  type text not null,
  outcome text not null check (outcome in ('applied','rejected','conflict')),
  result jsonb not null,
  clerk_user_id uuid,
  synced_by uuid references staff_users(id),
  kit_created_at timestamptz,
  applied_at timestamptz not null default now(),
  unique (kit_id, seq)
);
create index applied_commands_kit_outcome on applied_commands (kit_id, outcome);

-- The change feed: one row per record a kit may hold, carrying the version of its last change.
-- Versions come from a sequence drawn under a transaction-scoped advisory lock, so they are handed
-- out in commit order and a reader that sees version n has seen every version below n.
create sequence kit_change_version;
create table kit_changes (
  entity text not null,
  entity_id uuid not null,
  authority_id uuid not null references authorities(id),
  version bigint not null unique,
  scopes text[] not null,
  deleted boolean not null default false,
  changed_at timestamptz not null default now(),
  primary key (entity, entity_id)
);
create index kit_changes_feed on kit_changes (authority_id, version);

-- Attachments a kit uploaded completely (content-addressed by SHA-256; bytes under DATA_DIR).
create table kit_uploads (
  authority_id uuid not null references authorities(id),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  kit_id uuid not null references kits(id),
  size bigint not null check (size > 0),
  mime text not null,
  completed_at timestamptz not null default now(),
  primary key (authority_id, sha256)
);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table kit_uploads; drop table kit_changes; drop sequence kit_change_version;
    drop table applied_commands; drop table kits;`.execute(db);
}

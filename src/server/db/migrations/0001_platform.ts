import { type Kysely, sql } from 'kysely';

/**
 * Platform tables: places (authorities, municipalities, villages, locations), staff identity and
 * sessions, the hash-chained audit log, and the job queue.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create extension if not exists btree_gist;
create extension if not exists pg_trgm;

create table authorities (
  id uuid primary key,
  authority_id uuid not null,
  name text not null,
  short_name text not null,
  kind text not null check (kind in ('lead_municipality','municipality','district','state')),
  ags char(8),
  ars char(12),
  street text not null,
  postal_code text not null,
  city text not null,
  phone text,
  email text,
  website text,
  created_at timestamptz not null default now(),
  check (authority_id = id)
);

create table municipalities (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  name text not null,
  ags char(8) not null unique check (ags ~ '^[0-9]{8}$'),
  ars char(12) check (ars ~ '^[0-9]{12}$'),
  postal_code text not null,
  population integer check (population >= 0),
  population_date date,
  latitude double precision,
  longitude double precision,
  created_at timestamptz not null default now(),
  unique (authority_id, id)
);

create table villages (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  municipality_id uuid not null,
  name text not null,
  kind text not null check (kind in ('core','ortsteil','ortslage')),
  parent_village_id uuid references villages(id),
  slug text not null,
  created_at timestamptz not null default now(),
  foreign key (authority_id, municipality_id) references municipalities(authority_id, id),
  unique (municipality_id, slug)
);

create table locations (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  municipality_id uuid not null,
  village_id uuid references villages(id),
  name text not null,
  slug text not null unique,
  kind text not null check (kind in ('town_hall','village_hall','care_home','community_centre','other')),
  street text not null,
  postal_code text not null,
  city text not null,
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  step_free boolean not null,
  accessibility_notes text,
  opening_notes text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (authority_id, municipality_id) references municipalities(authority_id, id)
);

create table staff_users (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  username text not null,
  display_name text not null,
  email text,
  roles text[] not null check (cardinality(roles) > 0 and roles <@ array['admin','coordinator','clerk','hotline','evaluator','auditor']::text[]),
  password_hash text not null,
  must_change_password boolean not null default true,
  password_changed_at timestamptz,
  totp_secret text,
  totp_enabled boolean not null default false,
  totp_last_step bigint,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index staff_users_username_key on staff_users (lower(username));

create table staff_sessions (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  user_id uuid not null references staff_users(id),
  token_hash text not null unique,
  csrf_token text not null,
  stage text not null check (stage in ('mfa_required','password_change_required','mfa_enrolment_required','active')),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  absolute_expires_at timestamptz not null,
  revoked_at timestamptz,
  user_agent text
);
create index staff_sessions_user on staff_sessions (user_id) where revoked_at is null;

create sequence audit_log_seq;
create table audit_log (
  seq bigint primary key,
  id uuid not null unique,
  authority_id uuid,
  occurred_at timestamptz not null default now(),
  actor_user_id uuid,
  actor_username text,
  actor_role text,
  actor_kit_id uuid,
  action text not null,
  resource_type text not null,
  resource_id text,
  subject_person_id uuid,
  reason text,
  result text not null check (result in ('success','failure','denied')),
  error_code text,
  before jsonb,
  after jsonb,
  details jsonb,
  request_id text,
  prev_hash text not null,
  hash text not null
);
create index audit_log_subject on audit_log (subject_person_id, occurred_at) where subject_person_id is not null;
create index audit_log_actor on audit_log (actor_user_id, occurred_at);
create index audit_log_resource on audit_log (resource_type, resource_id);
create index audit_log_time on audit_log (authority_id, occurred_at);

-- The canonical text of a row that the hash covers. Verification recomputes it with the same function.
create function audit_row_text(r audit_log) returns text language sql immutable as $$
  select concat_ws('|', r.seq::text, r.id::text, coalesce(r.authority_id::text, ''),
    to_char(r.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    coalesce(r.actor_user_id::text, ''), coalesce(r.actor_username, ''), coalesce(r.actor_role, ''),
    coalesce(r.actor_kit_id::text, ''), r.action, r.resource_type, coalesce(r.resource_id, ''),
    coalesce(r.subject_person_id::text, ''), coalesce(r.reason, ''), r.result, coalesce(r.error_code, ''),
    coalesce(r.before::text, ''), coalesce(r.after::text, ''), coalesce(r.details::text, ''),
    coalesce(r.request_id, ''), r.prev_hash)
$$;

-- Chain each new row to the previous one. The advisory lock is held until the inserting
-- transaction ends, so rows are chained one after another in commit order and seq follows it.
create function audit_log_chain() returns trigger language plpgsql as $$
declare
  last_hash text;
begin
  perform pg_advisory_xact_lock(7215470011);
  new.seq := nextval('audit_log_seq');
  select hash into last_hash from audit_log order by seq desc limit 1;
  new.prev_hash := coalesce(last_hash, repeat('0', 64));
  new.occurred_at := date_trunc('microseconds', coalesce(new.occurred_at, now()));
  new.hash := encode(sha256(convert_to(audit_row_text(new), 'UTF8')), 'hex');
  return new;
end $$;
create trigger audit_log_chain before insert on audit_log for each row execute function audit_log_chain();

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_no_update before update or delete on audit_log for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only();

create table seed_runs (
  module text not null,
  kind text not null check (kind in ('reference','demo')),
  applied_at timestamptz not null default now(),
  primary key (module, kind)
);

create table jobs (
  id uuid primary key,
  authority_id uuid references authorities(id),
  type text not null,
  payload jsonb not null default '{}'::jsonb,
  status text not null default 'pending' check (status in ('pending','running','done','failed')),
  run_at timestamptz not null default now(),
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  locked_until timestamptz,
  last_error text,
  dedupe_key text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index jobs_due on jobs (run_at) where status in ('pending','running');
create unique index jobs_dedupe on jobs (dedupe_key) where dedupe_key is not null and status in ('pending','running');
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the platform migration cannot be reverted');
}

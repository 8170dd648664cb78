import { type Kysely, sql } from 'kysely';

/**
 * Office days (Sprechtage), their recurring series, home visits. A series is materialised into
 * office days when it is created; an office day is the row booking locks (DESIGN.md §4).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table office_day_series (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  location_id uuid not null references locations(id),
  rrule text not null,
  first_date date not null,
  last_date date not null,
  start_time text not null check (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  end_time text not null check (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  exdates date[] not null default '{}',
  created_by uuid,
  created_at timestamptz not null default now(),
  check (last_date >= first_date)
);

create table office_days (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  location_id uuid not null references locations(id),
  series_id uuid references office_day_series(id),
  date date not null,
  start_time text not null check (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  end_time text not null check (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  desks integer not null check (desks between 1 and 20),
  kit_id uuid,
  slot_minutes integer not null default 15 check (slot_minutes between 5 and 120),
  changeover_minutes integer not null default 0 check (changeover_minutes between 0 and 60),
  setup_minutes integer not null default 0 check (setup_minutes between 0 and 240),
  teardown_minutes integer not null default 0 check (teardown_minutes between 0 and 240),
  travel_before_minutes integer not null default 0 check (travel_before_minutes between 0 and 480),
  travel_after_minutes integer not null default 0 check (travel_after_minutes between 0 and 480),
  -- null = the catalogue's mobile-capable services; a list overrides that.
  service_ids uuid[],
  status text not null default 'planned' check (status in ('planned','cancelled')),
  cancel_reason text,
  note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index office_days_location_date on office_days (location_id, date);
create index office_days_authority_date on office_days (authority_id, date);
create index office_days_kit_date on office_days (kit_id, date) where kit_id is not null;
create unique index office_days_series_date on office_days (series_id, date) where series_id is not null;

create table home_visits (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  municipality_id uuid not null references municipalities(id),
  village_id uuid references villages(id),
  reference text not null unique,
  service_ids uuid[] not null check (cardinality(service_ids) > 0),
  requester_kind text not null check (requester_kind in ('self','relative','care_home','hotline')),
  requester_name text,
  person_name text not null,
  street text not null,
  postal_code text not null,
  city text not null,
  email text,
  phone text,
  locale text not null default 'de' check (locale in ('de','en')),
  reason text not null,
  status text not null default 'requested' check (status in ('requested','scheduled','done','cancelled','declined')),
  kit_id uuid,
  scheduled_date date,
  window_start timestamptz,
  window_end timestamptz,
  travel_before_minutes integer not null default 0,
  travel_after_minutes integer not null default 0,
  coordinator_note text,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (email is not null or phone is not null),
  check (status <> 'scheduled' or (kit_id is not null and window_start is not null and window_end > window_start))
);
create index home_visits_status on home_visits (authority_id, status, created_at);
create index home_visits_kit_date on home_visits (kit_id, scheduled_date) where kit_id is not null;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table home_visits; drop table office_days; drop table office_day_series;`.execute(db);
}

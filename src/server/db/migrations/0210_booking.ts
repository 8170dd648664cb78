import { type Kysely, sql } from 'kysely';

/**
 * Appointments with holds, the idempotency record of booking requests, the wait-list and the
 * demand for office days. The exclusion constraint makes two active appointments on one desk at
 * overlapping times impossible, whatever the code above it does (DESIGN.md §4).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table appointments (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  office_day_id uuid not null references office_days(id),
  location_id uuid not null references locations(id),
  service_date date not null,
  desk integer not null check (desk >= 1),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- end of the desk's occupation: the appointment plus the office day's changeover
  block_end timestamptz not null,
  during tstzrange generated always as (tstzrange(starts_at, block_end, '[)')) stored,
  status text not null check (status in ('held','booked','attended','no_show','cancelled','expired')),
  hold_expires_at timestamptz,
  booking_number text not null unique,
  manage_token_hash text not null unique,
  service_ids uuid[] not null check (cardinality(service_ids) between 1 and 5),
  duration_minutes integer not null check (duration_minutes > 0),
  name text,
  email text,
  phone text,
  contact_key text,
  locale text not null default 'de' check (locale in ('de','en')),
  channel text not null check (channel in ('portal','terminal','hotline','desk','kit')),
  note text,
  created_by uuid,
  created_at timestamptz not null default now(),
  confirmed_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text check (cancel_reason in ('citizen','staff','office_day_moved','office_day_cancelled','rescheduled')),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at and block_end >= ends_at),
  check (status <> 'held' or hold_expires_at is not null),
  check (status = 'held' or status = 'expired' or email is not null or phone is not null),
  constraint appointments_no_overlap exclude using gist (
    office_day_id with =, desk with =, during with &&
  ) where (status in ('held','booked','attended'))
);
create index appointments_office_day on appointments (office_day_id, status);
create index appointments_contact_day on appointments (contact_key, service_date) where status in ('held','booked');
create index appointments_holds on appointments (hold_expires_at) where status = 'held';
create index appointments_location_date on appointments (location_id, service_date);

create table booking_idempotency (
  key text primary key,
  request_hash text not null,
  appointment_id uuid references appointments(id),
  response jsonb not null,
  created_at timestamptz not null default now()
);
create index booking_idempotency_created on booking_idempotency (created_at);

create table waitlist_entries (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  office_day_id uuid not null references office_days(id),
  service_ids uuid[] not null default '{}',
  email text,
  phone text,
  locale text not null default 'de' check (locale in ('de','en')),
  status text not null default 'waiting' check (status in ('waiting','notified','removed')),
  created_at timestamptz not null default now(),
  notified_at timestamptz,
  check (email is not null or phone is not null)
);
create index waitlist_office_day on waitlist_entries (office_day_id, status, created_at);

create table demand_signals (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  municipality_id uuid not null references municipalities(id),
  village_id uuid not null references villages(id),
  service_ids uuid[] not null default '{}',
  email text,
  phone text,
  locale text not null default 'de' check (locale in ('de','en')),
  note text,
  created_at timestamptz not null default now(),
  announced_at timestamptz
);
create index demand_signals_village on demand_signals (authority_id, village_id, created_at);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table demand_signals; drop table waitlist_entries; drop table booking_idempotency; drop table appointments;`.execute(
    db,
  );
}

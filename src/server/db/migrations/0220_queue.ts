import { type Kysely, sql } from 'kysely';

/**
 * The queue on the day: tickets for checked-in appointments and walk-ins, per-day counters per
 * location, and the calls the waiting-room display shows. "Call next" claims a ticket with
 * FOR UPDATE SKIP LOCKED, so two clerks never call the same person.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create table ticket_counters (
  location_id uuid not null references locations(id),
  service_date date not null,
  prefix text not null,
  last_number integer not null,
  primary key (location_id, service_date, prefix)
);

create table tickets (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  location_id uuid not null references locations(id),
  office_day_id uuid references office_days(id),
  service_date date not null,
  prefix text not null,
  number integer not null check (number > 0),
  code text not null,
  kind text not null check (kind in ('walk_in','appointment')),
  appointment_id uuid unique references appointments(id),
  service_ids uuid[] not null default '{}',
  status text not null default 'waiting' check (status in ('waiting','called','serving','done','no_show','cancelled')),
  sort_at timestamptz not null,
  call_count integer not null default 0,
  desk_label text,
  clerk_id uuid,
  arrived_at timestamptz not null default now(),
  first_called_at timestamptz,
  last_called_at timestamptz,
  served_at timestamptz,
  finished_at timestamptz,
  kit_id uuid,
  kit_ref text unique,
  created_by uuid,
  unique (location_id, service_date, code)
);
create index tickets_waiting on tickets (location_id, service_date, sort_at) where status = 'waiting';
create index tickets_day on tickets (location_id, service_date, status);

create table queue_calls (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  location_id uuid not null references locations(id),
  service_date date not null,
  ticket_id uuid not null references tickets(id),
  code text not null,
  desk_label text not null,
  kind text not null check (kind in ('call','recall')),
  called_by uuid,
  called_at timestamptz not null default now()
);
create index queue_calls_location on queue_calls (location_id, called_at desc);
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table queue_calls; drop table tickets; drop table ticket_counters;`.execute(db);
}

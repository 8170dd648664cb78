import { type Kysely, sql } from 'kysely';

/**
 * Tour planner (#14). Villages get coordinates (WGS 84) so that the planner can measure travel
 * between them and the admin page can draw them; a village without coordinates is not planned
 * (the page says so). `tour_plans` keeps each proposal the coordinator works on and, once
 * accepted, the office days it created — so a second "accept" returns the same days instead of
 * planning them twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table villages
  add column latitude double precision check (latitude between -90 and 90),
  add column longitude double precision check (longitude between -180 and 180),
  add constraint villages_coordinates_paired check ((latitude is null) = (longitude is null));

create table tour_plans (
  id uuid primary key,
  authority_id uuid not null references authorities(id),
  status text not null default 'proposed' check (status in ('proposed','accepted','discarded')),
  first_date date not null,
  weeks integer not null check (weeks between 1 and 12),
  proposal jsonb not null,
  version integer not null default 1,
  office_day_ids uuid[] not null default '{}',
  notified integer not null default 0,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  accepted_at timestamptz,
  accepted_by uuid,
  check ((status = 'accepted') = (accepted_at is not null))
);
create index tour_plans_authority on tour_plans (authority_id, created_at desc);
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the tour planner migration cannot be reverted');
}

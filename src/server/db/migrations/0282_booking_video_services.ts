import { type Kysely, sql } from 'kysely';

/**
 * Video hours (#11, migration 0280) in the booking write path (0251): an office day with mode
 * 'video' and no list of its own offers the authority's terminal services, not its mobile ones —
 * the same rule as offeredServices/defaultChannelOf. The services argument carries a 'terminal'
 * flag beside 'mobile' (booking/write-path.ts servicesArgument).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create or replace function booking_choose_desk(
  d office_days, p_location uuid, p_starts timestamptz, p_minutes integer, p_services jsonb,
  p_now timestamptz, p_except uuid
) returns integer language plpgsql as $$
declare
  missing uuid;
  change interval := make_interval(mins => d.changeover_minutes);
  wanted tstzrange;
  desk integer;
begin
  if d.location_id <> p_location then perform booking_fail('STALE_LOCATION'); end if;
  if d.service_ids is not null then
    select (s->>'id')::uuid into missing from jsonb_array_elements(p_services) s
     where (s->>'id')::uuid <> all(d.service_ids) limit 1;
  else
    select (s->>'id')::uuid into missing from jsonb_array_elements(p_services) s
     where not (case when d.mode = 'video' then coalesce((s->>'terminal')::boolean, false)
                     else (s->>'mobile')::boolean end)
        or (s->>'authorityId')::uuid <> d.authority_id limit 1;
  end if;
  if missing is not null then
    perform booking_fail('SERVICE_NOT_OFFERED', jsonb_build_object('serviceId', missing));
  end if;
  if p_minutes * 60 > extract(epoch from d.ends_at - d.starts_at) then
    perform booking_fail('APPOINTMENT_TOO_LONG', jsonb_build_object('minutes', p_minutes));
  end if;
  if p_starts < d.starts_at
     or mod(extract(epoch from p_starts - d.starts_at) * 1000, d.slot_minutes * 60000) <> 0
     or p_starts + make_interval(mins => p_minutes) > d.ends_at then
    perform booking_fail('SLOT_OUTSIDE_WINDOW');
  end if;
  if p_starts < p_now then perform booking_fail('DATE_IN_PAST'); end if;
  update appointments set status = 'expired', updated_at = p_now
   where office_day_id = d.id and status = 'held' and hold_expires_at <= p_now;
  wanted := tstzrange(p_starts, p_starts + make_interval(mins => p_minutes) + change, '[)');
  select k into desk from generate_series(1, d.desks) k
   where not exists (
     select 1 from appointments a
      where a.office_day_id = d.id and a.desk = k and a.id is distinct from p_except
        and (a.status in ('booked', 'attended') or (a.status = 'held' and a.hold_expires_at > p_now))
        and tstzrange(a.starts_at, a.ends_at + change, '[)') && wanted)
   order by k limit 1;
  if desk is null then perform booking_fail('SLOT_TAKEN'); end if;
  return desk;
end $$;
`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
create or replace function booking_choose_desk(
  d office_days, p_location uuid, p_starts timestamptz, p_minutes integer, p_services jsonb,
  p_now timestamptz, p_except uuid
) returns integer language plpgsql as $$
declare
  missing uuid;
  change interval := make_interval(mins => d.changeover_minutes);
  wanted tstzrange;
  desk integer;
begin
  if d.location_id <> p_location then perform booking_fail('STALE_LOCATION'); end if;
  if d.service_ids is not null then
    select (s->>'id')::uuid into missing from jsonb_array_elements(p_services) s
     where (s->>'id')::uuid <> all(d.service_ids) limit 1;
  else
    select (s->>'id')::uuid into missing from jsonb_array_elements(p_services) s
     where not (s->>'mobile')::boolean or (s->>'authorityId')::uuid <> d.authority_id limit 1;
  end if;
  if missing is not null then
    perform booking_fail('SERVICE_NOT_OFFERED', jsonb_build_object('serviceId', missing));
  end if;
  if p_minutes * 60 > extract(epoch from d.ends_at - d.starts_at) then
    perform booking_fail('APPOINTMENT_TOO_LONG', jsonb_build_object('minutes', p_minutes));
  end if;
  if p_starts < d.starts_at
     or mod(extract(epoch from p_starts - d.starts_at) * 1000, d.slot_minutes * 60000) <> 0
     or p_starts + make_interval(mins => p_minutes) > d.ends_at then
    perform booking_fail('SLOT_OUTSIDE_WINDOW');
  end if;
  if p_starts < p_now then perform booking_fail('DATE_IN_PAST'); end if;
  update appointments set status = 'expired', updated_at = p_now
   where office_day_id = d.id and status = 'held' and hold_expires_at <= p_now;
  wanted := tstzrange(p_starts, p_starts + make_interval(mins => p_minutes) + change, '[)');
  select k into desk from generate_series(1, d.desks) k
   where not exists (
     select 1 from appointments a
      where a.office_day_id = d.id and a.desk = k and a.id is distinct from p_except
        and (a.status in ('booked', 'attended') or (a.status = 'held' and a.hold_expires_at > p_now))
        and tstzrange(a.starts_at, a.ends_at + change, '[)') && wanted)
   order by k limit 1;
  if desk is null then perform booking_fail('SLOT_TAKEN'); end if;
  return desk;
end $$;
`.execute(db);
}

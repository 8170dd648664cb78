import { type Kysely, sql } from 'kysely';

/**
 * The booking write path as functions in the database (ADR 14): a hold, a confirmation and a
 * direct booking are each one call — one round trip, one transaction — that locks the office day,
 * drops expired holds, checks the day, the window and the services, picks a desk, checks the
 * contact's limit, writes the appointment, its mail (rendered later by the send job), its reminder
 * job, the idempotency record and the audit row. The rules are the same as src/core/booking/slots
 * (a property test compares the desk choice with freeDesksAt); the exclusion constraint of 0210
 * stays the last word on double booking.
 *
 * A rule that fails raises 'bk:<ERROR_CODE>' with the error's parameters as JSON in DETAIL; the
 * server turns it into the registered error (booking/write-path.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create function booking_fail(p_code text, p_params jsonb default '{}'::jsonb) returns void
language plpgsql as $$
begin
  raise exception using message = 'bk:' || p_code, detail = p_params::text;
end $$;

-- An instant as JavaScript's toISOString() writes it.
create function booking_iso(p timestamptz) returns text language sql stable as $$
  select to_char(p at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- DESIGN.md §4 step 1: lock the office day; it must be planned, not past, and open for booking.
-- A hold or a booking takes the day's row lock FOR NO KEY UPDATE: one at a time per day (the
-- capacity check), but foreign-key checks (KEY SHARE) pass. A confirmation only reads the day
-- (FOR KEY SHARE, in booking_confirm): it changes no capacity — the hold has the desk — and must only not
-- pass a cancellation or a move of the day, which lock it FOR UPDATE.
create function booking_check_bookable(d office_days, p_now timestamptz, p_cutoff_hours integer)
returns void language plpgsql as $$
begin
  if d.status <> 'planned' then perform booking_fail('OFFICE_DAY_CANCELLED'); end if;
  if d.date < (p_now at time zone 'Europe/Berlin')::date or d.ends_at <= p_now then
    perform booking_fail('DATE_IN_PAST');
  end if;
  if p_now >= d.starts_at - make_interval(hours => p_cutoff_hours) then
    perform booking_fail('BOOKING_CLOSED', jsonb_build_object('hours', p_cutoff_hours));
  end if;
end $$;

create function booking_lock_bookable_day(p_office_day uuid, p_now timestamptz, p_cutoff_hours integer)
returns office_days language plpgsql as $$
declare
  d office_days;
begin
  select * into d from office_days where id = p_office_day for no key update;
  if not found then perform booking_fail('OFFICE_DAY_NOT_FOUND'); end if;
  perform booking_check_bookable(d, p_now, p_cutoff_hours);
  return d;
end $$;

-- With the day locked: the services, the window and the grid, then drop expired holds and pick the
-- lowest free desk, keeping the changeover after every appointment free (freeDesksAt).
-- p_services: the requested services as [{id, authorityId, mobile}] (from the catalogue); offered
-- are the coordinator's list of the day, or else the authority's mobile services (offeredServices).
create function booking_choose_desk(
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

-- Both steps, for a transaction written in TypeScript (moving a booking).
create function booking_reserve(
  p_office_day uuid, p_location uuid, p_starts timestamptz, p_minutes integer, p_services jsonb,
  p_now timestamptz, p_cutoff_hours integer, p_except uuid
) returns jsonb language plpgsql as $$
declare
  d office_days := booking_lock_bookable_day(p_office_day, p_now, p_cutoff_hours);
begin
  return jsonb_build_object(
    'desk', booking_choose_desk(d, p_location, p_starts, p_minutes, p_services, p_now, p_except),
    'authorityId', d.authority_id, 'locationId', d.location_id, 'date', d.date,
    'changeoverMinutes', d.changeover_minutes);
end $$;

-- One contact's bookings on one day are serialised, so two parallel requests cannot both pass.
create function booking_contact_limit(p_key text, p_date date, p_except uuid, p_max integer)
returns void language plpgsql as $$
begin
  perform pg_advisory_xact_lock(hashtextextended('contact:' || p_key || ':' || p_date::text, 0));
  if (select count(*) from appointments
       where contact_key = p_key and service_date = p_date and status = 'booked' and id <> p_except) >= p_max then
    perform booking_fail('CONTACT_LIMIT_REACHED', jsonb_build_object('limit', p_max));
  end if;
end $$;

-- The mail (rendered by the send job) and the reminder job of a booked appointment.
create function booking_notify(
  a appointments, p_template text, p_manage_url text, p_token text, p_reminder_hours integer,
  p_now timestamptz
) returns void language plpgsql as $$
declare
  remind_at timestamptz := a.starts_at - make_interval(hours => p_reminder_hours);
begin
  perform notify_contact(a.email, a.phone, p_template, a.locale,
    jsonb_build_object(
      'appointmentId', a.id, 'bookingNumber', a.booking_number, 'name', a.name, 'status', a.status,
      'startsAt', booking_iso(a.starts_at), 'endsAt', booking_iso(a.ends_at),
      'locationId', a.location_id, 'serviceIds', to_jsonb(a.service_ids), 'locale', a.locale,
      'manageUrl', p_manage_url, 'sequence', floor(extract(epoch from a.updated_at))::bigint),
    a.authority_id, 'appointment', a.id);
  if remind_at > p_now then
    perform job_enqueue('booking.reminder',
      jsonb_build_object('appointmentId', a.id, 'startsAt', booking_iso(a.starts_at), 'token', p_token),
      a.authority_id, remind_at, 5,
      'reminder:' || a.id || ':' || (extract(epoch from a.starts_at) * 1000)::bigint);
  end if;
end $$;

create function booking_audit(a appointments, p_actor jsonb, p_action text) returns void
language plpgsql as $$
begin
  perform audit_record(p_actor, a.authority_id, p_action, 'appointment', a.id::text,
    jsonb_build_object('bookingNumber', a.booking_number, 'officeDayId', a.office_day_id,
      'startsAt', booking_iso(a.starts_at), 'desk', a.desk, 'channel', a.channel));
end $$;

-- The Idempotency-Key: claimed first, so a parallel repeat waits for the original instead of
-- competing for the slot. Returns null when claimed, else the earlier answer (or refuses the key
-- with another body).
create function booking_idempotency_claim(p_key text, p_hash text) returns jsonb
language plpgsql as $$
declare
  earlier booking_idempotency;
  a appointments;
begin
  if p_key is null then return null; end if;
  insert into booking_idempotency (key, request_hash, appointment_id, response)
  values (p_key, p_hash, null, '{}'::jsonb) on conflict (key) do nothing;
  if found then return null; end if;
  select * into earlier from booking_idempotency where key = p_key;
  if earlier.request_hash <> p_hash then perform booking_fail('IDEMPOTENCY_KEY_REUSED'); end if;
  if earlier.response ? 'manageToken' and earlier.response ? 'appointmentId' then
    select * into a from appointments where id = (earlier.response->>'appointmentId')::uuid;
    return jsonb_build_object('replayed', true, 'appointment', to_jsonb(a),
      'manageToken', earlier.response->>'manageToken');
  end if;
  return jsonb_build_object('replayed', true, 'legacy', earlier.response);
end $$;

create function booking_idempotency_store(p_key text, a appointments, p_token text) returns void
language plpgsql as $$
begin
  update booking_idempotency
     set appointment_id = a.id, response = jsonb_build_object('appointmentId', a.id, 'manageToken', p_token)
   where key = p_key;
end $$;

-- A hold: a short claim on a time while the citizen types their details.
create function booking_hold(p jsonb) returns jsonb language plpgsql as $$
declare
  now_ timestamptz := (p->>'now')::timestamptz;
  d office_days := booking_lock_bookable_day((p->>'officeDayId')::uuid, now_, (p->>'cutoffHours')::int);
  starts timestamptz := (p->>'startsAt')::timestamptz;
  minutes integer := (p->>'minutes')::int;
  desk integer;
  a appointments;
begin
  desk := booking_choose_desk(d, (p->>'locationId')::uuid, starts, minutes,
    p->'services', now_, null);
  insert into appointments (id, authority_id, office_day_id, location_id, service_date, desk, starts_at,
    ends_at, block_end, status, hold_expires_at, booking_number, manage_token_hash, service_ids,
    duration_minutes, locale, channel, created_at, updated_at)
  values ((p->>'id')::uuid, d.authority_id, d.id, d.location_id, d.date, desk, starts,
    starts + make_interval(mins => minutes),
    starts + make_interval(mins => minutes + d.changeover_minutes),
    'held', now_ + make_interval(mins => (p->>'holdMinutes')::int), p->>'bookingNumber', p->>'tokenHash',
    array(select (s->>'id')::uuid from jsonb_array_elements(p->'services') s), minutes, p->>'locale', p->>'channel',
    now_, now_)
  returning * into a;
  return to_jsonb(a);
end $$;

-- A direct booking (hotline, desk): reserve, check the contact's limit, book, mail, audit.
create function booking_book_direct(p jsonb) returns jsonb language plpgsql as $$
declare
  now_ timestamptz := (p->>'now')::timestamptz;
  earlier jsonb := booking_idempotency_claim(p->>'idempotencyKey', p->>'requestHash');
  d office_days;
  starts timestamptz := (p->>'startsAt')::timestamptz;
  minutes integer := (p->>'minutes')::int;
  desk integer;
  a appointments;
begin
  if earlier is not null then return earlier; end if;
  d := booking_lock_bookable_day((p->>'officeDayId')::uuid, now_, (p->>'cutoffHours')::int);
  desk := booking_choose_desk(d, (p->>'locationId')::uuid, starts, minutes,
    p->'services', now_, null);
  perform booking_contact_limit(p->'contact'->>'key', d.date, (p->>'id')::uuid, (p->>'maxPerContactPerDay')::int);
  insert into appointments (id, authority_id, office_day_id, location_id, service_date, desk, starts_at,
    ends_at, block_end, status, booking_number, manage_token_hash, service_ids, duration_minutes, name,
    email, phone, contact_key, locale, channel, note, created_by, confirmed_at, created_at, updated_at)
  values ((p->>'id')::uuid, d.authority_id, d.id, d.location_id, d.date, desk, starts,
    starts + make_interval(mins => minutes),
    starts + make_interval(mins => minutes + d.changeover_minutes),
    'booked', p->>'bookingNumber', p->>'tokenHash',
    array(select (s->>'id')::uuid from jsonb_array_elements(p->'services') s), minutes,
    p->'contact'->>'name', p->'contact'->>'email', p->'contact'->>'phone', p->'contact'->>'key',
    p->>'locale', p->>'channel', p->>'note', (p->>'createdBy')::uuid, now_, now_, now_)
  returning * into a;
  perform booking_notify(a, 'booking.confirmation', p->>'manageUrl', p->>'token', (p->>'reminderHours')::int, now_);
  if p->>'idempotencyKey' is not null then perform booking_idempotency_store(p->>'idempotencyKey', a, p->>'token'); end if;
  perform booking_audit(a, p->'actor', 'appointment.book');
  return jsonb_build_object('replayed', false, 'appointment', to_jsonb(a), 'manageToken', p->>'token');
end $$;

-- Confirming a hold: the same row becomes booked (DESIGN.md §4 step 2).
create function booking_confirm(p jsonb) returns jsonb language plpgsql as $$
declare
  now_ timestamptz := (p->>'now')::timestamptz;
  earlier jsonb := booking_idempotency_claim(p->>'idempotencyKey', p->>'requestHash');
  held record;
  d office_days;
  a appointments;
begin
  if earlier is not null then return earlier; end if;
  select id, office_day_id into held from appointments
   where id = (p->>'holdId')::uuid and manage_token_hash = p->>'tokenHash';
  if not found then perform booking_fail('BOOKING_TOKEN_INVALID'); end if;
  select * into d from office_days where id = held.office_day_id for key share;
  select * into a from appointments where id = held.id for update;
  if a.status = 'booked' then
    -- Confirmed before (a repeat without Idempotency-Key): the same booking, no second mail.
    if p->>'idempotencyKey' is not null then perform booking_idempotency_store(p->>'idempotencyKey', a, p->>'token'); end if;
    return jsonb_build_object('replayed', false, 'again', true, 'appointment', to_jsonb(a), 'manageToken', p->>'token');
  end if;
  if a.status <> 'held' or a.hold_expires_at is null or a.hold_expires_at <= now_ then
    perform booking_fail('HOLD_EXPIRED');
  end if;
  perform booking_check_bookable(d, now_, (p->>'cutoffHours')::int);
  perform booking_contact_limit(p->'contact'->>'key', d.date, a.id, (p->>'maxPerContactPerDay')::int);
  update appointments
     set status = 'booked', hold_expires_at = null, name = p->'contact'->>'name',
         email = p->'contact'->>'email', phone = p->'contact'->>'phone', contact_key = p->'contact'->>'key',
         locale = p->>'locale', channel = p->>'channel', note = p->>'note', created_by = (p->>'createdBy')::uuid,
         confirmed_at = now_, updated_at = now_
   where id = a.id
  returning * into a;
  perform booking_notify(a, 'booking.confirmation', p->>'manageUrl', p->>'token', (p->>'reminderHours')::int, now_);
  if p->>'idempotencyKey' is not null then perform booking_idempotency_store(p->>'idempotencyKey', a, p->>'token'); end if;
  perform booking_audit(a, p->'actor', 'appointment.book');
  return jsonb_build_object('replayed', false, 'appointment', to_jsonb(a), 'manageToken', p->>'token');
end $$;

-- The caches of the booking module (places, the published catalogue) hear of changes.
create trigger locations_changed after insert or update or delete or truncate on locations
  for each statement execute function bk_notify_table_change();
create trigger municipalities_changed after insert or update or delete or truncate on municipalities
  for each statement execute function bk_notify_table_change();
create trigger villages_changed after insert or update or delete or truncate on villages
  for each statement execute function bk_notify_table_change();
create trigger catalog_published_changed after insert or update or delete or truncate on catalog_published
  for each statement execute function bk_notify_table_change();
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the booking write path cannot be reverted');
}

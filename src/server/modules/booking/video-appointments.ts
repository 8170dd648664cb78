import { normaliseReference } from '../../../core/booking/contact';
import type { Executor } from '../../db/database';

/**
 * Booked video appointments (#11): a citizen booked a slot in the video hours of a terminal
 * location (an office day with mode 'video') and starts the call at that terminal with the
 * booking number. The video module asks here; it does not read booking's tables itself.
 */
export interface VideoAppointment {
  id: string;
  officeDayId: string;
  startsAt: Date;
  endsAt: Date;
  serviceIds: string[];
}

/** How early before the booked time a call may start, and how late after its end. */
export const VIDEO_APPOINTMENT_EARLY_MINUTES = 30;
export const VIDEO_APPOINTMENT_LATE_MINUTES = 30;

/**
 * The booked video appointment with this number at this location, callable now (from 30 minutes
 * before its time until 30 minutes after its end); null otherwise — whatever the reason, so that
 * a guessed number tells nothing.
 */
export async function findCallableVideoAppointment(
  db: Executor,
  input: { authorityId: string; locationId: string; bookingNumber: string },
  now = new Date(),
): Promise<VideoAppointment | null> {
  const number = normaliseReference(input.bookingNumber, 'T');
  if (!number) return null;
  const row = await db
    .selectFrom('appointments as a')
    .innerJoin('office_days as d', 'd.id', 'a.office_day_id')
    .select(['a.id', 'a.office_day_id', 'a.starts_at', 'a.ends_at', 'a.service_ids'])
    .where('a.booking_number', '=', number)
    .where('a.authority_id', '=', input.authorityId)
    .where('a.location_id', '=', input.locationId)
    .where('a.status', 'in', ['booked', 'attended'])
    .where('d.mode', '=', 'video')
    .where('d.status', '=', 'planned')
    .where('a.starts_at', '<=', new Date(now.getTime() + VIDEO_APPOINTMENT_EARLY_MINUTES * 60_000))
    .where('a.ends_at', '>=', new Date(now.getTime() - VIDEO_APPOINTMENT_LATE_MINUTES * 60_000))
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    officeDayId: row.office_day_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    serviceIds: row.service_ids,
  };
}

/** Times and services of appointments, for the clerks' list of waiting callers (no names). */
export async function videoAppointmentSummaries(
  db: Executor,
  ids: string[],
): Promise<Map<string, { startsAt: Date; serviceIds: string[] }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('appointments')
    .select(['id', 'starts_at', 'service_ids'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { startsAt: r.starts_at, serviceIds: r.service_ids }]));
}

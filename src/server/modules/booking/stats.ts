import { sql } from 'kysely';
import type { Executor } from '../../db/database';

export interface AppointmentFigures {
  byLocation: { locationId: string; booked: number; attended: number; noShows: number; cancelled: number }[];
  byChannel: { channel: string; appointments: number }[];
  byService: { serviceId: string; appointments: number; noShows: number }[];
}

/**
 * Counts of appointments on office days between two local dates, for the evaluation. Only
 * aggregates leave this module: no names, no contacts. Holds that expired are not counted.
 */
export async function appointmentFigures(
  db: Executor,
  authorityId: string,
  from: string,
  to: string,
): Promise<AppointmentFigures> {
  const base = db
    .selectFrom('appointments')
    .where('authority_id', '=', authorityId)
    .where('service_date', '>=', from)
    .where('service_date', '<=', to)
    .where('status', 'in', ['booked', 'attended', 'no_show', 'cancelled']);
  const byLocation = await base
    .select([
      'location_id',
      sql<number>`count(*) filter (where status in ('booked','attended','no_show'))`.as('booked'),
      sql<number>`count(*) filter (where status = 'attended')`.as('attended'),
      sql<number>`count(*) filter (where status = 'no_show')`.as('no_shows'),
      sql<number>`count(*) filter (where status = 'cancelled')`.as('cancelled'),
    ])
    .groupBy('location_id')
    .execute();
  const byChannel = await base
    .where('status', '<>', 'cancelled')
    .select(['channel', sql<number>`count(*)`.as('n')])
    .groupBy('channel')
    .orderBy('channel')
    .execute();
  const byService = await sql<{ service_id: string; n: number; no_shows: number }>`
    select s.service_id, count(*) as n, count(*) filter (where a.status = 'no_show') as no_shows
    from appointments a, unnest(a.service_ids) as s(service_id)
    where a.authority_id = ${authorityId} and a.service_date between ${from} and ${to}
      and a.status in ('booked','attended','no_show')
    group by s.service_id`.execute(db);
  return {
    byLocation: byLocation.map((r) => ({
      locationId: r.location_id,
      booked: Number(r.booked),
      attended: Number(r.attended),
      noShows: Number(r.no_shows),
      cancelled: Number(r.cancelled),
    })),
    byChannel: byChannel.map((r) => ({ channel: r.channel, appointments: Number(r.n) })),
    byService: byService.rows.map((r) => ({
      serviceId: r.service_id,
      appointments: Number(r.n),
      noShows: Number(r.no_shows),
    })),
  };
}

/** Attended appointments per location and day, for the evaluation's chart over time (no personal data). */
export async function attendedPerDay(
  db: Executor,
  authorityId: string,
  from: string,
  to: string,
): Promise<{ locationId: string; date: string; attended: number }[]> {
  const rows = await db
    .selectFrom('appointments')
    .select(['location_id', 'service_date', sql<number>`count(*)`.as('n')])
    .where('authority_id', '=', authorityId)
    .where('service_date', '>=', from)
    .where('service_date', '<=', to)
    .where('status', '=', 'attended')
    .groupBy(['location_id', 'service_date'])
    .execute();
  return rows.map((r) => ({ locationId: r.location_id, date: r.service_date, attended: Number(r.n) }));
}

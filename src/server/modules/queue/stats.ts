import { sql } from 'kysely';
import type { Executor } from '../../db/database';

export interface QueueFigures {
  locationId: string;
  tickets: number;
  served: number;
  noShows: number;
  /** Median minutes from arrival (or check-in) to the first call. */
  waitingMedianMinutes: number | null;
  /** Median minutes from the call being answered to the end of service. */
  serviceMedianMinutes: number | null;
}

/** Waiting and service times per location between two local dates. */
export async function queueFigures(
  db: Executor,
  authorityId: string,
  from: string,
  to: string,
): Promise<QueueFigures[]> {
  const rows = await sql<{
    location_id: string;
    tickets: number;
    served: number;
    no_shows: number;
    waiting: number | null;
    service: number | null;
  }>`
    select location_id,
      count(*) as tickets,
      count(*) filter (where status = 'done') as served,
      count(*) filter (where status = 'no_show') as no_shows,
      percentile_cont(0.5) within group (order by extract(epoch from (first_called_at - arrived_at)) / 60)
        filter (where first_called_at is not null) as waiting,
      percentile_cont(0.5) within group (order by extract(epoch from (finished_at - coalesce(served_at, first_called_at))) / 60)
        filter (where finished_at is not null and status = 'done') as service
    from tickets
    where authority_id = ${authorityId} and service_date between ${from} and ${to} and status <> 'cancelled'
    group by location_id`.execute(db);
  return rows.rows.map((r) => ({
    locationId: r.location_id,
    tickets: Number(r.tickets),
    served: Number(r.served),
    noShows: Number(r.no_shows),
    waitingMedianMinutes: r.waiting === null ? null : Math.round(Number(r.waiting) * 10) / 10,
    serviceMedianMinutes: r.service === null ? null : Math.round(Number(r.service) * 10) / 10,
  }));
}

export interface QueueDay {
  locationId: string;
  date: string;
  /** Tickets served to the end. */
  served: number;
  /**
   * Booked citizens who checked in (and were not marked as no-show) while their appointment is
   * still "booked": they came, so the evaluation counts them as attended (#10).
   */
  checkedIn: number;
}

/** Served tickets and checked-in appointments per location and day, for the evaluation. */
export async function queueDays(
  db: Executor,
  authorityId: string,
  from: string,
  to: string,
): Promise<QueueDay[]> {
  const rows = await sql<{ location_id: string; service_date: string; served: number; checked_in: number }>`
    select t.location_id, t.service_date::text as service_date,
      count(*) filter (where t.status = 'done') as served,
      count(*) filter (where t.appointment_id is not null and t.status <> 'no_show' and a.status = 'booked') as checked_in
    from tickets t left join appointments a on a.id = t.appointment_id
    where t.authority_id = ${authorityId} and t.service_date between ${from} and ${to} and t.status <> 'cancelled'
    group by t.location_id, t.service_date`.execute(db);
  return rows.rows.map((r) => ({
    locationId: r.location_id,
    date: r.service_date,
    served: Number(r.served),
    checkedIn: Number(r.checked_in),
  }));
}

import { sql } from 'kysely';
import { zonedDateTimeToInstant } from '../../../core/time';
import type { Executor } from '../../db/database';

export interface CaseFigures {
  byLocation: { locationId: string | null; cases: number }[];
  byChannel: { channel: string; cases: number }[];
  byService: { serviceId: string; name: { de: string; en: string }; cases: number }[];
}

/** Cases captured between two local dates, counted per place, channel and service (no personal data). */
export async function caseFigures(
  db: Executor,
  authorityId: string,
  from: string,
  to: string,
): Promise<CaseFigures> {
  const start = zonedDateTimeToInstant(from, '00:00');
  const end = new Date(zonedDateTimeToInstant(to, '00:00').getTime() + 86_400_000 + 3_600_000);
  const base = db
    .selectFrom('cases')
    .where('authority_id', '=', authorityId)
    .where('captured_at', '>=', start)
    .where(
      sql<boolean>`captured_at < ${end} and (captured_at at time zone 'Europe/Berlin')::date <= ${to}::date`,
    )
    .where('status', '<>', 'cancelled');
  const byLocation = await base
    .select(['location_id', sql<number>`count(*)`.as('n')])
    .groupBy('location_id')
    .execute();
  const byChannel = await base
    .select(['channel', sql<number>`count(*)`.as('n')])
    .groupBy('channel')
    .orderBy('channel')
    .execute();
  const byService = await base
    .select([
      'service_id',
      sql<{ de: string; en: string }>`max(service_name::text)::jsonb`.as('name'),
      sql<number>`count(*)`.as('n'),
    ])
    .groupBy('service_id')
    .execute();
  return {
    byLocation: byLocation.map((r) => ({ locationId: r.location_id, cases: Number(r.n) })),
    byChannel: byChannel.map((r) => ({ channel: r.channel, cases: Number(r.n) })),
    byService: byService.map((r) => ({ serviceId: r.service_id, name: r.name, cases: Number(r.n) })),
  };
}

/** Cases captured per location and (Berlin) day, for the evaluation's chart over time. */
export async function casesPerDay(
  db: Executor,
  authorityId: string,
  from: string,
  to: string,
): Promise<{ locationId: string | null; date: string; cases: number }[]> {
  const start = zonedDateTimeToInstant(from, '00:00');
  const end = new Date(zonedDateTimeToInstant(to, '00:00').getTime() + 86_400_000 + 3_600_000);
  const rows = await sql<{ location_id: string | null; day: string; n: number }>`
    select location_id, (captured_at at time zone 'Europe/Berlin')::date::text as day, count(*) as n
    from cases
    where authority_id = ${authorityId} and captured_at >= ${start} and captured_at < ${end}
      and (captured_at at time zone 'Europe/Berlin')::date <= ${to}::date and status <> 'cancelled'
    group by 1, 2`.execute(db);
  return rows.rows.map((r) => ({ locationId: r.location_id, date: r.day, cases: Number(r.n) }));
}

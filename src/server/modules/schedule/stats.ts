import { sql } from 'kysely';
import type { Executor } from '../../db/database';

/** Office days held (planned, not cancelled) per location between two local dates. */
export async function officeDayFigures(
  db: Executor,
  authorityId: string,
  from: string,
  to: string,
): Promise<{ locationId: string; officeDays: number }[]> {
  const rows = await db
    .selectFrom('office_days')
    .select(['location_id', sql<number>`count(*)`.as('n')])
    .where('authority_id', '=', authorityId)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .where('status', '=', 'planned')
    .groupBy('location_id')
    .execute();
  return rows.map((r) => ({ locationId: r.location_id, officeDays: Number(r.n) }));
}

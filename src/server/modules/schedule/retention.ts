import { addDays, localDate } from '../../../core/time';
import type { Db } from '../../db/database';
import { recordAudit, SYSTEM_ACTOR } from '../audit/service';

/**
 * Retention of home-visit requests (DESIGN.md §6): `retentionDays` after a visit took place (or
 * after a request was cancelled or declined), the request keeps municipality, village, services,
 * requester kind, status and times — what the figures need — and loses who asked, for whom, the
 * street, contact, the reason (often about health) and the coordinator's note. Open requests are
 * kept. Idempotent; each run that changed something is on record (counts only).
 */
export async function applyHomeVisitRetention(
  db: Db,
  retentionDays: number,
  now = new Date(),
): Promise<number> {
  const cutoff = addDays(localDate(now), -retentionDays);
  const cutoffInstant = new Date(now.getTime() - retentionDays * 86_400_000);
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('home_visits')
      .set({
        requester_name: null,
        person_name: '',
        street: '',
        email: null,
        phone: null,
        reason: '',
        coordinator_note: null,
        anonymised_at: now,
        updated_at: now,
      })
      .where('anonymised_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'done'), eb('scheduled_date', '<', cutoff)]),
          eb.and([eb('status', 'in', ['cancelled', 'declined']), eb('updated_at', '<', cutoffInstant)]),
        ]),
      )
      .executeTakeFirst();
    const count = Number(result.numUpdatedRows ?? 0);
    if (count > 0) {
      await recordAudit(trx, SYSTEM_ACTOR, {
        action: 'schedule.home_visit_retention',
        resourceType: 'home_visit',
        resourceId: null,
        details: { homeVisits: count, before: cutoff, retentionDays },
      });
    }
    return count;
  });
}

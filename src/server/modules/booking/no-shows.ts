import { createHash } from 'node:crypto';
import type { Db, Executor } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';

/**
 * No-shows (#14). Staff record per appointment that the person did not come (at the end of the
 * office day, or once the time is past without check-in; the queue does it for a ticket called in
 * vain). Each no-show is counted under a hash of the contact, and the authority's rule refuses
 * online bookings of a contact with `noShowLimit` no-shows within `noShowMonths` (default 3 in 6;
 * 0 = no limit). Staff at the desk or hotline may still book for such a person.
 */

/** Minutes after the start before an appointment without check-in may be recorded as no-show. */
export const NO_SHOW_GRACE_MINUTES = 15;

export function contactHash(contactKey: string): string {
  return createHash('sha256').update(`bk-no-show:${contactKey}`).digest('hex');
}

/** Counts a no-show of this appointment once (called wherever an appointment becomes a no-show). */
export async function countNoShow(
  trx: Executor,
  row: { id: string; authority_id: string; contact_key: string | null; service_date: string },
): Promise<void> {
  if (!row.contact_key) return;
  await trx
    .insertInto('booking_no_shows')
    .values({
      appointment_id: row.id,
      authority_id: row.authority_id,
      contact_hash: contactHash(row.contact_key),
      service_date: row.service_date,
    })
    .onConflict((oc) => oc.column('appointment_id').doNothing())
    .execute();
}

/** Staff record a no-show; idempotent (a second click answers the same). */
export async function recordNoShow(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  appointmentId: string,
  now = new Date(),
): Promise<{ id: string; status: 'no_show' }> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('appointments')
      .selectAll()
      .where('id', '=', appointmentId)
      .where('authority_id', '=', authorityId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.status === 'held' || row.status === 'expired')
      throw new AppError('APPOINTMENT_NOT_FOUND');
    if (row.status === 'no_show') return { id: row.id, status: 'no_show' as const };
    if (row.status !== 'booked') throw new AppError('BOOKING_NOT_ACTIVE', { status: row.status });
    if (row.starts_at.getTime() + NO_SHOW_GRACE_MINUTES * 60_000 > now.getTime()) {
      throw new AppError('NO_SHOW_TOO_EARLY', { minutes: NO_SHOW_GRACE_MINUTES });
    }
    await trx
      .updateTable('appointments')
      .set({ status: 'no_show', updated_at: now })
      .where('id', '=', row.id)
      .execute();
    await countNoShow(trx, row);
    await recordAudit(
      trx,
      { ...actor, authorityId },
      { action: 'appointment.no-show', resourceType: 'appointment', resourceId: row.id },
    );
    return { id: row.id, status: 'no_show' as const };
  });
}

// The rule at booking time (citizen channels only) is checked by the booking functions in their
// own statement (booking_no_show_check, migration 0640): a contact with too many recent no-shows at
// the authority of the office day (or of the held slot) is refused BOOKING_NO_SHOW_LIMIT. The same
// functions refuse a hold or an office day of another authority than the work's scope (the
// application's wall, ADR 27; booking/write-path.ts passes the scope's authority).

/** Retention: no-show counts older than the longest period a rule may look back (24 months) go. */
export async function purgeNoShows(db: Db, now = new Date()): Promise<number> {
  const rules = await db
    .selectFrom('booking_confirmation_rules')
    .select(['authority_id', 'no_show_months'])
    .execute();
  let deleted = 0;
  const cutoffFor = (months: number) => {
    const d = new Date(now);
    d.setMonth(d.getMonth() - months);
    return d.toISOString().slice(0, 10);
  };
  for (const r of rules) {
    const res = await db
      .deleteFrom('booking_no_shows')
      .where('authority_id', '=', r.authority_id)
      .where('service_date', '<', cutoffFor(r.no_show_months))
      .executeTakeFirst();
    deleted += Number(res.numDeletedRows ?? 0);
  }
  // Authorities without a rule of their own: the default period (6 months).
  const res = await db
    .deleteFrom('booking_no_shows')
    .where('service_date', '<', cutoffFor(6))
    .where('authority_id', 'not in', db.selectFrom('booking_confirmation_rules').select('authority_id'))
    .executeTakeFirst();
  return deleted + Number(res.numDeletedRows ?? 0);
}

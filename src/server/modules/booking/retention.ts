import { addDays, localDate } from '../../../core/time';
import type { Db } from '../../db/database';
import { recordAudit, SYSTEM_ACTOR } from '../audit/service';

/**
 * Retention of booking data (DESIGN.md §6, data minimisation): `retentionDays` after the office
 * day, an appointment keeps place, day, times, services, channel and status — what the figures
 * need — and loses name, email, phone, contact key and note. Waiting-list entries of past days go
 * entirely; a demand signal keeps village and services but loses its contact and note. Idempotent;
 * each run that changed something is on record (counts only).
 */
export interface BookingRetentionResult {
  appointments: number;
  waitlistEntries: number;
  demandSignals: number;
}

export async function applyBookingRetention(
  db: Db,
  retentionDays: number,
  now = new Date(),
): Promise<BookingRetentionResult> {
  const cutoff = addDays(localDate(now), -retentionDays);
  const cutoffInstant = new Date(now.getTime() - retentionDays * 86_400_000);
  return db.transaction().execute(async (trx) => {
    const appointments = await trx
      .updateTable('appointments')
      .set({
        name: null,
        email: null,
        phone: null,
        contact_key: null,
        note: null,
        anonymised_at: now,
        updated_at: now,
      })
      .where('anonymised_at', 'is', null)
      .where('service_date', '<', cutoff)
      .executeTakeFirst();
    const waitlist = await trx
      .deleteFrom('waitlist_entries')
      .where('office_day_id', 'in', (eb) =>
        eb.selectFrom('office_days').select('id').where('date', '<', cutoff),
      )
      .executeTakeFirst();
    const demand = await trx
      .updateTable('demand_signals')
      .set({ email: null, phone: null, note: null })
      .where('created_at', '<', cutoffInstant)
      .where((eb) =>
        eb.or([eb('email', 'is not', null), eb('phone', 'is not', null), eb('note', 'is not', null)]),
      )
      .executeTakeFirst();
    const result = {
      appointments: Number(appointments.numUpdatedRows ?? 0),
      waitlistEntries: Number(waitlist.numDeletedRows ?? 0),
      demandSignals: Number(demand.numUpdatedRows ?? 0),
    };
    if (result.appointments + result.waitlistEntries + result.demandSignals > 0) {
      await recordAudit(trx, SYSTEM_ACTOR, {
        action: 'booking.retention',
        resourceType: 'appointment',
        resourceId: null,
        details: { ...result, before: cutoff, retentionDays },
      });
    }
    return result;
  });
}

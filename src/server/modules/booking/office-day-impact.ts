import { replanAppointments } from '../../../core/booking/replan';
import type { OfficeDayPlan } from '../../../core/booking/slots';
import type { Executor } from '../../db/database';
import { type AuditActor, recordAudit } from '../audit/service';
import { getPublishedServicesByIds, listPublishedServices } from '../catalog/service';
import { notifyContact } from '../notify/service';
import { OFFICE_DAY_CHANGED, type OfficeDayChangedMailData } from './mail-templates';
import type { AppointmentsTable } from './tables';

/**
 * The appointments a change of an office day hits, and what happens to them. The schedule module
 * calls this inside its transaction (the office-day row is locked), first to show the coordinator
 * the list, then to apply it.
 */
export interface ImpactedAppointment {
  id: string;
  bookingNumber: string;
  startsAt: string;
  endsAt: string;
  status: 'held' | 'booked';
  name: string | null;
  email: string | null;
  phone: string | null;
  channel: string;
}

export interface OfficeDayImpact {
  affected: ImpactedAppointment[];
  kept: { id: string; desk: number; previousDesk: number }[];
  rows: Pick<
    AppointmentsTable,
    | 'id'
    | 'booking_number'
    | 'starts_at'
    | 'ends_at'
    | 'status'
    | 'name'
    | 'email'
    | 'phone'
    | 'locale'
    | 'service_ids'
    | 'channel'
    | 'desk'
    | 'authority_id'
  >[];
}

async function offeredIds(
  trx: Executor,
  authorityId: string,
  serviceIds: string[] | null,
): Promise<Set<string>> {
  const services = serviceIds
    ? await getPublishedServicesByIds(trx, serviceIds)
    : await listPublishedServices(trx, { authorityId, channel: 'mobile' });
  return new Set(services.map((s) => s.id));
}

/**
 * `after` null = the office day is cancelled (everything is hit). Appointments whose services are
 * no longer offered after a change of the service list are hit too.
 */
export async function previewOfficeDayImpact(
  trx: Executor,
  before: OfficeDayPlan,
  after: OfficeDayPlan | null,
  officeDayId: string,
  afterServiceIds: string[] | null,
  beforeServiceIds: string[] | null,
): Promise<OfficeDayImpact> {
  const rows = await trx
    .selectFrom('appointments')
    .select([
      'id',
      'booking_number',
      'starts_at',
      'ends_at',
      'status',
      'name',
      'email',
      'phone',
      'locale',
      'service_ids',
      'channel',
      'desk',
      'authority_id',
    ])
    .where('office_day_id', '=', officeDayId)
    .where('status', 'in', ['held', 'booked'])
    .where((eb) => eb.or([eb('status', '=', 'booked'), eb('hold_expires_at', '>', new Date())]))
    .orderBy('starts_at')
    .execute();
  let hitIds: Set<string>;
  let kept: OfficeDayImpact['kept'] = [];
  if (!after) hitIds = new Set(rows.map((r) => r.id));
  else {
    const replan = replanAppointments(
      before,
      after,
      rows.map((r) => ({ id: r.id, desk: r.desk, start: r.starts_at, end: r.ends_at })),
    );
    hitIds = new Set(replan.hit);
    const servicesChanged = JSON.stringify(afterServiceIds) !== JSON.stringify(beforeServiceIds);
    if (servicesChanged && rows.length > 0) {
      const offered = await offeredIds(trx, rows[0]!.authority_id, afterServiceIds);
      for (const r of rows) if (r.service_ids.some((s) => !offered.has(s))) hitIds.add(r.id);
    }
    const previous = new Map(rows.map((r) => [r.id, r.desk]));
    kept = replan.kept
      .filter((k) => !hitIds.has(k.id))
      .map((k) => ({ ...k, previousDesk: previous.get(k.id)! }));
  }
  return {
    affected: rows
      .filter((r) => hitIds.has(r.id))
      .map((r) => ({
        id: r.id,
        bookingNumber: r.booking_number,
        startsAt: r.starts_at.toISOString(),
        endsAt: r.ends_at.toISOString(),
        status: r.status as 'held' | 'booked',
        name: r.name,
        email: r.email,
        phone: r.phone,
        channel: r.channel,
      })),
    kept,
    rows: rows.filter((r) => hitIds.has(r.id)),
  };
}

/** Cancels the hit appointments, tells each citizen (mail or SMS) with a link to book again, re-seats the rest. */
export async function applyOfficeDayImpact(
  trx: Executor,
  actor: AuditActor,
  params: {
    officeDay: {
      id: string;
      status: string;
      date: string;
      startsAt: string;
      endsAt: string;
      location: { name: string; slug: string };
    };
    before: { date: string; startTime: string; endTime: string };
    impact: OfficeDayImpact;
    reason: 'office_day_moved' | 'office_day_cancelled';
    publicUrl: string;
  },
): Promise<void> {
  const { impact, officeDay } = params;
  const now = new Date();
  // Re-seat kept appointments whose desk changes in two steps, so no intermediate state overlaps.
  const moving = impact.kept.filter((k) => k.desk !== k.previousDesk);
  for (const k of moving) {
    await trx
      .updateTable('appointments')
      .set({ desk: k.previousDesk + 1000 })
      .where('id', '=', k.id)
      .execute();
  }
  for (const k of moving) {
    await trx
      .updateTable('appointments')
      .set({ desk: k.desk, updated_at: now })
      .where('id', '=', k.id)
      .execute();
  }
  for (const a of impact.rows) {
    const held = a.status === 'held';
    await trx
      .updateTable('appointments')
      .set({
        status: held ? 'expired' : 'cancelled',
        cancelled_at: now,
        cancel_reason: held ? null : params.reason,
        hold_expires_at: held ? now : null,
        updated_at: now,
      })
      .where('id', '=', a.id)
      .execute();
    if (held) continue;
    const query = new URLSearchParams({ leistungen: a.service_ids.join(','), ort: officeDay.location.slug });
    const data: OfficeDayChangedMailData = {
      bookingNumber: a.booking_number,
      name: a.name,
      startsAt: a.starts_at.toISOString(),
      locationName: officeDay.location.name,
      newDay:
        officeDay.status === 'planned' && officeDay.date !== params.before.date
          ? { date: officeDay.date, startsAt: officeDay.startsAt, endsAt: officeDay.endsAt }
          : null,
      rebookUrl: `${params.publicUrl}/termin?${query.toString()}`,
    };
    await notifyContact(
      trx,
      { email: a.email, phone: a.phone },
      {
        template: OFFICE_DAY_CHANGED,
        locale: a.locale,
        data,
        authorityId: a.authority_id,
        related: { type: 'appointment', id: a.id },
      },
    );
    await recordAudit(trx, actor, {
      action: 'appointment.cancel',
      resourceType: 'appointment',
      resourceId: a.id,
      details: { reason: params.reason, officeDayId: officeDay.id },
    });
  }
  if (params.reason === 'office_day_cancelled') {
    await trx
      .updateTable('waitlist_entries')
      .set({ status: 'removed' })
      .where('office_day_id', '=', officeDay.id)
      .where('status', '=', 'waiting')
      .execute();
  }
}

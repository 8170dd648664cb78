import { sql } from 'kysely';
import type { Db, Executor } from '../../db/database';
import { filterAuthorityId } from '../../db/scope';
import { inTransaction } from '../../db/transaction';
import { hashToken, newToken } from '../../http/auth';
import { AppError } from '../../http/errors';
import { enqueueJob } from '../../jobs/runner';
import { type AuditActor, recordAudit } from '../audit/service';
import { notifyContact } from '../notify/service';
import { lockOfficeDay } from '../schedule/service';
import { isBookingOpen } from './availability';
import type { BookingResult } from './book';
import { CANCELLED, RELEASED, RESCHEDULED } from './mail-templates';
import { type BookingSettings, WAITLIST_JOB } from './settings';
import { type AppointmentRow, type AppointmentView, appointmentIcs, manageUrlFor, toView } from './views';
import { bookingError, planSlot, servicesArgument } from './write-path';

/**
 * A booking after it was made: the citizen's own view, calendar file, cancellation and move
 * through the link with its token, and the same for staff by the appointment's id.
 */

async function byToken(db: Executor, token: string, lock = false) {
  if (!/^[A-Za-z0-9_-]{32,64}$/.test(token)) throw new AppError('BOOKING_TOKEN_INVALID');
  let q = db.selectFrom('appointments').selectAll().where('manage_token_hash', '=', hashToken(token));
  // A manage link works on its own authority's portal only (ADR 27).
  const authority = filterAuthorityId();
  if (authority) q = q.where('authority_id', '=', authority);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row || row.status === 'held' || row.status === 'expired') throw new AppError('BOOKING_TOKEN_INVALID');
  return row;
}

export interface ManageView {
  appointment: AppointmentView;
  canChange: boolean;
  canCancel: boolean;
  changeClosesAt: string;
}

export async function getByToken(
  db: Db,
  settings: BookingSettings,
  token: string,
  now = new Date(),
): Promise<ManageView> {
  const row = await byToken(db, token);
  const view = await toView(db, row);
  const day = await db
    .selectFrom('office_days')
    .select(['starts_at'])
    .where('id', '=', row.office_day_id)
    .executeTakeFirstOrThrow();
  return {
    appointment: view,
    canChange: row.status === 'booked' && isBookingOpen(day.starts_at, settings, now),
    canCancel: row.status === 'booked' && row.starts_at.getTime() > now.getTime(),
    changeClosesAt: new Date(day.starts_at.getTime() - settings.cutoffHours * 3_600_000).toISOString(),
  };
}

export async function calendarByToken(db: Db, settings: BookingSettings, token: string): Promise<string> {
  const row = await byToken(db, token);
  const view = await toView(db, row);
  return appointmentIcs(view, manageUrlFor(settings, token), Math.floor(row.updated_at.getTime() / 1000));
}

async function cancelRow(
  trx: Executor,
  settings: BookingSettings,
  actor: AuditActor,
  row: AppointmentRow,
  reason: 'citizen' | 'staff',
  now: Date,
): Promise<AppointmentView> {
  if (row.status !== 'booked') throw new AppError('BOOKING_NOT_ACTIVE', { status: row.status });
  if (row.starts_at.getTime() <= now.getTime()) throw new AppError('DATE_IN_PAST');
  return cancelBooked(trx, settings, actor, row, reason, now);
}

/**
 * Cancels a booked appointment the caller has locked and checked: tells the citizen (a release
 * for want of an answer to "Kommen Sie?" says so), frees the time for the day's wait-list at once,
 * audits. The one cancel path of the module — the desk, the citizen's link and the confirmation
 * round all come through here.
 */
export async function cancelBooked(
  trx: Executor,
  settings: BookingSettings,
  actor: AuditActor,
  row: AppointmentRow,
  reason: 'citizen' | 'staff' | 'unconfirmed',
  now: Date,
  auditDetails: Record<string, string> = {},
): Promise<AppointmentView> {
  const updated = await trx
    .updateTable('appointments')
    .set({ status: 'cancelled', cancelled_at: now, cancel_reason: reason, updated_at: now })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = await toView(trx, updated);
  await notifyContact(
    trx,
    { email: row.email, phone: row.phone },
    {
      template: reason === 'unconfirmed' ? RELEASED : CANCELLED,
      locale: row.locale,
      data: {
        bookingNumber: row.booking_number,
        name: row.name,
        startsAt: row.starts_at.toISOString(),
        locationName: view.location.name,
        rebookUrl: `${settings.publicUrl}/termin?${new URLSearchParams({ leistungen: row.service_ids.join(','), ort: view.location.slug })}`,
      },
      authorityId: row.authority_id,
      related: { type: 'appointment', id: row.id },
    },
  );
  // The slot is free now (status cancelled); tell the wait-list of that day.
  await enqueueJob(trx, {
    type: WAITLIST_JOB,
    authorityId: row.authority_id,
    payload: { officeDayId: row.office_day_id },
    dedupeKey: `waitlist:${row.office_day_id}`,
  });
  await recordAudit(
    trx,
    { ...actor, authorityId: row.authority_id },
    {
      action: reason === 'unconfirmed' ? 'appointment.release-unconfirmed' : 'appointment.cancel',
      resourceType: 'appointment',
      resourceId: row.id,
      details: { reason, ...auditDetails },
    },
  );
  return view;
}

export async function cancelByToken(
  db: Db,
  settings: BookingSettings,
  actor: AuditActor,
  token: string,
  now = new Date(),
): Promise<AppointmentView> {
  return inTransaction(db, async (trx) => {
    const found = await byToken(trx, token);
    await lockOfficeDay(trx, found.office_day_id);
    const row = await byToken(trx, token, true);
    return cancelRow(trx, settings, actor, row, 'citizen', now);
  });
}

/**
 * Moves a booking to another time (same or another office day) in one transaction: the new slot
 * is reserved under its office day's lock (booking_reserve(), the same rules as a new booking)
 * before the old one is let go. Booking number and link stay; the new mail and calendar file are
 * rendered by the send job.
 */
async function rescheduleRow(
  trx: Executor,
  settings: BookingSettings,
  actor: AuditActor,
  stale: AppointmentRow,
  target: { officeDayId: string; startsAt: string },
  token: string | null,
  now: Date,
): Promise<BookingResult> {
  // Lock both office days in id order, so two moves in opposite directions cannot deadlock,
  // then read the appointment again under its own lock.
  for (const id of [...new Set([stale.office_day_id, target.officeDayId])].sort())
    await lockOfficeDay(trx, id);
  const row = await trx
    .selectFrom('appointments')
    .selectAll()
    .where('id', '=', stale.id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (row.status !== 'booked') throw new AppError('BOOKING_NOT_ACTIVE', { status: row.status });
  const oldDay = await trx
    .selectFrom('office_days')
    .select(['starts_at'])
    .where('id', '=', row.office_day_id)
    .executeTakeFirstOrThrow();
  if (!isBookingOpen(oldDay.starts_at, settings, now))
    throw new AppError('BOOKING_CLOSED', { hours: settings.cutoffHours });
  const plan = await planSlot(trx, {
    officeDayId: target.officeDayId,
    startsAt: target.startsAt,
    serviceIds: row.service_ids,
  });
  let reserved: {
    desk: number;
    authorityId: string;
    locationId: string;
    date: string;
    changeoverMinutes: number;
  };
  try {
    const result = await sql<{ r: typeof reserved }>`
      select booking_reserve(${plan.officeDayId}::uuid, ${plan.location.id}::uuid, ${plan.startsAt}::timestamptz,
        ${plan.minutes}::int, ${JSON.stringify(servicesArgument(plan.services))}::jsonb, ${now}::timestamptz,
        ${settings.cutoffHours}::int, ${row.id}::uuid) as r`.execute(trx);
    reserved = result.rows[0]!.r;
  } catch (error) {
    throw bookingError(error, { services: plan.services, locale: row.locale });
  }
  if (reserved.authorityId !== row.authority_id) throw new AppError('OFFICE_DAY_NOT_FOUND');
  const manageToken = token ?? newToken();
  const ends = new Date(plan.startsAt.getTime() + plan.minutes * 60_000);
  const updated = await trx
    .updateTable('appointments')
    .set({
      office_day_id: plan.officeDayId,
      location_id: reserved.locationId,
      service_date: reserved.date,
      desk: reserved.desk,
      starts_at: plan.startsAt,
      ends_at: ends,
      block_end: new Date(ends.getTime() + reserved.changeoverMinutes * 60_000),
      duration_minutes: plan.minutes,
      manage_token_hash: hashToken(manageToken),
      updated_at: new Date(Math.max(now.getTime(), row.updated_at.getTime() + 1000)),
    })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (row.office_day_id !== plan.officeDayId || row.starts_at.getTime() !== plan.startsAt.getTime()) {
    await enqueueJob(trx, {
      type: WAITLIST_JOB,
      authorityId: row.authority_id,
      payload: { officeDayId: row.office_day_id },
      dedupeKey: `waitlist:${row.office_day_id}`,
    });
  }
  const manageUrl = manageUrlFor(settings, manageToken);
  await sql`select booking_notify(a, ${RESCHEDULED}, ${manageUrl}, ${manageToken}, ${settings.reminderHours}::int,
    ${now}::timestamptz) from appointments a where a.id = ${row.id}`.execute(trx);
  await recordAudit(
    trx,
    { ...actor, authorityId: updated.authority_id },
    {
      action: 'appointment.reschedule',
      resourceType: 'appointment',
      resourceId: updated.id,
      after: {
        bookingNumber: updated.booking_number,
        officeDayId: updated.office_day_id,
        startsAt: updated.starts_at.toISOString(),
        desk: updated.desk,
        channel: updated.channel,
      },
    },
  );
  return { appointment: await toView(trx, updated), manageToken, manageUrl };
}

export async function rescheduleByToken(
  db: Db,
  settings: BookingSettings,
  actor: AuditActor,
  token: string,
  target: { officeDayId: string; startsAt: string },
  now = new Date(),
): Promise<BookingResult> {
  try {
    return await inTransaction(db, async (trx) => {
      const row = await byToken(trx, token);
      return rescheduleRow(trx, settings, actor, row, target, token, now);
    });
  } catch (error) {
    throw bookingError(error, { locale: 'de' });
  }
}

// Staff ----------------------------------------------------------------------------------------

export async function cancelByStaff(
  db: Db,
  settings: BookingSettings,
  actor: AuditActor,
  authorityId: string,
  id: string,
  now = new Date(),
): Promise<AppointmentView> {
  return inTransaction(db, async (trx) => {
    const found = await trx
      .selectFrom('appointments')
      .select(['office_day_id'])
      .where('id', '=', id)
      .where('authority_id', '=', authorityId)
      .executeTakeFirst();
    if (!found) throw new AppError('APPOINTMENT_NOT_FOUND');
    await lockOfficeDay(trx, found.office_day_id);
    const row = await trx
      .selectFrom('appointments')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    return cancelRow(trx, settings, actor, row, 'staff', now);
  });
}

export async function rescheduleByStaff(
  db: Db,
  settings: BookingSettings,
  actor: AuditActor,
  authorityId: string,
  id: string,
  target: { officeDayId: string; startsAt: string },
  now = new Date(),
): Promise<AppointmentView> {
  try {
    return await inTransaction(db, async (trx) => {
      const row = await trx
        .selectFrom('appointments')
        .selectAll()
        .where('id', '=', id)
        .where('authority_id', '=', authorityId)
        .executeTakeFirst();
      if (!row) throw new AppError('APPOINTMENT_NOT_FOUND');
      // A new link is issued (staff never see the citizen's token); the mail carries it.
      return (await rescheduleRow(trx, settings, actor, row, target, null, now)).appointment;
    });
  } catch (error) {
    throw bookingError(error, { locale: 'de' });
  }
}

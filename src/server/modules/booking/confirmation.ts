import type { Db, Executor } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { hashToken, newToken } from '../../http/auth';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '../audit/service';
import { queueMail, queueSms } from '../notify/service';
import { lockOfficeDay } from '../schedule/service';
import { CONFIRM_REQUEST } from './mail-templates';
import { cancelBooked } from './manage';
import { type BookingSettings, forAuthority } from './settings';
import { type AppointmentRow, mailData, manageUrlFor, toView } from './views';

/**
 * "Kommen Sie? Ja / Absagen" (#14). An authority that switched it on asks every citizen
 * `requestHours` before the appointment whether they come; an appointment without a "Ja" by
 * `deadlineHours` before its start is released and the office day's wait-list hears of the free
 * time at once (the wait-list job of a cancellation). The links carry a single-purpose token: it
 * confirms or cancels this one appointment and shows nothing but its time, place and services.
 *
 * Appointments booked after the request window opened are not asked (they were just booked).
 */

export interface ConfirmationRules {
  enabled: boolean;
  requestHours: number;
  deadlineHours: number;
  /** No-shows within noShowMonths after which online booking is refused (0 = no limit). */
  noShowLimit: number;
  noShowMonths: number;
}

export const DEFAULT_RULES: ConfirmationRules = {
  enabled: false,
  requestHours: 48,
  deadlineHours: 24,
  noShowLimit: 3,
  noShowMonths: 6,
};

export async function loadConfirmationRules(db: Executor, authorityId: string): Promise<ConfirmationRules> {
  const row = await db
    .selectFrom('booking_confirmation_rules')
    .select(['enabled', 'request_hours', 'deadline_hours', 'no_show_limit', 'no_show_months'])
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  return row
    ? {
        enabled: row.enabled,
        requestHours: row.request_hours,
        deadlineHours: row.deadline_hours,
        noShowLimit: row.no_show_limit,
        noShowMonths: row.no_show_months,
      }
    : { ...DEFAULT_RULES };
}

export async function saveConfirmationRules(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  input: ConfirmationRules,
): Promise<ConfirmationRules> {
  if (input.deadlineHours >= input.requestHours) {
    throw new AppError('CONFIRMATION_DEADLINE_AFTER_REQUEST', {}, [
      { path: '/deadlineHours', code: 'deadlineAfterRequest' },
    ]);
  }
  return inTransaction(db, async (trx) => {
    const before = await loadConfirmationRules(trx, authorityId);
    const values = {
      enabled: input.enabled,
      request_hours: input.requestHours,
      deadline_hours: input.deadlineHours,
      no_show_limit: input.noShowLimit,
      no_show_months: input.noShowMonths,
      updated_by: actor.userId,
    };
    await trx
      .insertInto('booking_confirmation_rules')
      .values({ authority_id: authorityId, ...values })
      .onConflict((oc) => oc.column('authority_id').doUpdateSet({ ...values, updated_at: new Date() }))
      .execute();
    await recordAudit(trx, actor, {
      action: 'booking.confirmation-rules',
      resourceType: 'booking_confirmation_rules',
      resourceId: authorityId,
      before: { ...before },
      after: { ...input },
    });
    return { ...input };
  });
}

const HOUR = 3_600_000;

/**
 * The periodic job: per authority with the request switched on, sends the due requests (once per
 * appointment) and releases what was not confirmed by the deadline. Returns counts.
 */
export async function runConfirmationRound(
  db: Db,
  settings: BookingSettings,
  now = new Date(),
): Promise<{ requested: number; released: number }> {
  const authorities = await db
    .selectFrom('booking_confirmation_rules')
    .select(['authority_id', 'request_hours', 'deadline_hours'])
    .where('enabled', '=', true)
    .execute();
  let requested = 0;
  let released = 0;
  for (const a of authorities) {
    const rules = {
      ...DEFAULT_RULES,
      enabled: true,
      requestHours: a.request_hours,
      deadlineHours: a.deadline_hours,
    };
    // Links in the mails lead to the authority's own portal (ADR 27).
    const own = await forAuthority(settings, a.authority_id);
    requested += await sendDueRequests(db, own, a.authority_id, rules, now);
    released += await releaseUnconfirmed(db, own, a.authority_id, now);
    // Counts only: who was asked or released is in the outbox and the appointment.
  }
  return { requested, released };
}

async function sendDueRequests(
  db: Db,
  settings: BookingSettings,
  authorityId: string,
  rules: ConfirmationRules,
  now: Date,
): Promise<number> {
  const windowEnd = new Date(now.getTime() + rules.requestHours * HOUR);
  const deadlineEdge = new Date(now.getTime() + rules.deadlineHours * HOUR);
  const due = await db
    .selectFrom('appointments')
    .select(['id'])
    .where('authority_id', '=', authorityId)
    .where('status', '=', 'booked')
    .where('confirmation_requested_at', 'is', null)
    .where('attendance_confirmed_at', 'is', null)
    .where('starts_at', '>', deadlineEdge)
    .where('starts_at', '<=', windowEnd)
    .execute();
  let sent = 0;
  for (const { id } of due) {
    const done = await inTransaction(db, async (trx) => {
      const row = await trx
        .selectFrom('appointments')
        .selectAll()
        .where('id', '=', id)
        .where('authority_id', '=', authorityId)
        .forUpdate()
        .executeTakeFirst();
      // Once per appointment: another process (or an earlier round) may have asked already.
      if (row?.status !== 'booked' || row.confirmation_requested_at || row.attendance_confirmed_at)
        return false;
      // Booked after the window opened: just booked, not asked.
      if (row.created_at.getTime() > row.starts_at.getTime() - rules.requestHours * HOUR) {
        await trx
          .updateTable('appointments')
          .set({ attendance_confirmed_at: row.created_at })
          .where('id', '=', id)
          .execute();
        return false;
      }
      const token = newToken();
      await trx
        .updateTable('appointments')
        .set({ confirm_token_hash: hashToken(token), confirmation_requested_at: now })
        .where('id', '=', id)
        .execute();
      const view = await toView(trx, row);
      const data = {
        ...mailData(view, manageUrlFor(settings, '')),
        manageUrl: `${settings.publicUrl}/termin`,
        answerUrl: answerUrlFor(settings, token),
        deadline: new Date(row.starts_at.getTime() - rules.deadlineHours * HOUR).toISOString(),
      };
      const message = {
        template: CONFIRM_REQUEST,
        locale: row.locale,
        data,
        authorityId,
        related: { type: 'appointment', id: row.id },
      };
      // By mail, and by text message where the booking has a phone number.
      if (row.email) await queueMail(trx, { ...message, to: row.email });
      if (row.phone) await queueSms(trx, { ...message, to: row.phone });
      await recordAudit(
        trx,
        { ...SYSTEM_ACTOR, authorityId },
        {
          action: 'appointment.confirmation-request',
          resourceType: 'appointment',
          resourceId: row.id,
          details: { channels: [row.email ? 'email' : null, row.phone ? 'sms' : null].filter(Boolean) },
        },
      );
      return true;
    });
    if (done) sent++;
  }
  return sent;
}

async function releaseUnconfirmed(db: Db, settings: BookingSettings, authorityId: string, now: Date) {
  const rules = await loadConfirmationRules(db, authorityId);
  const edge = new Date(now.getTime() + rules.deadlineHours * HOUR);
  const overdue = await db
    .selectFrom('appointments')
    .select(['id', 'office_day_id'])
    .where('authority_id', '=', authorityId)
    .where('status', '=', 'booked')
    .where('confirmation_requested_at', 'is not', null)
    .where('attendance_confirmed_at', 'is', null)
    .where('starts_at', '<=', edge)
    .where('starts_at', '>', now)
    .execute();
  let released = 0;
  for (const { id, office_day_id } of overdue) {
    const done = await inTransaction(db, async (trx) => {
      await lockOfficeDay(trx, office_day_id);
      const row = await trx
        .selectFrom('appointments')
        .selectAll()
        .where('id', '=', id)
        .where('authority_id', '=', authorityId)
        .forUpdate()
        .executeTakeFirst();
      if (row?.status !== 'booked' || row.attendance_confirmed_at) return false;
      await cancelBooked(
        trx,
        settings,
        { ...SYSTEM_ACTOR, authorityId },
        row,
        'unconfirmed',
        now,
        VIA_REQUEST,
      );
      return true;
    });
    if (done) released++;
  }
  return released;
}

/** How the audit tells a cancel or release through the "Kommen Sie?" request from other cancels. */
const VIA_REQUEST = { via: 'confirmation-request' };

export function answerUrlFor(settings: Pick<BookingSettings, 'publicUrl'>, token: string): string {
  return `${settings.publicUrl}/termin/kommen/${token}`;
}

// ---------------------------------------------------------------------------------------------
// The citizen's answer
// ---------------------------------------------------------------------------------------------

export type AnswerState = 'open' | 'confirmed' | 'cancelled' | 'released' | 'over';

export interface ConfirmationView {
  state: AnswerState;
  bookingNumber: string;
  startsAt: string;
  endsAt: string;
  location: { name: string; address: string };
  services: Array<{ id: string; name: { de: string; en: string } }>;
  /** Until when a "Ja" is taken (ISO). */
  deadline: string;
}

async function byConfirmToken(db: Executor, token: string, lock = false) {
  if (!/^[A-Za-z0-9_-]{32,64}$/.test(token)) throw new AppError('CONFIRMATION_TOKEN_INVALID');
  let q = db.selectFrom('appointments').selectAll().where('confirm_token_hash', '=', hashToken(token));
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError('CONFIRMATION_TOKEN_INVALID');
  return row;
}

function stateOf(row: AppointmentRow, now: Date): AnswerState {
  if (row.status === 'cancelled') return row.cancel_reason === 'unconfirmed' ? 'released' : 'cancelled';
  if (row.status !== 'booked' || row.starts_at.getTime() <= now.getTime()) return 'over';
  return row.attendance_confirmed_at ? 'confirmed' : 'open';
}

async function viewOf(db: Executor, row: AppointmentRow, now: Date): Promise<ConfirmationView> {
  const view = await toView(db, row);
  const rules = await loadConfirmationRules(db, row.authority_id);
  return {
    state: stateOf(row, now),
    bookingNumber: row.booking_number,
    startsAt: view.startsAt,
    endsAt: view.endsAt,
    location: {
      name: view.location.name,
      address: `${view.location.street}, ${view.location.postalCode} ${view.location.city}`,
    },
    services: view.services.map((s) => ({ id: s.id, name: s.name })),
    deadline: new Date(row.starts_at.getTime() - rules.deadlineHours * HOUR).toISOString(),
  };
}

export async function confirmationByToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<ConfirmationView> {
  const row = await byConfirmToken(db, token);
  return viewOf(db, row, now);
}

/**
 * "Ja": idempotent — a second click, a replayed request or a "Ja" after the first one answers the
 * same confirmed view. A released, cancelled or past appointment cannot be confirmed.
 */
export async function confirmByToken(
  db: Db,
  actor: AuditActor,
  token: string,
  now = new Date(),
): Promise<ConfirmationView> {
  return inTransaction(db, async (trx) => {
    const row = await byConfirmToken(trx, token, true);
    const state = stateOf(row, now);
    if (state === 'released') throw new AppError('CONFIRMATION_RELEASED');
    if (state === 'cancelled') throw new AppError('CONFIRMATION_CANCELLED');
    if (state === 'over') throw new AppError('CONFIRMATION_OVER');
    if (state === 'confirmed') return viewOf(trx, row, now);
    const updated = await trx
      .updateTable('appointments')
      .set({ attendance_confirmed_at: now, updated_at: now })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      { ...actor, authorityId: row.authority_id },
      { action: 'appointment.confirm-attendance', resourceType: 'appointment', resourceId: row.id },
    );
    return viewOf(trx, updated, now);
  });
}

/**
 * "Absagen": idempotent — cancelling what this link already cancelled answers the same view; the
 * time goes to the wait-list at once.
 */
export async function cancelByConfirmToken(
  db: Db,
  settings: BookingSettings,
  actor: AuditActor,
  token: string,
  now = new Date(),
): Promise<ConfirmationView> {
  return inTransaction(db, async (trx) => {
    const found = await byConfirmToken(trx, token);
    await lockOfficeDay(trx, found.office_day_id);
    const row = await byConfirmToken(trx, token, true);
    const state = stateOf(row, now);
    if (state === 'cancelled' || state === 'released') return viewOf(trx, row, now);
    if (state === 'over') throw new AppError('CONFIRMATION_OVER');
    await cancelBooked(trx, settings, actor, row, 'citizen', now, VIA_REQUEST);
    const updated = await byConfirmToken(trx, token);
    return viewOf(trx, updated, now);
  });
}

import { createHash } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import { isEmail, newReference, normalisePhone, normaliseReference } from '../../../core/booking/contact';
import { computeSlots, fitsWindow, freeDesksAt } from '../../../core/booking/slots';
import { renderCalendar } from '../../../core/calendar/ics';
import type { CatalogServiceSummary } from '../../../core/catalog/types';
import { uuidv7 } from '../../../core/ids';
import type { Locale } from '../../../core/locale';
import { localDate, localTime } from '../../../core/time';
import type { Db, Executor } from '../../db/database';
import { currentAuthorityId } from '../../db/scope';
import { inTransaction, pgConstraint, pgErrorCode } from '../../db/transaction';
import { hashToken, newToken } from '../../http/auth';
import { AppError, type FieldError } from '../../http/errors';
import { enqueueJob } from '../../jobs/runner';
import { type AuditActor, recordAudit } from '../audit/service';
import { getPublishedServicesByIds } from '../catalog/service';
import { notifyContact } from '../notify/service';
import {
  loadLocations,
  lockOfficeDay,
  type OfficeDayLocation,
  type OfficeDayRow,
  offeredServices,
  planOf,
  todayInBerlin,
} from '../schedule/service';
import {
  busyByOfficeDay,
  isBookingOpen,
  minutesAt,
  resolveServices,
  type ServiceRef,
  serviceRef,
} from './availability';
import {
  type AppointmentMailData,
  CANCELLED,
  CONFIRMATION,
  DEMAND_ANNOUNCED,
  REMINDER,
  RESCHEDULED,
  WAITLIST_FREE,
} from './mail-templates';
import type { AppointmentsTable, BookingChannel } from './tables';

export interface BookingSettings {
  cutoffHours: number;
  holdMinutes: number;
  reminderHours: number;
  maxPerContactPerDay: number;
  publicUrl: string;
}

export const REMINDER_JOB = 'booking.reminder';
export const WAITLIST_JOB = 'booking.waitlist-wake';
export const DEMAND_JOB = 'booking.demand-announce';

// ---------------------------------------------------------------------------------------------
// Contact details
// ---------------------------------------------------------------------------------------------

export interface ContactInput {
  name: string;
  email?: string | null;
  phone?: string | null;
}

export interface Contact {
  name: string;
  email: string | null;
  phone: string | null;
  /** Normalised email or phone: the key of the per-day limit. */
  key: string;
}

/** Checks the contact: a name and an email address or phone number (both allowed). */
export function checkContact(input: ContactInput, base = '/contact'): Contact {
  const errors: FieldError[] = [];
  const name = input.name.trim();
  if (!name) errors.push({ path: `${base}/name`, code: 'required' });
  const email = input.email?.trim() ? input.email.trim() : null;
  const phoneRaw = input.phone?.trim() ? input.phone.trim() : null;
  if (email && !isEmail(email)) errors.push({ path: `${base}/email`, code: 'format:email' });
  const phone = phoneRaw ? normalisePhone(phoneRaw) : null;
  if (phoneRaw && !phone) errors.push({ path: `${base}/phone`, code: 'format:phone' });
  if (!email && !phoneRaw) errors.push({ path: `${base}/email`, code: 'contactRequired' });
  if (errors.length) throw new AppError('VALIDATION_FAILED', {}, errors);
  return { name, email, phone: phoneRaw, key: email ? `e:${email.toLowerCase()}` : `p:${phone}` };
}

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

export interface AppointmentView {
  id: string;
  bookingNumber: string;
  status: AppointmentsTable['status'];
  officeDayId: string;
  date: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  services: ServiceRef[];
  location: OfficeDayLocation;
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: Locale;
  channel: BookingChannel;
  holdExpiresAt: string | null;
  cancelReason: AppointmentsTable['cancel_reason'];
  createdAt: string;
}

type AppointmentRow = Selectable<AppointmentsTable>;

/** What the caller already loaded (the reservation did), so the view needs no second look-up. */
interface Known {
  location?: OfficeDayLocation;
  services?: CatalogServiceSummary[];
}

async function toViews(db: Executor, rows: AppointmentRow[], known: Known = {}): Promise<AppointmentView[]> {
  const locations = known.location
    ? new Map([[known.location.id, known.location]])
    : await loadLocations(
        db,
        rows.map((r) => r.location_id),
      );
  const services = new Map(
    (
      known.services ??
      (await getPublishedServicesByIds(db, [...new Set(rows.flatMap((r) => r.service_ids))]))
    ).map((s) => [s.id, s]),
  );
  return rows.map((r) => ({
    id: r.id,
    bookingNumber: r.booking_number,
    status: r.status,
    officeDayId: r.office_day_id,
    date: r.service_date,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    durationMinutes: r.duration_minutes,
    services: r.service_ids
      .map((id) => services.get(id))
      .filter((s): s is CatalogServiceSummary => !!s)
      .map(serviceRef),
    location: locations.get(r.location_id)!,
    name: r.name,
    email: r.email,
    phone: r.phone,
    locale: r.locale,
    channel: r.channel,
    holdExpiresAt: r.hold_expires_at?.toISOString() ?? null,
    cancelReason: r.cancel_reason,
    createdAt: r.created_at.toISOString(),
  }));
}

async function toView(db: Executor, row: AppointmentRow, known: Known = {}): Promise<AppointmentView> {
  return (await toViews(db, [row], known))[0]!;
}

// ---------------------------------------------------------------------------------------------
// Reserving a slot (under the office-day lock)
// ---------------------------------------------------------------------------------------------

export interface SlotRequest {
  officeDayId: string;
  startsAt: string;
  serviceIds: string[];
}

interface Reservation {
  day: OfficeDayRow;
  location: OfficeDayLocation;
  services: CatalogServiceSummary[];
  minutes: number;
  desk: number;
  start: Date;
  end: Date;
}

function assertDayBookable(day: OfficeDayRow, settings: BookingSettings, now: Date): void {
  if (day.status !== 'planned') throw new AppError('OFFICE_DAY_CANCELLED');
  if (day.date < todayInBerlin(now) || day.ends_at.getTime() <= now.getTime())
    throw new AppError('DATE_IN_PAST');
  if (!isBookingOpen(day.starts_at, settings, now)) {
    throw new AppError('BOOKING_CLOSED', { hours: settings.cutoffHours });
  }
}

/**
 * DESIGN.md §4, step 1: with the office-day row locked, drop expired holds, re-check capacity and
 * pick a free desk. The caller inserts in the same transaction.
 */
async function reserve(
  trx: Executor,
  settings: BookingSettings,
  request: SlotRequest,
  locale: Locale,
  now: Date,
  exceptAppointmentId?: string,
): Promise<Reservation> {
  const day = await lockOfficeDay(trx, request.officeDayId);
  assertDayBookable(day, settings, now);
  const location = (await loadLocations(trx, [day.location_id])).get(day.location_id)!;
  const services = await resolveServices(trx, day, request.serviceIds, locale);
  const minutes = minutesAt(services, location);
  const plan = planOf(day);
  const start = new Date(request.startsAt);
  if (Number.isNaN(start.getTime())) {
    throw new AppError('VALIDATION_FAILED', {}, [{ path: '/startsAt', code: 'format' }]);
  }
  if (!fitsWindow(plan, start, minutes)) {
    const windowMinutes = (day.ends_at.getTime() - day.starts_at.getTime()) / 60_000;
    if (minutes > windowMinutes) throw new AppError('APPOINTMENT_TOO_LONG', { minutes });
    throw new AppError('SLOT_OUTSIDE_WINDOW', {}, [{ path: '/startsAt', code: 'outsideWindow' }]);
  }
  if (start.getTime() < now.getTime()) throw new AppError('DATE_IN_PAST');
  await trx
    .updateTable('appointments')
    .set({ status: 'expired', updated_at: now })
    .where('office_day_id', '=', day.id)
    .where('status', '=', 'held')
    .where('hold_expires_at', '<=', now)
    .execute();
  const busy = (await busyByOfficeDay(trx, [day.id], now)).get(day.id) ?? [];
  const others = exceptAppointmentId ? busy.filter((b) => b.id !== exceptAppointmentId) : busy;
  const desks = freeDesksAt(plan, others, start, minutes);
  if (desks.length === 0) throw new AppError('SLOT_TAKEN');
  return {
    day,
    location,
    services,
    minutes,
    desk: desks[0]!,
    start,
    end: new Date(start.getTime() + minutes * 60_000),
  };
}

function isOverlapViolation(error: unknown): boolean {
  return pgErrorCode(error) === '23P01' && (pgConstraint(error) ?? '').includes('no_overlap');
}

function blockEnd(r: Reservation): Date {
  return new Date(r.end.getTime() + r.day.changeover_minutes * 60_000);
}

// ---------------------------------------------------------------------------------------------
// Holds
// ---------------------------------------------------------------------------------------------

export interface HoldResult {
  holdId: string;
  holdToken: string;
  expiresAt: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
}

/** A short-lived claim on a slot while the citizen types their details (BOOKING_HOLD_MINUTES). */
export async function createHold(
  db: Db,
  settings: BookingSettings,
  input: SlotRequest & { channel: BookingChannel; locale: Locale },
  now = new Date(),
): Promise<HoldResult> {
  const token = newToken();
  try {
    return await inTransaction(db, async (trx) => {
      const r = await reserve(trx, settings, input, input.locale, now);
      const id = uuidv7();
      const expiresAt = new Date(now.getTime() + settings.holdMinutes * 60_000);
      await trx
        .insertInto('appointments')
        .values({
          id,
          authority_id: r.day.authority_id,
          office_day_id: r.day.id,
          location_id: r.day.location_id,
          service_date: r.day.date,
          desk: r.desk,
          starts_at: r.start,
          ends_at: r.end,
          block_end: blockEnd(r),
          status: 'held',
          hold_expires_at: expiresAt,
          booking_number: newReference('T'),
          manage_token_hash: hashToken(token),
          service_ids: r.services.map((s) => s.id),
          duration_minutes: r.minutes,
          name: null,
          email: null,
          phone: null,
          contact_key: null,
          locale: input.locale,
          channel: input.channel,
          note: null,
          created_by: null,
          confirmed_at: null,
          cancelled_at: null,
          cancel_reason: null,
        })
        .execute();
      return {
        holdId: id,
        holdToken: token,
        expiresAt: expiresAt.toISOString(),
        startsAt: r.start.toISOString(),
        endsAt: r.end.toISOString(),
        durationMinutes: r.minutes,
      };
    });
  } catch (error) {
    if (isOverlapViolation(error)) throw new AppError('SLOT_TAKEN');
    throw error;
  }
}

/** Gives a hold back (the citizen went back to choose another time). */
export async function releaseHold(db: Db, holdId: string, holdToken: string): Promise<void> {
  await db
    .updateTable('appointments')
    .set({ status: 'expired', updated_at: new Date() })
    .where('id', '=', holdId)
    .where('manage_token_hash', '=', hashToken(holdToken))
    .where('status', '=', 'held')
    .$if(!!currentAuthorityId(), (q) => q.where('authority_id', '=', currentAuthorityId()!))
    .execute();
}

/** The periodic sweep: holds past their expiry free their slots (booking also drops them itself). */
export async function expireHolds(db: Db, now = new Date()): Promise<number> {
  const result = await db
    .updateTable('appointments')
    .set({ status: 'expired', updated_at: now })
    .where('status', '=', 'held')
    .where('hold_expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Booking
// ---------------------------------------------------------------------------------------------

export interface BookInput {
  /** Confirm a hold … */
  holdId?: string;
  holdToken?: string;
  /** … or book a slot directly (hotline, desk, tests). */
  officeDayId?: string;
  startsAt?: string;
  serviceIds?: string[];
  contact: ContactInput;
  locale: Locale;
  channel: BookingChannel;
  note?: string | null;
}

export interface BookingResult {
  appointment: AppointmentView;
  manageToken: string;
  manageUrl: string;
  /** True when this is the stored answer to an earlier request with the same Idempotency-Key. */
  replayed?: boolean;
}

function canonicalHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

async function replay(db: Executor, key: string, requestHash: string): Promise<BookingResult | undefined> {
  const row = await db
    .selectFrom('booking_idempotency')
    .selectAll()
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.request_hash !== requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  const stored = (
    typeof row.response === 'string' ? JSON.parse(row.response) : row.response
  ) as BookingResult;
  return { ...stored, replayed: true };
}

export function manageUrlFor(settings: Pick<BookingSettings, 'publicUrl'>, token: string): string {
  return `${settings.publicUrl}/termin/verwalten/${token}`;
}

function mailData(view: AppointmentView, manageUrl: string): AppointmentMailData {
  const l = view.location;
  return {
    bookingNumber: view.bookingNumber,
    name: view.name,
    startsAt: view.startsAt,
    endsAt: view.endsAt,
    locationName: l.name,
    address: `${l.street}, ${l.postalCode} ${l.city}`,
    services: view.services.map((s) => s.name),
    manageUrl,
    accessibilityNotes: l.accessibilityNotes,
  };
}

/** The appointment as an iCalendar file (attachment of the confirmation, download on the manage page). */
export function appointmentIcs(view: AppointmentView, manageUrl: string | null, sequence: number): string {
  const l = view.location;
  const de = view.locale === 'de';
  return renderCalendar({
    name: de ? 'Termin Bürgerbüro' : 'Citizens\u2019 office appointment',
    prodId: '-//Buergerkoffer//Termin//DE',
    events: [
      {
        uid: `${view.id}@buergerkoffer`,
        date: localDate(new Date(view.startsAt)),
        startTime: localTime(new Date(view.startsAt)),
        endDate: localDate(new Date(view.endsAt)),
        endTime: localTime(new Date(view.endsAt)),
        summary: `${de ? 'Bürgerbüro' : 'Citizens\u2019 office'}: ${view.services.map((s) => s.name[view.locale]).join(', ')}`,
        description: [
          `${de ? 'Buchungsnummer' : 'Booking number'}: ${view.bookingNumber}`,
          ...(manageUrl ? [`${de ? 'Ändern oder absagen' : 'Change or cancel'}: ${manageUrl}`] : []),
        ].join('\n'),
        location: `${l.name}, ${l.street}, ${l.postalCode} ${l.city}`,
        geo:
          l.latitude !== null && l.longitude !== null
            ? { latitude: l.latitude, longitude: l.longitude }
            : null,
        status: view.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        sequence,
      },
    ],
  });
}

async function contactLimit(
  trx: Executor,
  settings: BookingSettings,
  contact: Contact,
  date: string,
  exceptId: string,
) {
  // One contact's bookings on one day are serialised, so two parallel requests cannot both pass.
  await sql`select pg_advisory_xact_lock(hashtextextended(${`contact:${contact.key}:${date}`}, 0))`.execute(
    trx,
  );
  const row = await trx
    .selectFrom('appointments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('contact_key', '=', contact.key)
    .where('service_date', '=', date)
    .where('status', '=', 'booked')
    .where('id', '<>', exceptId)
    .executeTakeFirstOrThrow();
  if (Number(row.n) >= settings.maxPerContactPerDay) {
    throw new AppError('CONTACT_LIMIT_REACHED', { limit: settings.maxPerContactPerDay });
  }
}

async function afterBooking(
  trx: Executor,
  settings: BookingSettings,
  row: AppointmentRow,
  token: string,
  template: string,
  now: Date,
  known: Known = {},
): Promise<BookingResult> {
  const view = await toView(trx, row, known);
  const manageUrl = manageUrlFor(settings, token);
  await notifyContact(
    trx,
    { email: row.email, phone: row.phone },
    {
      template,
      locale: row.locale,
      data: mailData(view, manageUrl),
      attachments: [
        {
          filename: 'termin.ics',
          contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
          content: appointmentIcs(view, manageUrl, Math.floor(row.updated_at.getTime() / 1000)),
        },
      ],
      authorityId: row.authority_id,
      related: { type: 'appointment', id: row.id },
    },
  );
  const remindAt = new Date(row.starts_at.getTime() - settings.reminderHours * 3_600_000);
  if (remindAt.getTime() > now.getTime()) {
    await enqueueJob(trx, {
      type: REMINDER_JOB,
      authorityId: row.authority_id,
      runAt: remindAt,
      payload: { appointmentId: row.id, startsAt: row.starts_at.toISOString(), token },
      dedupeKey: `reminder:${row.id}:${row.starts_at.getTime()}`,
      maxAttempts: 5,
    });
  }
  return { appointment: view, manageToken: token, manageUrl };
}

/**
 * The audit row of a booking. Written as the transaction's last statement: the audit chain is
 * appended under one lock held until commit, so the shorter that tail, the more bookings per second.
 */
async function auditBooking(
  trx: Executor,
  actor: AuditActor,
  row: AppointmentRow,
  action: string,
): Promise<void> {
  await recordAudit(
    trx,
    { ...actor, authorityId: row.authority_id },
    {
      action,
      resourceType: 'appointment',
      resourceId: row.id,
      after: {
        bookingNumber: row.booking_number,
        officeDayId: row.office_day_id,
        startsAt: row.starts_at.toISOString(),
        desk: row.desk,
        channel: row.channel,
      },
    },
  );
}

/**
 * Books an appointment: confirms a hold (portal, terminal) or books a slot directly (hotline,
 * desk). With an Idempotency-Key the same request gives the same answer once more, and the key
 * with another body is refused (IDEMPOTENCY_KEY_REUSED). The key's row is written first, so a
 * parallel repeat waits for the original instead of competing for the slot.
 */
export async function book(
  db: Db,
  settings: BookingSettings,
  actor: AuditActor,
  input: BookInput,
  idempotencyKey?: string,
  now = new Date(),
): Promise<BookingResult> {
  const requestHash = canonicalHash({ ...input, createdBy: actor.userId });
  if (idempotencyKey) {
    const earlier = await replay(db, idempotencyKey, requestHash);
    if (earlier) return earlier;
  }
  const byHold = input.holdId !== undefined || input.holdToken !== undefined;
  const missing: FieldError[] = [];
  if (byHold) {
    if (!input.holdId) missing.push({ path: '/holdId', code: 'required' });
    if (!input.holdToken) missing.push({ path: '/holdToken', code: 'required' });
  } else {
    if (!input.officeDayId) missing.push({ path: '/officeDayId', code: 'required' });
    if (!input.startsAt) missing.push({ path: '/startsAt', code: 'required' });
    if (!input.serviceIds?.length) missing.push({ path: '/serviceIds', code: 'required' });
  }
  const contact = (() => {
    try {
      return checkContact(input.contact);
    } catch (error) {
      if (error instanceof AppError) missing.push(...error.fieldErrors);
      return undefined;
    }
  })();
  if (missing.length || !contact) throw new AppError('VALIDATION_FAILED', {}, missing);

  try {
    return await inTransaction(db, async (trx) => {
      if (idempotencyKey) {
        await trx
          .insertInto('booking_idempotency')
          .values({ key: idempotencyKey, request_hash: requestHash, appointment_id: null, response: '{}' })
          .execute();
      }
      let row: AppointmentRow;
      let token: string;
      let known: Known = {};
      if (byHold) {
        const held = await trx
          .selectFrom('appointments')
          .select(['id', 'office_day_id'])
          .where('id', '=', input.holdId!)
          .where('manage_token_hash', '=', hashToken(input.holdToken!))
          .executeTakeFirst();
        if (!held) throw new AppError('BOOKING_TOKEN_INVALID');
        const day = await lockOfficeDay(trx, held.office_day_id);
        const current = await trx
          .selectFrom('appointments')
          .selectAll()
          .where('id', '=', held.id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        token = input.holdToken!;
        if (current.status === 'booked') {
          // Confirmed before (a repeat without Idempotency-Key): the same booking, no second mail.
          const again = {
            appointment: await toView(trx, current),
            manageToken: token,
            manageUrl: manageUrlFor(settings, token),
          };
          if (idempotencyKey) {
            await trx
              .updateTable('booking_idempotency')
              .set({ appointment_id: current.id, response: JSON.stringify(again) })
              .where('key', '=', idempotencyKey)
              .execute();
          }
          return again;
        }
        if (
          current.status !== 'held' ||
          !current.hold_expires_at ||
          current.hold_expires_at.getTime() <= now.getTime()
        ) {
          throw new AppError('HOLD_EXPIRED');
        }
        assertDayBookable(day, settings, now);
        await contactLimit(trx, settings, contact, day.date, current.id);
        row = await trx
          .updateTable('appointments')
          .set({
            status: 'booked',
            hold_expires_at: null,
            name: contact.name,
            email: contact.email,
            phone: contact.phone,
            contact_key: contact.key,
            locale: input.locale,
            channel: input.channel,
            note: input.note ?? null,
            created_by: actor.userId,
            confirmed_at: now,
            updated_at: now,
          })
          .where('id', '=', current.id)
          .returningAll()
          .executeTakeFirstOrThrow();
      } else {
        const r = await reserve(
          trx,
          settings,
          { officeDayId: input.officeDayId!, startsAt: input.startsAt!, serviceIds: input.serviceIds! },
          input.locale,
          now,
        );
        const id = uuidv7();
        known = { location: r.location, services: r.services };
        await contactLimit(trx, settings, contact, r.day.date, id);
        token = newToken();
        row = await trx
          .insertInto('appointments')
          .values({
            id,
            authority_id: r.day.authority_id,
            office_day_id: r.day.id,
            location_id: r.day.location_id,
            service_date: r.day.date,
            desk: r.desk,
            starts_at: r.start,
            ends_at: r.end,
            block_end: blockEnd(r),
            status: 'booked',
            hold_expires_at: null,
            booking_number: newReference('T'),
            manage_token_hash: hashToken(token),
            service_ids: r.services.map((s) => s.id),
            duration_minutes: r.minutes,
            name: contact.name,
            email: contact.email,
            phone: contact.phone,
            contact_key: contact.key,
            locale: input.locale,
            channel: input.channel,
            note: input.note ?? null,
            created_by: actor.userId,
            confirmed_at: now,
            cancelled_at: null,
            cancel_reason: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      const result = await afterBooking(trx, settings, row, token, CONFIRMATION, now, known);
      if (idempotencyKey) {
        await trx
          .updateTable('booking_idempotency')
          .set({ appointment_id: row.id, response: JSON.stringify(result) })
          .where('key', '=', idempotencyKey)
          .execute();
      }
      await auditBooking(trx, actor, row, 'appointment.book');
      return result;
    });
  } catch (error) {
    if (isOverlapViolation(error)) throw new AppError('SLOT_TAKEN');
    if (
      idempotencyKey &&
      pgErrorCode(error) === '23505' &&
      (pgConstraint(error) ?? '').includes('idempotency')
    ) {
      const earlier = await replay(db, idempotencyKey, requestHash);
      if (earlier) return earlier;
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Managing a booking with its token (citizens) or by id (staff)
// ---------------------------------------------------------------------------------------------

async function byToken(db: Executor, token: string, lock = false) {
  if (!/^[A-Za-z0-9_-]{32,64}$/.test(token)) throw new AppError('BOOKING_TOKEN_INVALID');
  let q = db.selectFrom('appointments').selectAll().where('manage_token_hash', '=', hashToken(token));
  // A manage link works on its own authority's portal only (ADR 27).
  const authority = currentAuthorityId();
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
      template: CANCELLED,
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
      action: 'appointment.cancel',
      resourceType: 'appointment',
      resourceId: row.id,
      details: { reason },
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
 * is reserved under its office day's lock before the old one is let go. Booking number and link stay.
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
  const r = await reserve(
    trx,
    settings,
    { officeDayId: target.officeDayId, startsAt: target.startsAt, serviceIds: row.service_ids },
    row.locale,
    now,
    row.id,
  );
  if (r.day.authority_id !== row.authority_id) throw new AppError('OFFICE_DAY_NOT_FOUND');
  const manageToken = token ?? newToken();
  const updated = await trx
    .updateTable('appointments')
    .set({
      office_day_id: r.day.id,
      location_id: r.day.location_id,
      service_date: r.day.date,
      desk: r.desk,
      starts_at: r.start,
      ends_at: r.end,
      block_end: blockEnd(r),
      duration_minutes: r.minutes,
      manage_token_hash: hashToken(manageToken),
      updated_at: new Date(Math.max(now.getTime(), row.updated_at.getTime() + 1000)),
    })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (row.office_day_id !== r.day.id || row.starts_at.getTime() !== r.start.getTime()) {
    await enqueueJob(trx, {
      type: WAITLIST_JOB,
      authorityId: row.authority_id,
      payload: { officeDayId: row.office_day_id },
      dedupeKey: `waitlist:${row.office_day_id}`,
    });
  }
  const result = await afterBooking(trx, settings, updated, manageToken, RESCHEDULED, now, {
    location: r.location,
    services: r.services,
  });
  await auditBooking(trx, actor, updated, 'appointment.reschedule');
  return result;
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
    if (isOverlapViolation(error)) throw new AppError('SLOT_TAKEN');
    throw error;
  }
}

// Staff ----------------------------------------------------------------------------------------

export async function getAppointment(db: Executor, actor: AuditActor, authorityId: string, id: string) {
  const row = await db
    .selectFrom('appointments')
    .selectAll()
    .where('id', '=', id)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!row || row.status === 'held' || row.status === 'expired') throw new AppError('APPOINTMENT_NOT_FOUND');
  await recordAudit(db, actor, { action: 'appointment.read', resourceType: 'appointment', resourceId: id });
  return toView(db, row);
}

/** Appointments by booking number (spaces and case ignored) or by name, for the hotline and the desk. */
export async function searchAppointments(
  db: Executor,
  actor: AuditActor,
  authorityId: string,
  q: { query: string; from?: string },
): Promise<AppointmentView[]> {
  const text = q.query.trim();
  const formatted = normaliseReference(text, 'T');
  let query = db
    .selectFrom('appointments')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('status', 'in', ['booked', 'attended', 'no_show', 'cancelled'])
    .orderBy('starts_at')
    .limit(50);
  query = formatted
    ? query.where('booking_number', '=', formatted)
    : query
        .where('name', 'ilike', `%${text.replace(/[%_\\]/g, '\\$&')}%`)
        .where('service_date', '>=', q.from ?? todayInBerlin());
  const rows = await query.execute();
  await recordAudit(db, actor, {
    action: 'appointment.search',
    resourceType: 'appointment',
    details: { byNumber: !!formatted, results: rows.length },
  });
  return toViews(db, rows);
}

/** The appointments of one office day: the desk's list, the kit's preparation, the queue's check-in. */
export async function listOfficeDayAppointments(
  db: Executor,
  actor: AuditActor,
  authorityId: string,
  officeDayId: string,
  options: { includeCancelled?: boolean; audit?: boolean } = {},
): Promise<AppointmentView[]> {
  const day = await db
    .selectFrom('office_days')
    .select('id')
    .where('id', '=', officeDayId)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!day) throw new AppError('OFFICE_DAY_NOT_FOUND');
  const statuses: AppointmentsTable['status'][] = options.includeCancelled
    ? ['booked', 'attended', 'no_show', 'cancelled']
    : ['booked', 'attended', 'no_show'];
  const rows = await db
    .selectFrom('appointments')
    .selectAll()
    .where('office_day_id', '=', officeDayId)
    .where('status', 'in', statuses)
    .orderBy('starts_at')
    .orderBy('desk')
    .execute();
  if (options.audit !== false)
    await recordAudit(db, actor, {
      action: 'appointment.list',
      resourceType: 'office_day',
      resourceId: officeDayId,
      details: { results: rows.length },
    });
  return toViews(db, rows);
}

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
    if (isOverlapViolation(error)) throw new AppError('SLOT_TAKEN');
    throw error;
  }
}

/** Marks booked appointments of an office day as attended or no-show (the queue calls this). */
export async function markAttendance(
  trx: Executor,
  appointmentId: string,
  outcome: 'attended' | 'no_show',
): Promise<void> {
  await trx
    .updateTable('appointments')
    .set({ status: outcome, updated_at: new Date() })
    .where('id', '=', appointmentId)
    .where('status', 'in', ['booked', 'attended', 'no_show'])
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Jobs: reminder, wait-list, demand
// ---------------------------------------------------------------------------------------------

/** Sends the reminder if the appointment is still booked at the time it was planned for. */
export async function sendReminder(
  db: Db,
  settings: BookingSettings,
  payload: { appointmentId: string; startsAt: string; token: string },
  now = new Date(),
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('appointments')
      .selectAll()
      .where('id', '=', payload.appointmentId)
      .forUpdate()
      .executeTakeFirst();
    if (row?.status !== 'booked') return;
    if (row.starts_at.toISOString() !== payload.startsAt || row.starts_at.getTime() <= now.getTime()) return;
    if (row.manage_token_hash !== hashToken(payload.token)) return; // the link changed since
    const view = await toView(trx, row);
    await notifyContact(
      trx,
      { email: row.email, phone: row.phone },
      {
        template: REMINDER,
        locale: row.locale,
        data: mailData(view, manageUrlFor(settings, payload.token)),
        authorityId: row.authority_id,
        related: { type: 'appointment', id: row.id },
      },
    );
  });
}

export async function joinWaitlist(
  db: Db,
  input: {
    officeDayId: string;
    serviceIds: string[];
    email?: string | null;
    phone?: string | null;
    locale: Locale;
  },
): Promise<{ id: string }> {
  const contact = checkContact({ name: '-', email: input.email ?? null, phone: input.phone ?? null }, '');
  return inTransaction(db, async (trx) => {
    const day = await trx
      .selectFrom('office_days')
      .selectAll()
      .where('id', '=', input.officeDayId)
      .$if(!!currentAuthorityId(), (q) => q.where('authority_id', '=', currentAuthorityId()!))
      .executeTakeFirst();
    if (!day) throw new AppError('OFFICE_DAY_NOT_FOUND');
    if (day.status !== 'planned') throw new AppError('OFFICE_DAY_CANCELLED');
    if (day.date < todayInBerlin()) throw new AppError('DATE_IN_PAST');
    if (input.serviceIds.length) await resolveServices(trx, day, input.serviceIds, input.locale);
    const existing = await trx
      .selectFrom('waitlist_entries')
      .select('id')
      .where('office_day_id', '=', day.id)
      .where('status', '=', 'waiting')
      .where((eb) =>
        eb.or([
          ...(contact.email ? [eb('email', '=', contact.email)] : []),
          ...(contact.phone ? [eb('phone', '=', contact.phone)] : []),
        ]),
      )
      .executeTakeFirst();
    if (existing) return { id: existing.id };
    const id = uuidv7();
    await trx
      .insertInto('waitlist_entries')
      .values({
        id,
        authority_id: day.authority_id,
        office_day_id: day.id,
        service_ids: input.serviceIds,
        email: contact.email,
        phone: contact.phone,
        locale: input.locale,
        notified_at: null,
      })
      .execute();
    return { id };
  });
}

/**
 * The wait-list job after a cancellation: everyone still waiting for that office day hears that
 * a slot is free (first come, first served), once.
 */
export async function wakeWaitlist(db: Db, settings: BookingSettings, officeDayId: string, now = new Date()) {
  return inTransaction(db, async (trx) => {
    const day = await trx
      .selectFrom('office_days')
      .selectAll()
      .where('id', '=', officeDayId)
      .executeTakeFirst();
    if (day?.status !== 'planned' || !isBookingOpen(day.starts_at, settings, now)) return 0;
    const entries = await trx
      .selectFrom('waitlist_entries')
      .selectAll()
      .where('office_day_id', '=', officeDayId)
      .where('status', '=', 'waiting')
      .orderBy('created_at')
      .forUpdate()
      .skipLocked()
      .execute();
    if (entries.length === 0) return 0;
    const location = (await loadLocations(trx, [day.location_id])).get(day.location_id)!;
    const busy = (await busyByOfficeDay(trx, [day.id], now)).get(day.id) ?? [];
    const offered = await offeredServices(trx, day);
    let told = 0;
    for (const e of entries) {
      const wanted = e.service_ids.length
        ? offered.filter((s) => e.service_ids.includes(s.id))
        : offered.slice(0, 1);
      const minutes = wanted.length ? minutesAt(wanted, location) : day.slot_minutes;
      const plan = planOf(day);
      const hasRoom = computeSlots(plan, busy, minutes, { notBefore: now }).length > 0;
      if (!hasRoom) continue;
      const params = new URLSearchParams({ ort: location.slug, tag: day.id });
      if (e.service_ids.length) params.set('leistungen', e.service_ids.join(','));
      await notifyContact(
        trx,
        { email: e.email, phone: e.phone },
        {
          template: WAITLIST_FREE,
          locale: e.locale,
          data: {
            date: day.date,
            startsAt: day.starts_at.toISOString(),
            endsAt: day.ends_at.toISOString(),
            locationName: location.name,
            bookUrl: `${settings.publicUrl}/termin?${params}`,
          },
          authorityId: day.authority_id,
          related: { type: 'waitlist_entry', id: e.id },
        },
      );
      await trx
        .updateTable('waitlist_entries')
        .set({ status: 'notified', notified_at: now })
        .where('id', '=', e.id)
        .execute();
      told++;
    }
    return told;
  });
}

export async function recordDemand(
  db: Db,
  input: {
    villageId: string;
    serviceIds: string[];
    email?: string | null;
    phone?: string | null;
    note?: string | null;
    locale: Locale;
  },
): Promise<{ id: string }> {
  const email = input.email?.trim() || null;
  const phone = input.phone?.trim() || null;
  if (email || phone) checkContact({ name: '-', email, phone }, '');
  return inTransaction(db, async (trx) => {
    const village = await trx
      .selectFrom('villages')
      .select(['id', 'authority_id', 'municipality_id'])
      .where('id', '=', input.villageId)
      .$if(!!currentAuthorityId(), (q) => q.where('authority_id', '=', currentAuthorityId()!))
      .executeTakeFirst();
    if (!village) throw new AppError('VILLAGE_UNKNOWN', {}, [{ path: '/villageId', code: 'unknown' }]);
    if (input.serviceIds.length) {
      const found = await getPublishedServicesByIds(trx, input.serviceIds);
      if (found.length !== new Set(input.serviceIds).size) {
        throw new AppError('SERVICE_UNKNOWN', {}, [{ path: '/serviceIds', code: 'unknown' }]);
      }
    }
    const id = uuidv7();
    await trx
      .insertInto('demand_signals')
      .values({
        id,
        authority_id: village.authority_id,
        municipality_id: village.municipality_id,
        village_id: village.id,
        service_ids: input.serviceIds,
        email,
        phone,
        locale: input.locale,
        note: input.note?.trim() || null,
        announced_at: null,
      })
      .execute();
    return { id };
  });
}

export interface DemandSummary {
  villageId: string;
  villageName: string;
  municipalityName: string;
  requests: number;
  waitingForNews: number;
  lastAt: string;
  services: { id: string; name: { de: string; en: string }; count: number }[];
  upcomingOfficeDays: number;
}

/** Demand per village for the coordinator: how many asked, for what, and what is already planned. */
export async function demandByVillage(db: Executor, authorityId: string): Promise<DemandSummary[]> {
  const rows = await db
    .selectFrom('demand_signals as d')
    .innerJoin('villages as v', 'v.id', 'd.village_id')
    .innerJoin('municipalities as m', 'm.id', 'd.municipality_id')
    .select([
      'd.village_id',
      'v.name as village_name',
      'm.name as municipality_name',
      'd.service_ids',
      'd.created_at',
      'd.email',
      'd.phone',
      'd.announced_at',
    ])
    .where('d.authority_id', '=', authorityId)
    .execute();
  const today = todayInBerlin();
  const upcoming = await db
    .selectFrom('office_days as o')
    .innerJoin('locations as l', 'l.id', 'o.location_id')
    .select(['l.village_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('o.authority_id', '=', authorityId)
    .where('o.status', '=', 'planned')
    .where('o.date', '>=', today)
    .groupBy('l.village_id')
    .execute();
  const upcomingBy = new Map(upcoming.map((u) => [u.village_id, Number(u.n)]));
  const services = new Map(
    (await getPublishedServicesByIds(db, [...new Set(rows.flatMap((r) => r.service_ids))])).map((s) => [
      s.id,
      s,
    ]),
  );
  const byVillage = new Map<string, DemandSummary & { counts: Map<string, number> }>();
  for (const r of rows) {
    let entry = byVillage.get(r.village_id);
    if (!entry) {
      entry = {
        villageId: r.village_id,
        villageName: r.village_name,
        municipalityName: r.municipality_name,
        requests: 0,
        waitingForNews: 0,
        lastAt: r.created_at.toISOString(),
        services: [],
        upcomingOfficeDays: upcomingBy.get(r.village_id) ?? 0,
        counts: new Map(),
      };
      byVillage.set(r.village_id, entry);
    }
    entry.requests++;
    if ((r.email || r.phone) && !r.announced_at) entry.waitingForNews++;
    if (r.created_at.toISOString() > entry.lastAt) entry.lastAt = r.created_at.toISOString();
    for (const s of r.service_ids) entry.counts.set(s, (entry.counts.get(s) ?? 0) + 1);
  }
  return [...byVillage.values()]
    .map(({ counts, ...e }) => ({
      ...e,
      services: [...counts.entries()]
        .filter(([id]) => services.has(id))
        .map(([id, count]) => ({ id, name: services.get(id)!.name, count }))
        .sort((a, b) => b.count - a.count),
    }))
    .sort((a, b) => b.requests - a.requests || a.villageName.localeCompare(b.villageName, 'de'));
}

/** The job after office days are planned in a village: everyone who asked for one (with contact) hears of it. */
export async function announceToDemand(
  db: Db,
  settings: BookingSettings,
  villageId: string,
  now = new Date(),
) {
  return inTransaction(db, async (trx) => {
    const signals = await trx
      .selectFrom('demand_signals')
      .selectAll()
      .where('village_id', '=', villageId)
      .where('announced_at', 'is', null)
      .where((eb) => eb.or([eb('email', 'is not', null), eb('phone', 'is not', null)]))
      .forUpdate()
      .skipLocked()
      .execute();
    if (signals.length === 0) return 0;
    const village = await trx
      .selectFrom('villages')
      .select(['name'])
      .where('id', '=', villageId)
      .executeTakeFirstOrThrow();
    const days = await trx
      .selectFrom('office_days as o')
      .innerJoin('locations as l', 'l.id', 'o.location_id')
      .select(['o.date', 'o.starts_at', 'o.ends_at', 'l.name'])
      .where('l.village_id', '=', villageId)
      .where('o.status', '=', 'planned')
      .where('o.date', '>=', todayInBerlin(now))
      .orderBy('o.starts_at')
      .limit(5)
      .execute();
    if (days.length === 0) return 0;
    for (const s of signals) {
      await notifyContact(
        trx,
        { email: s.email, phone: s.phone },
        {
          template: DEMAND_ANNOUNCED,
          locale: s.locale,
          data: {
            villageName: village.name,
            days: days.map((d) => ({
              date: d.date,
              startsAt: d.starts_at.toISOString(),
              endsAt: d.ends_at.toISOString(),
              locationName: d.name,
            })),
            scheduleUrl: `${settings.publicUrl}/sprechtage?ort=${villageId}`,
          },
          authorityId: s.authority_id,
          related: { type: 'demand_signal', id: s.id },
        },
      );
      await trx.updateTable('demand_signals').set({ announced_at: now }).where('id', '=', s.id).execute();
    }
    return signals.length;
  });
}

/** Idempotency records are kept for a day (they hold the answer, including the manage link). */
export async function purgeIdempotency(db: Db, now = new Date()): Promise<void> {
  await db
    .deleteFrom('booking_idempotency')
    .where('created_at', '<', new Date(now.getTime() - 86_400_000))
    .execute();
}

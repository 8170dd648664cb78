import { normaliseReference } from '../../../core/booking/contact';
import { computeSlots } from '../../../core/booking/slots';
import { uuidv7 } from '../../../core/ids';
import type { Locale } from '../../../core/locale';
import type { Db, Executor } from '../../db/database';
import { filterAuthorityId } from '../../db/scope';
import { inTransaction } from '../../db/transaction';
import { hashToken } from '../../http/auth';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { getPublishedServicesByIds } from '../catalog/service';
import { notifyContact } from '../notify/service';
import { loadLocations, offeredServices, planOf, todayInBerlin } from '../schedule/service';
import { busyByOfficeDay, isBookingOpen, minutesAt, resolveServices } from './availability';
import { checkContact } from './contact';
import { DEMAND_ANNOUNCED, REMINDER, WAITLIST_FREE } from './mail-templates';
import { countNoShow } from './no-shows';
import type { BookingSettings } from './settings';
import type { AppointmentsTable } from './tables';
import { type AppointmentView, mailData, manageUrlFor, toView, toViews } from './views';

/**
 * The booking module's staff views (an appointment, a search, an office day's list, attendance)
 * and its jobs (reminder, wait-list, demand). Booking itself: holds.ts, confirm.ts, direct.ts and
 * book.ts; a booking afterwards: manage.ts.
 */

export type { BookingSettings } from './settings';
export { DEMAND_JOB, REMINDER_JOB, WAITLIST_JOB } from './settings';

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

/** Marks booked appointments of an office day as attended or no-show (the queue calls this). */
export async function markAttendance(
  trx: Executor,
  appointmentId: string,
  outcome: 'attended' | 'no_show',
): Promise<void> {
  const row = await trx
    .updateTable('appointments')
    .set({ status: outcome, updated_at: new Date() })
    .where('id', '=', appointmentId)
    .where('status', 'in', ['booked', 'attended', 'no_show'])
    .returning(['id', 'authority_id', 'contact_key', 'service_date'])
    .executeTakeFirst();
  // A ticket called in vain counts like a no-show recorded by staff (#14); a correction to
  // "attended" takes the count back.
  if (row && outcome === 'no_show') await countNoShow(trx, row);
  if (row && outcome === 'attended') {
    await trx.deleteFrom('booking_no_shows').where('appointment_id', '=', row.id).execute();
  }
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
    // The "Kommen Sie?" request was this appointment's reminder: one message, not two (#14).
    if (row.confirmation_requested_at) return;
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
      .$if(!!filterAuthorityId(), (q) => q.where('authority_id', '=', filterAuthorityId()!))
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
      .$if(!!filterAuthorityId(), (q) => q.where('authority_id', '=', filterAuthorityId()!))
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

import { sql } from 'kysely';
import {
  type BusyInterval,
  computeSlots,
  type OfficeDayPlan,
  remainingCapacity,
  serviceWindow,
} from '../../../core/booking/slots';
import { type CatalogServiceSummary, durationAt } from '../../../core/catalog/types';
import { compareText } from '../../../core/collation';
import { addDays, type IsoDate } from '../../../core/time';
import type { Executor } from '../../db/database';
import { currentAuthorityId, currentScope, filterAuthorityId } from '../../db/scope';
import { AppError } from '../../http/errors';
import { getPublishedServicesByIds, listPublishedServices } from '../catalog/service';
import {
  defaultChannelOf,
  listOfficeDays,
  type OfficeDayLocation,
  type OfficeDayRow,
  type OfficeDayView,
  planOf,
  todayInBerlin,
  toOfficeDayView,
} from '../schedule/service';
import { bookingCaches } from './caches';

/**
 * The read side of booking: which services can be booked where, which office days have room, and
 * the free times of a day. The write side (service.ts) runs the same checks again under the
 * office-day lock; nothing here reserves anything.
 */
export interface BookingRules {
  cutoffHours: number;
}

export interface ServiceRef {
  id: string;
  slug: string;
  name: { de: string; en: string };
}

export function serviceRef(s: CatalogServiceSummary): ServiceRef {
  return { id: s.id, slug: s.slug, name: s.name };
}

/** Minutes of an appointment for these services at this location (the durations add up). */
export function minutesAt(
  services: CatalogServiceSummary[],
  location: Pick<OfficeDayLocation, 'id' | 'kind'>,
): number {
  return services.reduce((sum, s) => sum + durationAt(s.duration, location.kind, location.id), 0);
}

/** Online booking for an office day closes this instant (cutoff hours before it starts). */
export function bookingClosesAt(startsAt: Date | string, rules: BookingRules): Date {
  return new Date(new Date(startsAt).getTime() - rules.cutoffHours * 3_600_000);
}

export function isBookingOpen(startsAt: Date | string, rules: BookingRules, now = new Date()): boolean {
  return now.getTime() < bookingClosesAt(startsAt, rules).getTime();
}

/**
 * The requested services, checked against the catalogue and against what the office day offers.
 * Unknown → SERVICE_UNKNOWN; known but not offered there → SERVICE_NOT_OFFERED (naming it).
 */
export async function resolveServices(
  db: Executor,
  day: Pick<OfficeDayRow, 'authority_id' | 'service_ids'> & { mode?: OfficeDayRow['mode'] },
  serviceIds: string[],
  locale: 'de' | 'en' = 'de',
): Promise<CatalogServiceSummary[]> {
  const unique = [...new Set(serviceIds)];
  const found = await getPublishedServicesByIds(db, unique);
  if (found.length !== unique.length) {
    throw new AppError('SERVICE_UNKNOWN', {}, [{ path: '/serviceIds', code: 'unknown' }]);
  }
  // Offered: the coordinator's list, or else the catalogue's mobile-capable (video hours:
  // terminal-capable) services of the authority (the rule of offeredServices, without loading
  // the whole catalogue).
  const channel = defaultChannelOf(day);
  const isOffered = (s: CatalogServiceSummary) =>
    day.service_ids
      ? day.service_ids.includes(s.id)
      : s.channels.includes(channel) && s.authorityId === day.authority_id;
  const missing = found.find((s) => !isOffered(s));
  if (missing) {
    throw new AppError('SERVICE_NOT_OFFERED', { service: missing.name[locale] }, [
      { path: '/serviceIds', code: 'notOffered' },
    ]);
  }
  return found;
}

/** Active appointments (booked, attended, or held and not yet expired) of office days, as desk intervals. */
export interface BusyAppointment extends BusyInterval {
  id: string;
}

export async function busyByOfficeDay(
  db: Executor,
  officeDayIds: string[],
  now = new Date(),
): Promise<Map<string, BusyAppointment[]>> {
  const map = new Map<string, BusyAppointment[]>(officeDayIds.map((id) => [id, []]));
  if (officeDayIds.length === 0) return map;
  const rows = await db
    .selectFrom('appointments')
    .select(['id', 'office_day_id', 'desk', 'starts_at', 'ends_at'])
    .where('office_day_id', 'in', officeDayIds)
    .where((eb) =>
      eb.or([
        eb('status', 'in', ['booked', 'attended']),
        eb.and([eb('status', '=', 'held'), eb('hold_expires_at', '>', now)]),
      ]),
    )
    .execute();
  for (const r of rows)
    map.get(r.office_day_id)!.push({ id: r.id, desk: r.desk, start: r.starts_at, end: r.ends_at });
  return map;
}

export interface SlotView {
  startsAt: string;
  endsAt: string;
}

export interface DayAvailability {
  officeDay: OfficeDayView;
  services: ServiceRef[];
  /** All requested services are offered on this day. */
  offersServices: boolean;
  durationMinutes: number | null;
  bookingOpen: boolean;
  closesAt: string;
  freeSlots: number;
  /** Appointments of this length that still fit (with several desks: more than freeSlots). */
  capacity: number;
  firstFree: string | null;
  slots?: SlotView[];
}

/**
 * Availability of office days (of a location, a village, or everywhere) between two dates for an
 * appointment of the given services. Two queries for the days and their appointments, however
 * many days: the slot listing over 90 days stays cheap.
 */
export async function listAvailability(
  db: Executor,
  rules: BookingRules,
  q: {
    from: IsoDate;
    to: IsoDate;
    locationIds?: string[];
    serviceIds: string[];
    includeSlots?: boolean;
    authorityId?: string;
  },
  now = new Date(),
): Promise<DayAvailability[]> {
  const today = todayInBerlin(now);
  const from = [q.from, today].sort()[1]!;
  if (q.to < from) return [];
  const days = await listOfficeDays(db, {
    from,
    to: q.to,
    ...(q.locationIds ? { locationIds: q.locationIds } : {}),
    ...(q.authorityId ? { authorityId: q.authorityId } : {}),
  });
  const caches = bookingCaches(db);
  const requested = [...(await caches.services(db, q.serviceIds)).values()];
  if (requested.length !== new Set(q.serviceIds).size) {
    throw new AppError('SERVICE_UNKNOWN', {}, [{ path: '/services', code: 'unknown' }]);
  }
  const busy = await busyByOfficeDay(
    db,
    days.map((d) => d.id),
    now,
  );
  const out: DayAvailability[] = [];
  for (const day of days) {
    const offered = await offeredBy(db, day);
    out.push(dayAvailability(day, busy.get(day.id) ?? [], requested, offered, rules, now, q.includeSlots));
  }
  return out;
}

/** The services an office day offers: the coordinator's list, or the authority's mobile (video hours: terminal) services (cached). */
async function offeredBy(
  db: Executor,
  day: Pick<OfficeDayView, 'authorityId' | 'serviceIds' | 'mode'>,
): Promise<CatalogServiceSummary[]> {
  const caches = bookingCaches(db);
  // Video hours (#11) offer the terminal services.
  if (!day.serviceIds) return caches.channelServices(db, day.authorityId, defaultChannelOf(day));
  const found = await caches.services(db, day.serviceIds);
  return day.serviceIds.map((id) => found.get(id)).filter((s): s is CatalogServiceSummary => !!s);
}

/** One office day's availability for the requested services, from its busy desks. */
function dayAvailability(
  day: OfficeDayView,
  dayBusy: BusyInterval[],
  requested: CatalogServiceSummary[],
  offered: CatalogServiceSummary[],
  rules: BookingRules,
  now: Date,
  includeSlots: boolean | undefined,
): DayAvailability {
  const offeredIds = new Set(offered.map((s) => s.id));
  const offersServices = requested.every((s) => offeredIds.has(s.id));
  const minutes = requested.length && offersServices ? minutesAt(requested, day.location) : null;
  const plan = planFromView(day);
  const open = isBookingOpen(day.startsAt, rules, now);
  let slots: SlotView[] = [];
  let capacity = 0;
  if (minutes && open && minutes <= windowMinutes(plan)) {
    slots = computeSlots(plan, dayBusy, minutes, { notBefore: now }).map((s) => ({
      startsAt: s.start.toISOString(),
      endsAt: s.end.toISOString(),
    }));
    capacity = slots.length ? remainingCapacity(plan, dayBusy, minutes) : 0;
  }
  return {
    officeDay: day,
    services: offered.map(serviceRef),
    offersServices,
    durationMinutes: minutes,
    bookingOpen: open,
    closesAt: bookingClosesAt(day.startsAt, rules).toISOString(),
    freeSlots: slots.length,
    capacity,
    firstFree: slots[0]?.startsAt ?? null,
    ...(includeSlots ? { slots } : {}),
  };
}

const inFlight = new WeakMap<object, Map<string, Promise<DayAvailability>>>();

/**
 * The free times of one office day (the citizen's listing, also while a crowd books it): the day
 * and its busy desks in one query, place and services from the caches. Refuses a cancelled or
 * past day and services the day does not offer, as the booking would.
 *
 * Requests for the same listing that arrive while one is being computed share its answer (no
 * answer is kept beyond that): a crowd on one day costs one query per round, not one per person.
 */
export function officeDayAvailability(
  db: Executor,
  rules: BookingRules,
  q: { officeDayId: string; serviceIds: string[]; locale: 'de' | 'en' },
): Promise<DayAvailability> {
  let running = inFlight.get(db);
  if (!running) {
    running = new Map();
    inFlight.set(db, running);
  }
  // The scope is part of the key: an answer computed for one authority is never handed to another's
  // request (ADR 27).
  const key = `${currentAuthorityId() ?? currentScope()?.kind ?? ''}|${q.officeDayId}|${[...new Set(q.serviceIds)].sort().join(',')}|${q.locale}|${rules.cutoffHours}`;
  const shared = running.get(key);
  if (shared) return shared;
  const computed = computeOfficeDayAvailability(db, rules, q, new Date()).finally(() => running.delete(key));
  running.set(key, computed);
  return computed;
}

async function computeOfficeDayAvailability(
  db: Executor,
  rules: BookingRules,
  q: { officeDayId: string; serviceIds: string[]; locale: 'de' | 'en' },
  now: Date,
): Promise<DayAvailability> {
  // Only the work's own authority's office days (the application's wall; RLS is the second).
  const authority = filterAuthorityId() ?? null;
  const row = (
    await sql<OfficeDayRow & { busy: { id: string; desk: number; start: string; end: string }[] | string }>`
      select d.*, coalesce((
        select jsonb_agg(jsonb_build_object('id', a.id, 'desk', a.desk, 'start', a.starts_at, 'end', a.ends_at))
          from appointments a
         where a.office_day_id = d.id
           and (a.status in ('booked', 'attended') or (a.status = 'held' and a.hold_expires_at > ${now}))
      ), '[]'::jsonb) as busy
      from office_days d where d.id = ${q.officeDayId}
       and (${authority}::uuid is null or d.authority_id = ${authority}::uuid)`.execute(db)
  ).rows[0];
  if (!row) throw new AppError('OFFICE_DAY_NOT_FOUND');
  if (row.status === 'cancelled') throw new AppError('OFFICE_DAY_CANCELLED');
  if (row.date < todayInBerlin(now) || row.ends_at.getTime() < now.getTime())
    throw new AppError('DATE_IN_PAST');
  const caches = bookingCaches(db);
  const location = (await caches.locations(db, [row.location_id])).get(row.location_id)!;
  const found = await caches.services(db, q.serviceIds);
  const unique = [...new Set(q.serviceIds)];
  if (found.size !== unique.length) {
    throw new AppError('SERVICE_UNKNOWN', {}, [{ path: '/services', code: 'unknown' }]);
  }
  const requested = unique.map((id) => found.get(id)!);
  const day = toOfficeDayView(row, location);
  const offered = await offeredBy(db, day);
  const busyRows = typeof row.busy === 'string' ? JSON.parse(row.busy) : row.busy;
  const busy: BusyInterval[] = busyRows.map((b: { desk: number; start: string; end: string }) => ({
    desk: b.desk,
    start: new Date(b.start),
    end: new Date(b.end),
  }));
  const availability = dayAvailability(day, busy, requested, offered, rules, now, true);
  if (!availability.offersServices) {
    const offeredIds = new Set(offered.map((s) => s.id));
    const name = requested.find((s) => !offeredIds.has(s.id))?.name[q.locale] ?? '';
    throw new AppError('SERVICE_NOT_OFFERED', { service: name }, [{ path: '/services', code: 'notOffered' }]);
  }
  return availability;
}

export function planFromView(day: OfficeDayView): OfficeDayPlan {
  return {
    date: day.date,
    startTime: day.startTime,
    endTime: day.endTime,
    desks: day.desks,
    slotMinutes: day.slotMinutes,
    changeoverMinutes: day.changeoverMinutes,
    setupMinutes: day.setupMinutes,
    teardownMinutes: day.teardownMinutes,
    travelBeforeMinutes: day.travelBeforeMinutes,
    travelAfterMinutes: day.travelAfterMinutes,
    window: { start: new Date(day.startsAt), end: new Date(day.endsAt) },
  };
}

export function windowMinutes(plan: OfficeDayPlan): number {
  const w = serviceWindow(plan);
  return (w.end.getTime() - w.start.getTime()) / 60_000;
}

export { planOf };

/**
 * Services that can be booked at an office day from today on: the mobile-capable ones and every
 * service a coordinator added to an upcoming office day.
 */
export async function bookableServices(db: Executor, now = new Date()): Promise<CatalogServiceSummary[]> {
  const mobile = await listPublishedServices(db, { channel: 'mobile' });
  const today = todayInBerlin(now);
  const overrides = await db
    .selectFrom('office_days')
    .select('service_ids')
    .where('status', '=', 'planned')
    .where('date', '>=', today)
    .where('date', '<=', addDays(today, 366))
    .where('service_ids', 'is not', null)
    .$if(!!filterAuthorityId(), (q) => q.where('authority_id', '=', filterAuthorityId()!))
    .execute();
  const extra = [...new Set(overrides.flatMap((r) => r.service_ids ?? []))].filter(
    (id) => !mobile.some((s) => s.id === id),
  );
  const more = extra.length ? await getPublishedServicesByIds(db, extra) : [];
  return [...mobile, ...more].sort((a, b) => compareText(a.name.de, b.name.de));
}

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
import { AppError } from '../../http/errors';
import { getPublishedServicesByIds, listPublishedServices } from '../catalog/service';
import {
  listOfficeDays,
  type OfficeDayLocation,
  type OfficeDayRow,
  type OfficeDayView,
  offeredServices,
  planOf,
  todayInBerlin,
} from '../schedule/service';

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
  day: Pick<OfficeDayRow, 'authority_id' | 'service_ids'>,
  serviceIds: string[],
  locale: 'de' | 'en' = 'de',
): Promise<CatalogServiceSummary[]> {
  const unique = [...new Set(serviceIds)];
  const found = await getPublishedServicesByIds(db, unique);
  if (found.length !== unique.length) {
    throw new AppError('SERVICE_UNKNOWN', {}, [{ path: '/serviceIds', code: 'unknown' }]);
  }
  // Offered: the coordinator's list, or else the catalogue's mobile-capable services of the
  // authority (the same rule as offeredServices, without loading the whole catalogue).
  const isOffered = (s: CatalogServiceSummary) =>
    day.service_ids
      ? day.service_ids.includes(s.id)
      : s.channels.includes('mobile') && s.authorityId === day.authority_id;
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
  const requested = q.serviceIds.length ? await getPublishedServicesByIds(db, q.serviceIds) : [];
  if (requested.length !== new Set(q.serviceIds).size) {
    throw new AppError('SERVICE_UNKNOWN', {}, [{ path: '/services', code: 'unknown' }]);
  }
  const busy = await busyByOfficeDay(
    db,
    days.map((d) => d.id),
    now,
  );
  const offeredCache = new Map<string, CatalogServiceSummary[]>();
  const out: DayAvailability[] = [];
  for (const day of days) {
    const key = `${day.authorityId}:${day.serviceIds ? day.serviceIds.join(',') : 'mobile'}`;
    let offered = offeredCache.get(key);
    if (!offered) {
      offered = await offeredServices(db, { authority_id: day.authorityId, service_ids: day.serviceIds });
      offeredCache.set(key, offered);
    }
    const offeredIds = new Set(offered.map((s) => s.id));
    const offersServices = requested.every((s) => offeredIds.has(s.id));
    const minutes = requested.length && offersServices ? minutesAt(requested, day.location) : null;
    const plan = planFromView(day);
    const open = isBookingOpen(day.startsAt, rules, now);
    let slots: SlotView[] = [];
    let capacity = 0;
    if (minutes && open && minutes <= windowMinutes(plan)) {
      const dayBusy = busy.get(day.id) ?? [];
      slots = computeSlots(plan, dayBusy, minutes, { notBefore: now }).map((s) => ({
        startsAt: s.start.toISOString(),
        endsAt: s.end.toISOString(),
      }));
      capacity = slots.length ? remainingCapacity(plan, dayBusy, minutes) : 0;
    }
    out.push({
      officeDay: day,
      services: offered.map(serviceRef),
      offersServices,
      durationMinutes: minutes,
      bookingOpen: open,
      closesAt: bookingClosesAt(day.startsAt, rules).toISOString(),
      freeSlots: slots.length,
      capacity,
      firstFree: slots[0]?.startsAt ?? null,
      ...(q.includeSlots ? { slots } : {}),
    });
  }
  return out;
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
    .execute();
  const extra = [...new Set(overrides.flatMap((r) => r.service_ids ?? []))].filter(
    (id) => !mobile.some((s) => s.id === id),
  );
  const more = extra.length ? await getPublishedServicesByIds(db, extra) : [];
  return [...mobile, ...more].sort((a, b) => compareText(a.name.de, b.name.de));
}

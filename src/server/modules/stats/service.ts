import { roundTripSavedKm } from '../../../core/geo';
import { addDays, daysBetween, localDate } from '../../../core/time';
import type { Db } from '../../db/database';
import { AppError } from '../../http/errors';
import { appointmentFigures, attendedPerDay } from '../booking/stats';
import { caseFigures, casesPerDay } from '../cases/stats';
import { getPublishedServicesByIds } from '../catalog/service';
import { listLocations, listMunicipalities } from '../places/service';
import { queueDays, queueFigures } from '../queue/stats';
import { officeDayFigures } from '../schedule/stats';
import { videoFigures } from '../video/stats';
import { visitsOverTime } from './timeline';

/**
 * No-show rate in per cent (one decimal): appointments marked "did not attend" among the
 * appointments not cancelled; null without appointments (#14).
 */
export function noShowRate(noShows: number, appointments: number): number | null {
  return appointments > 0 ? Math.round((noShows / appointments) * 1000) / 10 : null;
}

export interface StatsPeriod {
  from: string;
  to: string;
}

/** The default period: the last 90 days up to today (Berlin). */
export function defaultPeriod(today = localDate(new Date())): StatsPeriod {
  return { from: addDays(today, -89), to: today };
}

export function checkPeriod(period: StatsPeriod): void {
  if (period.from > period.to) {
    throw new AppError('STATS_PERIOD_INVALID', {}, [{ path: '/querystring/to', code: 'before_from' }]);
  }
  if (daysBetween(period.from, period.to) > 3 * 366) {
    throw new AppError('STATS_PERIOD_INVALID', {}, [{ path: '/querystring/from', code: 'too_long' }]);
  }
}

/**
 * Figures for the council and the evaluation, per village, channel and service: office days,
 * appointments, cases, waiting and service times, and the travel citizens saved because the office
 * came to them. Built from each module's own aggregate function; no personal data in, none out.
 */
export async function overview(db: Db, authorityId: string, period: StatsPeriod) {
  checkPeriod(period);
  const { from, to } = period;
  const [locations, municipalities, days, appointments, cases, queue, daily, video] = await Promise.all([
    listLocations(db, { authorityId, includeInactive: true }),
    listMunicipalities(db, authorityId),
    officeDayFigures(db, authorityId, from, to),
    appointmentFigures(db, authorityId, from, to),
    caseFigures(db, authorityId, from, to),
    queueFigures(db, authorityId, from, to),
    Promise.all([
      attendedPerDay(db, authorityId, from, to),
      casesPerDay(db, authorityId, from, to),
      queueDays(db, authorityId, from, to),
    ]),
    videoFigures(db, authorityId, from, to),
  ]);
  const [attendedDays, caseDays, queueDayRows] = daily;
  // Booked citizens who checked in and were not marked absent came, even while their appointment
  // still says "booked" (served but not finished, or finished offline): they count as attended.
  const checkedIn = new Map<string, number>();
  for (const d of queueDayRows) checkedIn.set(d.locationId, (checkedIn.get(d.locationId) ?? 0) + d.checkedIn);
  const villages = new Map(
    municipalities.flatMap((m) => m.villages.map((v) => [v.id, { ...v, municipality: m.name }] as const)),
  );
  const townHall = locations.find(
    (l) => l.kind === 'town_hall' && l.latitude !== null && l.longitude !== null,
  );

  const perLocation = locations.map((location) => {
    const a = appointments.byLocation.find((x) => x.locationId === location.id);
    const c = cases.byLocation.find((x) => x.locationId === location.id);
    const q = queue.find((x) => x.locationId === location.id);
    const officeDays = days.find((x) => x.locationId === location.id)?.officeDays ?? 0;
    const attended = (a?.attended ?? 0) + (checkedIn.get(location.id) ?? 0);
    // Served here instead of at the town hall: cases captured here, attended appointments or
    // served tickets — whichever counts more people (they overlap, so they are not added up).
    const visits = Math.max(c?.cases ?? 0, attended, q?.served ?? 0);
    const away =
      townHall && location.id !== townHall.id && location.latitude !== null && location.longitude !== null;
    const kmSaved = away
      ? roundTripSavedKm(
          { latitude: townHall.latitude!, longitude: townHall.longitude! },
          { latitude: location.latitude!, longitude: location.longitude! },
        ) * visits
      : 0;
    const village = location.villageId ? villages.get(location.villageId) : undefined;
    return {
      locationId: location.id,
      locationName: location.name,
      villageName: village?.name ?? null,
      municipalityName: village?.municipality ?? null,
      officeDays,
      appointments: a?.booked ?? 0,
      attended,
      noShows: a?.noShows ?? 0,
      noShowRate: noShowRate(a?.noShows ?? 0, a?.booked ?? 0),
      cancelled: a?.cancelled ?? 0,
      cases: c?.cases ?? 0,
      tickets: q?.tickets ?? 0,
      served: q?.served ?? 0,
      waitingMedianMinutes: q?.waitingMedianMinutes ?? null,
      serviceMedianMinutes: q?.serviceMedianMinutes ?? null,
      tripsSaved: away ? visits : 0,
      kmSaved: Math.round(kmSaved),
    };
  });

  const services = new Map<
    string,
    {
      serviceId: string;
      name: { de: string; en: string } | null;
      cases: number;
      appointments: number;
      noShows: number;
      noShowRate: number | null;
    }
  >();
  for (const s of cases.byService)
    services.set(s.serviceId, {
      serviceId: s.serviceId,
      name: s.name,
      cases: s.cases,
      appointments: 0,
      noShows: 0,
      noShowRate: null,
    });
  for (const s of appointments.byService) {
    const entry = services.get(s.serviceId) ?? {
      serviceId: s.serviceId,
      name: null,
      cases: 0,
      appointments: 0,
      noShows: 0,
      noShowRate: null,
    };
    entry.appointments = s.appointments;
    entry.noShows = s.noShows;
    entry.noShowRate = noShowRate(s.noShows, s.appointments);
    services.set(s.serviceId, entry);
  }

  const missingNames = [...services.values()].filter((s) => !s.name).map((s) => s.serviceId);
  if (missingNames.length > 0) {
    for (const summary of await getPublishedServicesByIds(db, missingNames)) {
      const entry = services.get(summary.id);
      if (entry) entry.name = summary.name;
    }
  }

  const shown = perLocation.filter(
    (l) => l.officeDays + l.appointments + l.cases + l.tickets > 0 || l.locationId === townHall?.id,
  );
  return {
    period,
    timeline: visitsOverTime(
      period,
      shown.map((l) => ({ locationId: l.locationId, place: l.villageName ?? l.locationName })),
      { attended: attendedDays, cases: caseDays, queue: queueDayRows },
    ),
    locations: perLocation.filter(
      (l) => l.officeDays + l.appointments + l.cases + l.tickets > 0 || l.locationId === townHall?.id,
    ),
    casesByChannel: cases.byChannel,
    appointmentsByChannel: appointments.byChannel,
    videoCalls: video,
    services: [...services.values()].sort((x, y) => y.cases + y.appointments - (x.cases + x.appointments)),
    travel: {
      tripsSaved: perLocation.reduce((sum, l) => sum + l.tripsSaved, 0),
      kmSaved: perLocation.reduce((sum, l) => sum + l.kmSaved, 0),
      referenceLocation: townHall?.name ?? null,
      estimated: true,
    },
  };
}

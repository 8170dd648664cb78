import { renderCalendar } from '../../../core/calendar/ics';
import { addDays } from '../../../core/time';
import type { Executor } from '../../db/database';
import { filterAuthorityId } from '../../db/scope';
import { AppError } from '../../http/errors';
import { listOfficeDays, type OfficeDayView, offeredServices, todayInBerlin } from './service';

/**
 * iCalendar feeds of office days (RFC 5545, TZID Europe/Berlin): per location and per
 * municipality. Cancelled days stay in the feed for a while with STATUS:CANCELLED, so subscribed
 * calendars remove them instead of keeping a stale entry.
 */
const PAST_DAYS = 30;
const FUTURE_DAYS = 366;

async function feed(db: Executor, name: string, days: OfficeDayView[], publicUrl: string): Promise<string> {
  const services = new Map<string, string>();
  for (const d of days) {
    const key = d.serviceIds?.join(',') ?? `mobile:${d.authorityId}`;
    if (!services.has(key)) {
      const list = await offeredServices(db, {
        authority_id: d.authorityId,
        service_ids: d.serviceIds,
        mode: d.mode,
      });
      services.set(key, list.map((s) => s.name.de).join(', '));
    }
  }
  return renderCalendar({
    name,
    description: 'Sprechtage des mobilen Bürgerbüros der Verwaltungsgemeinschaft Meerane–Schönberg',
    events: days.map((d) => {
      const l = d.location;
      const offered = services.get(d.serviceIds?.join(',') ?? `mobile:${d.authorityId}`) ?? '';
      return {
        uid: `${d.id}@buergerkoffer`,
        date: d.date,
        startTime: d.startTime,
        endTime: d.endTime,
        summary: `Mobiles Bürgerbüro: ${l.name}${d.status === 'cancelled' ? ' (abgesagt)' : ''}`,
        description: [
          d.status === 'cancelled' ? 'Dieser Sprechtag fällt aus.' : 'Sprechtag des mobilen Bürgerbüros.',
          offered ? `Leistungen: ${offered}` : '',
          `Termin buchen: ${publicUrl}/termin?ort=${l.slug}`,
          l.stepFree ? 'Stufenloser Zugang.' : (l.accessibilityNotes ?? ''),
        ]
          .filter(Boolean)
          .join('\n'),
        location: `${l.name}, ${l.street}, ${l.postalCode} ${l.city}`,
        url: `${publicUrl}/sprechtage?ort=${l.villageId ?? ''}`,
        geo:
          l.latitude !== null && l.longitude !== null
            ? { latitude: l.latitude, longitude: l.longitude }
            : null,
        status: d.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
        sequence: d.version - 1,
      };
    }),
  });
}

export async function locationFeed(db: Executor, slug: string, publicUrl: string): Promise<string> {
  const authority = filterAuthorityId();
  const location = await db
    .selectFrom('locations')
    .select(['id', 'name'])
    .where('slug', '=', slug)
    .$if(!!authority, (q) => q.where('authority_id', '=', authority!))
    .executeTakeFirst();
  if (!location) throw new AppError('NOT_FOUND');
  const today = todayInBerlin();
  const days = await listOfficeDays(db, {
    from: addDays(today, -PAST_DAYS),
    to: addDays(today, FUTURE_DAYS),
    locationIds: [location.id],
    includeCancelled: true,
  });
  return feed(db, `Sprechtage: ${location.name}`, days, publicUrl);
}

/** A municipality by its Gemeindeschlüssel (AGS, 8 digits) or id. */
export async function municipalityFeed(db: Executor, key: string, publicUrl: string): Promise<string> {
  const authority = filterAuthorityId();
  const municipality = await db
    .selectFrom('municipalities')
    .select(['id', 'name'])
    .where(/^\d{8}$/.test(key) ? 'ags' : 'id', '=', key)
    .$if(!!authority, (q) => q.where('authority_id', '=', authority!))
    .executeTakeFirst();
  if (!municipality) throw new AppError('NOT_FOUND');
  const locations = await db
    .selectFrom('locations')
    .select('id')
    .where('municipality_id', '=', municipality.id)
    .execute();
  const today = todayInBerlin();
  const days = await listOfficeDays(db, {
    from: addDays(today, -PAST_DAYS),
    to: addDays(today, FUTURE_DAYS),
    locationIds: locations.map((l) => l.id),
    includeCancelled: true,
  });
  return feed(db, `Sprechtage: ${municipality.name}`, days, publicUrl);
}

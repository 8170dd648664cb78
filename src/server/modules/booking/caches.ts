import { sql } from 'kysely';
import type { CatalogServiceSummary } from '../../../core/catalog/types';
import { addDays } from '../../../core/time';
import type { Executor } from '../../db/database';
import { TableCache } from '../../db/table-changes';
import { getPublishedServicesByIds, listPublishedServices } from '../catalog/service';
import { loadLocations, type OfficeDayLocation, todayInBerlin } from '../schedule/service';

/**
 * What the booking write path and the slot listing read on every request but rarely changes,
 * cached in the process (ADR 14): the places (with their municipality and village names), the
 * published services (names, durations, channels) and, per authority, its mobile services — each
 * dropped as soon as one of its tables changes (statement triggers → NOTIFY, migration 0251). The
 * office days' place and authority never change once planned; they are kept as long as there is
 * room. Values are loaded through the executor of the caller (inside its transaction, if any).
 */
export interface BookingCaches {
  locations(db: Executor, ids: string[]): Promise<Map<string, OfficeDayLocation>>;
  services(db: Executor, ids: string[]): Promise<Map<string, CatalogServiceSummary>>;
  mobileServices(db: Executor, authorityId: string): Promise<CatalogServiceSummary[]>;
  /** The authority's services of a channel: 'mobile' for office days, 'terminal' for video hours (#11). */
  channelServices(
    db: Executor,
    authorityId: string,
    channel: 'mobile' | 'terminal',
  ): Promise<CatalogServiceSummary[]>;
  officeDay(db: Executor, id: string): Promise<OfficeDayFacts | undefined>;
  forgetOfficeDay(id: string): void;
}

/** What never changes about a planned office day: its authority and its place. */
export interface OfficeDayFacts {
  authorityId: string;
  locationId: string;
}

const PLACES = ['locations', 'municipalities', 'villages'];
const CATALOGUE = ['catalog_published'];
const OFFICE_DAYS_KEPT = 20_000;

function createCaches(db: object): BookingCaches {
  const locations = new TableCache<OfficeDayLocation>(db, PLACES);
  const services = new TableCache<CatalogServiceSummary>(db, CATALOGUE);
  const mobile = new TableCache<CatalogServiceSummary[]>(db, CATALOGUE);
  const officeDays = new Map<string, OfficeDayFacts>();
  return {
    locations: (executor, ids) => locations.getMany(ids, (missing) => loadLocations(executor, missing)),
    services: (executor, ids) =>
      services.getMany(
        ids,
        async (missing) =>
          new Map((await getPublishedServicesByIds(executor, missing)).map((s) => [s.id, s] as const)),
      ),
    async mobileServices(executor, authorityId) {
      return this.channelServices(executor, authorityId, 'mobile');
    },
    async channelServices(executor, authorityId, channel) {
      return (
        (await mobile.get(`${authorityId}:${channel}`, () =>
          listPublishedServices(executor, { authorityId, channel }),
        )) ?? []
      );
    },
    async officeDay(executor, id) {
      const known = officeDays.get(id);
      if (known) return known;
      // One miss loads the upcoming planned office days too: they are what citizens book next.
      const rows = await executor
        .selectFrom('office_days')
        .select(['id', 'authority_id', 'location_id'])
        .where((eb) =>
          eb.or([
            eb('id', '=', id),
            eb.and([
              eb('status', '=', 'planned'),
              eb('date', '>=', todayInBerlin()),
              eb('date', '<=', addDays(todayInBerlin(), 180)),
            ]),
          ]),
        )
        // the one asked for first, whatever the limit cuts
        .orderBy(sql`id = ${id}`, 'desc')
        .limit(OFFICE_DAYS_KEPT / 2)
        .execute();
      if (officeDays.size + rows.length > OFFICE_DAYS_KEPT) officeDays.clear();
      for (const r of rows) officeDays.set(r.id, { authorityId: r.authority_id, locationId: r.location_id });
      return officeDays.get(id);
    },
    forgetOfficeDay(id) {
      officeDays.delete(id);
    },
  };
}

const caches = new WeakMap<object, BookingCaches>();

/** The caches of this database (a transaction gets its own, short-lived set). */
export function bookingCaches(db: Executor): BookingCaches {
  let c = caches.get(db);
  if (!c) {
    c = createCaches(db);
    caches.set(db, c);
  }
  return c;
}

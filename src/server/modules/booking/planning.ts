import { sql } from 'kysely';
import type { IsoDate } from '../../../core/time';
import type { Executor } from '../../db/database';
import { notifyContact } from '../notify/service';
import { WAITLIST_NEW_DAYS } from './mail-templates';
import type { BookingSettings } from './settings';

export interface VillageBookingCounts {
  villageId: string;
  /** Demand signals nobody has been told about yet. */
  signals: number;
  /** People waiting on a wait-list of an office day in the village. */
  waiting: number;
  /** Appointments on past office days in the village since `since`, and how many were not kept. */
  pastBooked: number;
  pastNoShows: number;
}

/** Counts per village for the tour planner (#14) — numbers only, no contact leaves this module. */
export async function villageBookingCounts(
  db: Executor,
  authorityId: string,
  window: { since: IsoDate; today: IsoDate },
): Promise<VillageBookingCounts[]> {
  const { rows } = await sql<{
    village_id: string;
    signals: number;
    waiting: number;
    booked: number;
    no_shows: number;
  }>`
    with s as (
      select village_id, count(*)::int as n from demand_signals
       where authority_id = ${authorityId} and announced_at is null group by village_id
    ), w as (
      select l.village_id, count(*)::int as n
        from waitlist_entries e
        join office_days o on o.id = e.office_day_id and o.authority_id = ${authorityId}
        join locations l on l.id = o.location_id
       where e.authority_id = ${authorityId} and e.status = 'waiting' and l.village_id is not null
       group by l.village_id
    ), p as (
      select l.village_id,
             count(*) filter (where a.status in ('booked', 'attended', 'no_show'))::int as booked,
             count(*) filter (where a.status = 'no_show')::int as no_shows
        from appointments a
        join office_days o on o.id = a.office_day_id and o.authority_id = ${authorityId}
        join locations l on l.id = o.location_id
       where a.authority_id = ${authorityId} and o.date >= ${window.since} and o.date < ${window.today}
         and l.village_id is not null
       group by l.village_id
    )
    select coalesce(s.village_id, w.village_id, p.village_id) as village_id,
           coalesce(s.n, 0) as signals, coalesce(w.n, 0) as waiting,
           coalesce(p.booked, 0) as booked, coalesce(p.no_shows, 0) as no_shows
      from s full join w on w.village_id = s.village_id
             full join p on p.village_id = coalesce(s.village_id, w.village_id)`.execute(db);
  return rows.map((r) => ({
    villageId: r.village_id,
    signals: Number(r.signals),
    waiting: Number(r.waiting),
    pastBooked: Number(r.booked),
    pastNoShows: Number(r.no_shows),
  }));
}

/**
 * Tells everyone waiting on a wait-list in these villages (with an address or phone) of the
 * office days just planned there, in the transaction that planned them. Returns how many were told.
 * The entries stay on their wait-list.
 */
export async function tellWaitlistOfNewDays(
  trx: Executor,
  settings: Pick<BookingSettings, 'publicUrl'>,
  authorityId: string,
  villages: {
    villageId: string;
    villageName: string;
    days: { date: string; startsAt: string; endsAt: string; locationName: string }[];
  }[],
): Promise<number> {
  let told = 0;
  for (const v of villages) {
    if (v.days.length === 0) continue;
    const entries = await trx
      .selectFrom('waitlist_entries as e')
      .innerJoin('office_days as o', 'o.id', 'e.office_day_id')
      .innerJoin('locations as l', 'l.id', 'o.location_id')
      .select(['e.id', 'e.email', 'e.phone', 'e.locale'])
      .where('e.authority_id', '=', authorityId)
      .where('o.authority_id', '=', authorityId)
      .where('l.village_id', '=', v.villageId)
      .where('e.status', '=', 'waiting')
      .where((eb) => eb.or([eb('e.email', 'is not', null), eb('e.phone', 'is not', null)]))
      .execute();
    for (const e of entries) {
      await notifyContact(
        trx,
        { email: e.email, phone: e.phone },
        {
          template: WAITLIST_NEW_DAYS,
          locale: e.locale,
          data: {
            villageName: v.villageName,
            days: v.days,
            scheduleUrl: `${settings.publicUrl}/sprechtage?ort=${v.villageId}`,
          },
          authorityId,
          related: { type: 'waitlist_entry', id: e.id },
        },
      );
      told++;
    }
  }
  return told;
}

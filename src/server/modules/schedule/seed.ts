import { uuidv7 } from '../../../core/ids';
import { addDays, type IsoDate, zonedDateTimeToInstant } from '../../../core/time';
import type { Executor } from '../../db/database';
import { SERVICE_IDS } from '../catalog/demo-ids';
import { listKits } from '../kits/service';
import { DEMO } from '../places/demo-ids';
import { DEMO_SCHEDULE } from './demo-ids';
import { saxonHoliday } from './holidays';
import { expandRecurrence } from './recurrence';
import { todayInBerlin } from './service';

/**
 * Demo office days relative to today, so `npm start` always shows a living plan:
 * every 2nd and 4th Tuesday 9–12 at the Gemeindeverwaltung Schönberg, the first Thursday of the
 * month at the care home in Pfaffroda (a care-home day with its own services), the third
 * Wednesday afternoon in Tettau, and a one-off day today in Schönberg for the queue.
 * Kits are taken from the kits module when there are any.
 */
export async function seedScheduleDemo(db: Executor): Promise<void> {
  const A = DEMO.authorityMeerane;
  const today = todayInBerlin();
  const kits = await listKits(db, A).catch(() => []);
  const kit1 = kits[0]?.id ?? null;
  const kit2 = kits[1]?.id ?? kit1;

  const series: {
    id: string;
    locationId: string;
    rrule: string;
    start: string;
    end: string;
    desks: number;
    kitId: string | null;
    serviceIds: string[] | null;
    setup: number;
    teardown: number;
    travel: number;
    note: string | null;
  }[] = [
    {
      id: DEMO_SCHEDULE.seriesSchoenberg,
      locationId: DEMO.locations.gemeindeamtSchoenberg,
      rrule: 'FREQ=MONTHLY;BYDAY=2TU,4TU',
      start: '09:00',
      end: '12:00',
      desks: 2,
      kitId: kit1,
      serviceIds: null,
      setup: 30,
      teardown: 15,
      travel: 15,
      note: null,
    },
    {
      id: DEMO_SCHEDULE.seriesPfaffroda,
      locationId: DEMO.locations.pfaffrodaCareHome,
      rrule: 'FREQ=MONTHLY;BYDAY=1TH',
      start: '10:00',
      end: '11:30',
      desks: 1,
      kitId: kit1,
      serviceIds: [
        SERVICE_IDS.lebensbescheinigung,
        SERVICE_IDS['personalausweis-beantragen'],
        SERVICE_IDS['reisepass-beantragen'],
        SERVICE_IDS.beglaubigung,
        SERVICE_IDS.meldebescheinigung,
      ],
      setup: 20,
      teardown: 15,
      travel: 15,
      note: 'Sprechtag für Bewohnerinnen und Bewohner und ihre Angehörigen.',
    },
    {
      id: DEMO_SCHEDULE.seriesTettau,
      locationId: DEMO.locations.tettau,
      rrule: 'FREQ=MONTHLY;BYDAY=3WE',
      start: '14:00',
      end: '17:00',
      desks: 1,
      kitId: kit2,
      serviceIds: null,
      setup: 30,
      teardown: 15,
      travel: 20,
      note: null,
    },
  ];
  const lastDate = addDays(today, 180);
  const rows: Record<string, unknown>[] = [];
  const day = (s: (typeof series)[number], date: IsoDate, id: string, seriesId: string | null) => ({
    id,
    authority_id: A,
    location_id: s.locationId,
    series_id: seriesId,
    date,
    start_time: s.start,
    end_time: s.end,
    starts_at: zonedDateTimeToInstant(date, s.start),
    ends_at: zonedDateTimeToInstant(date, s.end),
    desks: s.desks,
    kit_id: s.kitId,
    slot_minutes: 15,
    changeover_minutes: 0,
    setup_minutes: s.setup,
    teardown_minutes: s.teardown,
    travel_before_minutes: s.travel,
    travel_after_minutes: s.travel,
    service_ids: s.serviceIds,
    note: s.note,
  });
  for (const s of series) {
    await db
      .insertInto('office_day_series')
      .values({
        id: s.id,
        authority_id: A,
        location_id: s.locationId,
        rrule: s.rrule,
        first_date: today,
        last_date: lastDate,
        start_time: s.start,
        end_time: s.end,
        exdates: [],
        created_by: null,
      })
      .execute();
    for (const date of expandRecurrence({ rrule: s.rrule, firstDate: today, lastDate }).dates) {
      rows.push(day(s, date, uuidv7(), s.id));
    }
  }
  if (!saxonHoliday(today)) {
    rows.push(
      day(
        {
          ...series[0]!,
          start: '08:00',
          end: '18:00',
          note: 'Demo: Sprechtag heute (für Warteschlange und Aufrufanzeige).',
        },
        today,
        DEMO_SCHEDULE.todaySchoenberg,
        null,
      ),
    );
  }
  if (rows.length)
    await db
      .insertInto('office_days')
      .values(rows as never)
      .execute();
}

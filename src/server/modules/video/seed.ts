import { uuidv7 } from '../../../core/ids';
import { addDays, zonedDateTimeToInstant } from '../../../core/time';
import type { Executor } from '../../db/database';
import { DEMO } from '../places/demo-ids';
import { saxonHoliday } from '../schedule/holidays';
import { expandRecurrence } from '../schedule/recurrence';
import { todayInBerlin } from '../schedule/service';

/** Fixed id of the demo video-hours series, for tests and the demo. */
export const DEMO_VIDEO_SERIES = '01900000-0000-7000-8000-000000000b01';

/**
 * Demo video hours (#11): every Monday and Thursday 14:00–17:00 the clerks in Meerane answer
 * video calls from the citizens' terminal in the Gemeindeverwaltung Schönberg, for the next eight
 * weeks — bookable in the portal like any office day ("per Video am Terminal"). A terminal itself
 * is not seeded: a coordinator registers one and sets the device up with its one-time code.
 */
export async function seedVideoDemo(db: Executor): Promise<void> {
  const today = todayInBerlin();
  const lastDate = addDays(today, 56);
  const rrule = 'FREQ=WEEKLY;BYDAY=MO,TH';
  const start = '14:00';
  const end = '17:00';
  await db
    .insertInto('office_day_series')
    .values({
      id: DEMO_VIDEO_SERIES,
      authority_id: DEMO.authorityMeerane,
      location_id: DEMO.locations.gemeindeamtSchoenberg,
      rrule,
      first_date: today,
      last_date: lastDate,
      start_time: start,
      end_time: end,
      exdates: [],
      created_by: null,
    })
    .execute();
  const dates = expandRecurrence({ rrule, firstDate: today, lastDate }).dates.filter((d) => !saxonHoliday(d));
  if (dates.length === 0) return;
  await db
    .insertInto('office_days')
    .values(
      dates.map((date) => ({
        id: uuidv7(),
        authority_id: DEMO.authorityMeerane,
        location_id: DEMO.locations.gemeindeamtSchoenberg,
        series_id: DEMO_VIDEO_SERIES,
        date,
        start_time: start,
        end_time: end,
        starts_at: zonedDateTimeToInstant(date, start),
        ends_at: zonedDateTimeToInstant(date, end),
        desks: 2,
        kit_id: null,
        slot_minutes: 15,
        service_ids: null,
        note: 'Videoberatung am Bürgerterminal in der Gemeindeverwaltung Schönberg.',
        mode: 'video' as const,
      })),
    )
    .execute();
}

import { uuidv7 } from '../../../core/ids';
import { addDays, type IsoDate, weekday, zonedDateTimeToInstant } from '../../../core/time';
import type { Executor } from '../../db/database';
import { DEMO } from '../places/demo-ids';
import { saxonHoliday } from '../schedule/holidays';
import { todayInBerlin } from '../schedule/service';
import { ticketCode } from './service';

/**
 * Demo history for the evaluation (#10): the last twelve weeks of walk-in queues on the demo
 * office days — Schönberg on Tuesdays, Tettau on Wednesdays, the care home in Pfaffroda on
 * Thursdays — with waiting and service times, so the charts have something to show on the first
 * start. Tickets only: no names, no contact data. Deterministic, so every demo database is alike.
 */
const PLACES: { locationId: string; weekday: number; start: string; visitors: number }[] = [
  { locationId: DEMO.locations.gemeindeamtSchoenberg, weekday: 2, start: '09:00', visitors: 9 },
  { locationId: DEMO.locations.tettau, weekday: 3, start: '14:00', visitors: 5 },
  { locationId: DEMO.locations.pfaffrodaCareHome, weekday: 4, start: '10:00', visitors: 3 },
];

/** A small deterministic generator (mulberry32), seeded per place and day. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedQueueDemo(db: Executor, today: IsoDate = todayInBerlin()): Promise<void> {
  const rows = [];
  for (let back = 84; back >= 1; back--) {
    const date = addDays(today, -back);
    if (saxonHoliday(date)) continue;
    for (const [p, place] of PLACES.entries()) {
      if (weekday(date) !== place.weekday) continue;
      const rnd = random(back * 31 + p);
      const count = Math.max(1, Math.round(place.visitors * (0.6 + rnd() * 0.8)));
      let clock = zonedDateTimeToInstant(date, place.start).getTime();
      for (let n = 1; n <= count; n++) {
        const arrived = new Date(clock + Math.round(rnd() * 10) * 60_000);
        const called = new Date(arrived.getTime() + Math.round(2 + rnd() * 18) * 60_000);
        const finished = new Date(called.getTime() + Math.round(5 + rnd() * 15) * 60_000);
        clock = called.getTime();
        rows.push({
          id: uuidv7(),
          authority_id: DEMO.authorityMeerane,
          location_id: place.locationId,
          office_day_id: null,
          service_date: date,
          prefix: 'A',
          number: n,
          code: ticketCode('A', n),
          kind: 'walk_in' as const,
          appointment_id: null,
          service_ids: [],
          status: 'done' as const,
          sort_at: arrived,
          call_count: 1,
          desk_label: 'Platz 1',
          clerk_id: null,
          arrived_at: arrived,
          first_called_at: called,
          last_called_at: called,
          served_at: called,
          finished_at: finished,
          kit_id: null,
          kit_ref: null,
          created_by: null,
        });
      }
    }
  }
  if (rows.length > 0) await db.insertInto('tickets').values(rows).execute();
}

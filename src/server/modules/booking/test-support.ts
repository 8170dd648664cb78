import { addDays, type IsoDate, weekday } from '../../../core/time';
import type { Agent, TestApp } from '../../test/test-app';
import { solvedChallenge } from '../antibot/test-support';
import { SERVICE_IDS } from '../catalog/demo-ids';
import { renderPendingOutbox } from '../notify/service';
import { DEMO } from '../places/demo-ids';
import { saxonHoliday } from '../schedule/holidays';
import { todayInBerlin } from '../schedule/service';

/** Helpers for the schedule, booking and queue tests (not a test file itself). */

export const PA = SERVICE_IDS['personalausweis-beantragen'];
export const RP = SERVICE_IDS['reisepass-beantragen'];
export const ANMELDUNG = SERVICE_IDS['anmeldung-einer-wohnung'];
export const MELDEBESCHEINIGUNG = SERVICE_IDS.meldebescheinigung;
export const LEBENSBESCHEINIGUNG = SERVICE_IDS.lebensbescheinigung;

/** A working day (Mon–Fri, no Saxon holiday) at least `minDays` from today that no demo series uses. */
export function freeWorkingDay(minDays: number, offset = 0): IsoDate {
  let date = addDays(todayInBerlin(), minDays);
  let skip = offset;
  for (;;) {
    const wd = weekday(date);
    // Demo series use Tuesdays (Schönberg), Wednesdays (Tettau) and Thursdays (Pfaffroda).
    if ((wd === 1 || wd === 5) && !saxonHoliday(date)) {
      if (skip === 0) return date;
      skip--;
    }
    date = addDays(date, 1);
  }
}

export interface PlannedDay {
  id: string;
  date: string;
  startsAt: string;
  endsAt: string;
}

/** Plans one office day through the API as a coordinator. */
export async function planDay(
  _t: TestApp,
  coordinator: Agent,
  input: {
    date: IsoDate;
    startTime?: string;
    endTime?: string;
    desks?: number;
    locationId?: string;
    serviceIds?: string[] | null;
    kitId?: string | null;
    slotMinutes?: number;
  },
): Promise<PlannedDay> {
  const res = await coordinator.post('/api/schedule/office-days', {
    locationId: input.locationId ?? DEMO.locations.gemeindeamtSchoenberg,
    date: input.date,
    startTime: input.startTime ?? '09:00',
    endTime: input.endTime ?? '12:00',
    desks: input.desks ?? 1,
    ...(input.kitId !== undefined ? { kitId: input.kitId } : {}),
    ...(input.serviceIds !== undefined ? { serviceIds: input.serviceIds } : {}),
    ...(input.slotMinutes ? { slotMinutes: input.slotMinutes } : {}),
    // Tests plan days of their own that may overlap another test's day at the same place.
    allowOverlap: true,
  });
  if (res.statusCode !== 201) throw new Error(`planning failed: ${res.statusCode} ${res.body}`);
  return res.json().created[0];
}

/** The instant of a Berlin wall-clock time on a day, as ISO string. */
export function at(date: IsoDate, time: string): string {
  const offset = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' })
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .find((p) => p.type === 'timeZoneName')!
    .value.replace('GMT', '');
  return new Date(`${date}T${time}:00${offset || '+00:00'}`).toISOString();
}

let counter = 0;
export function contact(name = 'Testperson (fiktiv)') {
  counter++;
  return { name, email: `person${counter}.${Date.now().toString(36)}@example.org` };
}

export async function bookDirect(
  citizen: Agent,
  day: PlannedDay,
  time: string,
  serviceIds: string[] = [PA],
  who = contact(),
  headers: Record<string, string> = {},
) {
  return citizen.post(
    '/api/booking/appointments',
    { officeDayId: day.id, startsAt: at(day.date, time), serviceIds, contact: who },
    { ...(await solvedChallenge(citizen)), ...headers },
  );
}

/** The outbox as the admin's page shows it: messages queued by the database rendered first. */
export async function outbox(t: TestApp, recipient?: string) {
  await renderPendingOutbox(t.db);
  let q = t.db.selectFrom('outbox_messages').selectAll().orderBy('created_at');
  if (recipient) q = q.where('recipient', '=', recipient);
  return q.execute();
}

import { newReference } from '../../../core/booking/contact';
import { uuidv7 } from '../../../core/ids';
import type { AppConfig } from '../../config';
import type { Executor } from '../../db/database';
import { hashToken, newToken } from '../../http/auth';
import { SERVICE_IDS } from '../catalog/demo-ids';
import { getPublishedServicesByIds } from '../catalog/service';
import { DEMO } from '../places/demo-ids';
import { DEMO_SCHEDULE } from '../schedule/demo-ids';
import { loadLocations, todayInBerlin } from '../schedule/service';
import { minutesAt } from './availability';

/**
 * A few clearly fictitious bookings (names marked "Demo", addresses at example.org): on the next
 * Schönberg office day and on today's demo day, so the desk list, the queue's check-in and the
 * kit's preparation show something. Written directly (no mails), with unknown manage tokens.
 */
export async function seedBookingDemo(db: Executor, _config: Pick<AppConfig, 'seedDemo'>): Promise<void> {
  const today = todayInBerlin();
  const next = await db
    .selectFrom('office_days')
    .selectAll()
    .where('series_id', '=', DEMO_SCHEDULE.seriesSchoenberg)
    .where('date', '>', today)
    .orderBy('date')
    .limit(1)
    .executeTakeFirst();
  const todayDay = await db
    .selectFrom('office_days')
    .selectAll()
    .where('id', '=', DEMO_SCHEDULE.todaySchoenberg)
    .executeTakeFirst();
  const location = (await loadLocations(db, [DEMO.locations.gemeindeamtSchoenberg])).get(
    DEMO.locations.gemeindeamtSchoenberg,
  )!;
  const plans: {
    day: typeof next;
    time: string;
    desk: number;
    services: string[];
    name: string;
    email: string | null;
    phone: string | null;
    channel: 'portal' | 'hotline' | 'terminal';
  }[] = [
    {
      day: next,
      time: '09:00',
      desk: 1,
      services: [SERVICE_IDS['personalausweis-beantragen']],
      name: 'Erika Mustermann (Demo)',
      email: 'erika.mustermann@example.org',
      phone: null,
      channel: 'portal',
    },
    {
      day: next,
      time: '09:00',
      desk: 2,
      services: [SERVICE_IDS['anmeldung-einer-wohnung']],
      name: 'Max Mustermann (Demo)',
      email: null,
      phone: '03764 000111',
      channel: 'hotline',
    },
    {
      day: next,
      time: '09:30',
      desk: 1,
      services: [SERVICE_IDS['reisepass-beantragen'], SERVICE_IDS.meldebescheinigung],
      name: 'Lieschen Müller (Demo)',
      email: 'lieschen.mueller@example.org',
      phone: null,
      channel: 'terminal',
    },
    {
      day: todayDay,
      time: '15:00',
      desk: 1,
      services: [SERVICE_IDS.lebensbescheinigung],
      name: 'Otto Normalverbraucher (Demo)',
      email: 'otto.normal@example.org',
      phone: null,
      channel: 'portal',
    },
    {
      day: todayDay,
      time: '15:30',
      desk: 1,
      services: [SERVICE_IDS['personalausweis-beantragen']],
      name: 'Hanna Beispiel (Demo)',
      email: null,
      phone: '03764 000222',
      channel: 'hotline',
    },
  ];
  for (const p of plans) {
    if (!p.day) continue;
    const services = await getPublishedServicesByIds(db, p.services);
    if (services.length !== p.services.length) continue;
    const minutes = minutesAt(services, location);
    const [h, m] = p.time.split(':').map(Number) as [number, number];
    const start = new Date(p.day.starts_at.getTime() + (h * 60 + m - minutesOf(p.day.start_time)) * 60_000);
    const end = new Date(start.getTime() + minutes * 60_000);
    if (end.getTime() > p.day.ends_at.getTime()) continue;
    await db
      .insertInto('appointments')
      .values({
        id: uuidv7(),
        authority_id: p.day.authority_id,
        office_day_id: p.day.id,
        location_id: p.day.location_id,
        service_date: p.day.date,
        desk: p.desk,
        starts_at: start,
        ends_at: end,
        block_end: end,
        status: 'booked',
        hold_expires_at: null,
        booking_number: newReference('T'),
        manage_token_hash: hashToken(newToken()),
        service_ids: services.map((s) => s.id),
        duration_minutes: minutes,
        name: p.name,
        email: p.email,
        phone: p.phone,
        contact_key: p.email ? `e:${p.email}` : `p:${p.phone!.replace(/\D/g, '')}`,
        locale: 'de',
        channel: p.channel,
        note: null,
        created_by: null,
        confirmed_at: new Date(),
        cancelled_at: null,
        cancel_reason: null,
      })
      .execute();
  }
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

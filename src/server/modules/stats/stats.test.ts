import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newReference } from '../../../core/booking/contact';
import { uuidv7 } from '../../../core/ids';
import { localDate, zonedDateTimeToInstant } from '../../../core/time';
import { hashToken, newToken } from '../../http/auth';
import { createTestApp, type TestApp } from '../../test/test-app';
import { PA } from '../booking/test-support';
import { DEMO } from '../places/demo-ids';
import { noShowRate } from './service';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const today = localDate(new Date());

async function ticket(
  locationId: string,
  number: number,
  waitMin: number,
  serveMin: number,
  status: 'done' | 'no_show' = 'done',
) {
  const arrived = new Date(Date.now() - 3 * 3_600_000);
  const called = new Date(arrived.getTime() + waitMin * 60_000);
  const finished = new Date(called.getTime() + serveMin * 60_000);
  await t.db
    .insertInto('tickets')
    .values({
      id: uuidv7(),
      authority_id: DEMO.authorityMeerane,
      location_id: locationId,
      office_day_id: null,
      service_date: today,
      prefix: 'S',
      number,
      code: `S-${900 + number}`,
      kind: 'walk_in',
      appointment_id: null,
      service_ids: [],
      status,
      sort_at: arrived,
      call_count: 1,
      arrived_at: arrived,
      first_called_at: called,
      last_called_at: called,
      served_at: status === 'done' ? called : null,
      finished_at: status === 'done' ? finished : null,
    } as never)
    .execute();
}

describe('evaluation figures', () => {
  it('give waiting and service medians per location and the travel saved, without personal data', async () => {
    await ticket(DEMO.locations.gemeindeamtSchoenberg, 1, 4, 10);
    await ticket(DEMO.locations.gemeindeamtSchoenberg, 2, 6, 12);
    await ticket(DEMO.locations.gemeindeamtSchoenberg, 3, 20, 30);
    await ticket(DEMO.locations.gemeindeamtSchoenberg, 4, 1, 0, 'no_show');
    const evaluator = await t.login('evaluator');
    const res = await evaluator.get(`/api/stats/overview?from=${today}&to=${today}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const schoenberg = body.locations.find(
      (l: { locationId: string }) => l.locationId === DEMO.locations.gemeindeamtSchoenberg,
    );
    expect(schoenberg).toMatchObject({
      tickets: 4,
      served: 3,
      serviceMedianMinutes: 12,
      villageName: 'Schönberg',
    });
    expect(schoenberg.waitingMedianMinutes).toBe(5);
    expect(schoenberg.tripsSaved).toBe(3);
    expect(schoenberg.kmSaved).toBeGreaterThan(3 * 7);
    expect(body.travel.estimated).toBe(true);
    expect(body.travel.referenceLocation).toContain('Rathaus Meerane');
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/@|S-90\d/);
  });

  it('count appointments per channel and service with the service names', async () => {
    const evaluator = await t.login('evaluator');
    const body = (await evaluator.get('/api/stats/overview?from=2026-01-01&to=2027-12-31')).json();
    const total = body.appointmentsByChannel.reduce(
      (sum: number, c: { appointments: number }) => sum + c.appointments,
      0,
    );
    const perLocation = body.locations.reduce(
      (sum: number, l: { appointments: number }) => sum + l.appointments,
      0,
    );
    expect(total).toBe(perLocation);
    for (const s of body.services) expect(s.name?.de).toBeTruthy();
  });

  it('are for evaluators, coordinators and admins of the authority only', async () => {
    expect((await (await t.login('clerk')).get('/api/stats/overview')).statusCode).toBe(403);
    expect((await (await t.login('hotline')).get('/api/stats/overview')).statusCode).toBe(403);
    expect((await t.anonymous().get('/api/stats/overview')).statusCode).toBe(401);
    expect((await (await t.login('coordinator')).get('/api/stats/overview')).statusCode).toBe(200);
  });

  it('refuse a period that ends before it starts', async () => {
    const evaluator = await t.login('evaluator');
    const res = await evaluator.get('/api/stats/overview?from=2026-11-30&to=2026-11-01');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'STATS_PERIOD_INVALID',
      errors: [expect.objectContaining({ path: '/querystring/to' })],
    });
    expect((await evaluator.get('/api/stats/overview?from=gestern')).json().code).toBe('VALIDATION_FAILED');
  });
});

const officeDays = new Map<string, string>();
/** Today's office day at a location (inserted directly: planning for today is allowed, booking is not). */
async function officeDayToday(locationId: string): Promise<string> {
  const known = officeDays.get(locationId);
  if (known) return known;
  const id = uuidv7();
  await t.db
    .insertInto('office_days')
    .values({
      id,
      authority_id: DEMO.authorityMeerane,
      location_id: locationId,
      series_id: null,
      date: today,
      start_time: '05:00',
      end_time: '23:00',
      starts_at: zonedDateTimeToInstant(today, '05:00'),
      ends_at: zonedDateTimeToInstant(today, '23:00'),
      desks: 20,
      kit_id: null,
      service_ids: null,
      cancel_reason: null,
      note: null,
    })
    .execute();
  officeDays.set(locationId, id);
  return id;
}

/** A booked appointment today at a location (inserted directly: booking for today has closed). */
async function appointment(locationId: string, minute: number, status = 'booked') {
  const id = uuidv7();
  const officeDayId = await officeDayToday(locationId);
  const start = new Date(zonedDateTimeToInstant(today, '06:00').getTime() + minute * 60_000);
  await t.db
    .insertInto('appointments')
    .values({
      id,
      authority_id: DEMO.authorityMeerane,
      office_day_id: officeDayId,
      location_id: locationId,
      service_date: today,
      desk: 1,
      starts_at: start,
      ends_at: new Date(start.getTime() + 15 * 60_000),
      block_end: new Date(start.getTime() + 15 * 60_000),
      status,
      hold_expires_at: null,
      booking_number: newReference('T'),
      manage_token_hash: hashToken(newToken()),
      service_ids: [PA],
      duration_minutes: 15,
      name: 'Statistik Person (fiktiv)',
      email: `${id}@example.org`,
      phone: null,
      contact_key: `e:${id}@example.org`,
      locale: 'de',
      channel: 'portal',
      note: null,
      created_by: null,
      confirmed_at: new Date(),
      cancelled_at: null,
      cancel_reason: null,
    } as never)
    .execute();
  return id;
}

async function checkedInTicket(locationId: string, appointmentId: string, number: number, status: string) {
  await t.db
    .insertInto('tickets')
    .values({
      id: uuidv7(),
      authority_id: DEMO.authorityMeerane,
      location_id: locationId,
      office_day_id: null,
      service_date: today,
      prefix: 'T',
      number,
      code: `T${800 + number}`,
      kind: 'appointment',
      appointment_id: appointmentId,
      service_ids: [PA],
      status,
      sort_at: new Date(),
      call_count: status === 'waiting' ? 0 : 1,
    } as never)
    .execute();
}

describe('evaluation (#10)', () => {
  const at = (body: { locations: { locationId: string; attended: number }[] }, id: string) =>
    body.locations.find((l) => l.locationId === id);

  it('counts booked citizens who checked in or are being served as attended, not those marked absent', async () => {
    const evaluator = await t.login('evaluator');
    const L = DEMO.locations.tettau;
    const before =
      at((await evaluator.get(`/api/stats/overview?from=${today}&to=${today}`)).json(), L)?.attended ?? 0;
    await checkedInTicket(L, await appointment(L, 0), 1, 'waiting');
    await checkedInTicket(L, await appointment(L, 20), 2, 'serving');
    await checkedInTicket(L, await appointment(L, 40, 'no_show'), 3, 'no_show');
    await checkedInTicket(L, await appointment(L, 60, 'attended'), 4, 'done');
    const after = (await evaluator.get(`/api/stats/overview?from=${today}&to=${today}`)).json();
    expect(at(after, L)!.attended).toBe(before + 3);
    // The no-show rate per place and per service (#14): did-not-attend among appointments.
    const place = after.locations.find((l: { locationId: string }) => l.locationId === L);
    expect(place.noShows).toBeGreaterThanOrEqual(1);
    expect(place.noShowRate).toBe(Math.round((place.noShows / place.appointments) * 1000) / 10);
    const withNoShows = after.services.filter((x: { noShows: number }) => x.noShows > 0);
    expect(withNoShows.length).toBeGreaterThanOrEqual(1);
    for (const x of withNoShows)
      expect(x.noShowRate).toBe(Math.round((x.noShows / x.appointments) * 1000) / 10);
  });

  it('computes the no-show rate in per cent with one decimal, none without appointments', () => {
    expect(noShowRate(0, 0)).toBeNull();
    expect(noShowRate(1, 3)).toBe(33.3);
    expect(noShowRate(2, 3)).toBe(66.7);
    expect(noShowRate(0, 5)).toBe(0);
    expect(noShowRate(5, 5)).toBe(100);
  });

  it('draws visits per village over time in weeks, months or quarters', async () => {
    const evaluator = await t.login('evaluator');
    const week = (await evaluator.get('/api/stats/overview')).json();
    expect(week.timeline.bucket).toBe('week');
    expect(week.timeline.periods[0].from).toBe(week.period.from);
    expect(week.timeline.periods.at(-1).to).toBe(today);
    const schoenberg = week.timeline.series.find((s: { name: string }) => s.name === 'Schönberg');
    expect(schoenberg.visits).toHaveLength(week.timeline.periods.length);
    expect(schoenberg.visits.at(-1)).toBeGreaterThanOrEqual(3);
    const tettau = week.timeline.series.find((s: { name: string }) => s.name === 'Tettau');
    expect(tettau.visits.at(-1)).toBeGreaterThanOrEqual(3);
    const year = (await evaluator.get(`/api/stats/overview?from=2026-01-01&to=2026-12-31`)).json();
    expect(year.timeline.bucket).toBe('month');
    expect(year.timeline.periods).toHaveLength(12);
  });

  it('downloads the figures as CSV for Excel: BOM, semicolons, German headers, no formulas', async () => {
    const coordinator = await t.login('coordinator');
    const evil = await coordinator.post('/api/places/locations', {
      municipalityId: DEMO.municipalitySchoenberg,
      name: '=HYPERLINK("http://angreifer.example";"Klick")',
      slug: 'formel-test',
      kind: 'other',
      street: '@Straße 1',
      postalCode: '08393',
      city: 'Schönberg',
      stepFree: false,
    });
    expect(evil.statusCode, evil.body).toBe(201);
    await checkedInTicket(evil.json().id, await appointment(evil.json().id, 0), 9, 'waiting');

    const evaluator = await t.login('evaluator');
    const res = await evaluator.get(`/api/stats/overview.csv?from=${today}&to=${today}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="auswertung-${today}-bis-${today}.csv"`,
    );
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'Standort;Ort;Gemeinde;Sprechtage;Termine;Erschienen;Nicht erschienen;Nicht erschienen (%);Abgesagt;Vorgänge;Wartenummern;Bedient;Wartezeit Median (Minuten);Bedienzeit Median (Minuten);Ersparte Wege;Ersparte Kilometer (geschätzt)',
    );
    const body = (await evaluator.get(`/api/stats/overview?from=${today}&to=${today}`)).json();
    // The places, an empty line, then appointments and no-shows per service (#14).
    const gap = lines.indexOf('');
    expect(gap).toBe(1 + body.locations.length);
    expect(lines[gap + 1]).toBe('Leistung;Termine;Nicht erschienen;Nicht erschienen (%)');
    expect(lines.slice(gap + 2).filter(Boolean)).toHaveLength(
      body.services.filter((x: { appointments: number }) => x.appointments > 0).length,
    );
    const schoenberg = lines.find((l) => l.startsWith('Gemeindeverwaltung Schönberg'))!;
    // The numbers of the first test, as plain numbers under their headers.
    const row = Object.fromEntries(lines[0]!.split(';').map((h, k) => [h, schoenberg.split(';')[k]]));
    expect(row).toMatchObject({
      Ort: 'Schönberg',
      Wartenummern: '4',
      Bedient: '3',
      'Wartezeit Median (Minuten)': '5',
      'Bedienzeit Median (Minuten)': '12',
      'Ersparte Wege': '3',
    });
    const injected = lines.find((l) => l.includes('HYPERLINK'))!;
    expect(injected.startsWith(`"'=HYPERLINK(""http://angreifer.example"";""Klick"")"`)).toBe(true);
    expect(lines.some((l) => /(^|;)[=+\-@]/.test(l))).toBe(false);

    const english = await evaluator.get(`/api/stats/overview.csv?from=${today}&to=${today}&lang=en`);
    expect(english.body.split('\r\n')[0]).toContain('Location;Village;Municipality');
  });

  it('gives the CSV only to evaluators, coordinators and admins, and checks the period', async () => {
    expect((await (await t.login('clerk')).get('/api/stats/overview.csv')).statusCode).toBe(403);
    expect((await t.anonymous().get('/api/stats/overview.csv')).statusCode).toBe(401);
    const evaluator = await t.login('evaluator');
    expect((await evaluator.get('/api/stats/overview.csv?from=2026-11-30&to=2026-11-01')).json().code).toBe(
      'STATS_PERIOD_INVALID',
    );
    expect((await evaluator.get('/api/stats/overview.csv?lang=fr')).statusCode).toBe(400);
  });
});

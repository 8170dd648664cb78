import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../core/ids';
import { localDate } from '../../../core/time';
import { createTestApp, type TestApp } from '../../test/test-app';
import { DEMO } from '../places/demo-ids';

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

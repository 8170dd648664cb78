import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../core/ids';
import { addDays } from '../../../core/time';
import { createTestApp, type TestApp } from '../../test/test-app';
import { SYSTEM_ACTOR } from '../audit/service';
import { registerKit } from '../kits/service';
import { DEMO } from '../places/demo-ids';
import { todayInBerlin } from '../schedule/service';
import type { TourPlanView } from './service';
import { nextMonday } from './service';

/**
 * Tour planner (#14) through the API on the demo data: propose from demand (counts only, the
 * register read audited), change, accept once (office days as if planned by hand, the waiting
 * told), the rules of hand planning, and who may do it. PGlite and PostgreSQL (TEST_DATABASE_URL).
 */
const A = DEMO.authorityMeerane;
const V = DEMO.villages;
const OTHER = '01900000-0000-7000-8000-00000000c140';
let t: TestApp;
let kitId: string;
const firstDate = nextMonday(addDays(todayInBerlin(), 7));
const EMAIL = 'wartend.tourtest@example.org';
const SIGNAL_EMAIL = 'wunsch.tourtest@example.org';

async function signal(villageId: string, municipalityId: string, email: string | null = null) {
  await t.db
    .insertInto('demand_signals')
    .values({
      id: uuidv7(),
      authority_id: A,
      municipality_id: municipalityId,
      village_id: villageId,
      email,
      phone: null,
      locale: 'de',
      note: null,
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  const kit = await registerKit(t.db, { ...SYSTEM_ACTOR, authorityId: A }, A, {
    name: 'Tourenkoffer (Test)',
    municipalityIds: [DEMO.municipalitySchoenberg, DEMO.municipalityMeerane],
    locationIds: [],
  });
  kitId = kit.kit.id;
  for (let i = 0; i < 6; i++)
    await signal(V.koethel, DEMO.municipalitySchoenberg, i === 0 ? SIGNAL_EMAIL : null);
  for (let i = 0; i < 4; i++) await signal(V.tettau, DEMO.municipalitySchoenberg);
  await signal(V.crotenlaide, DEMO.municipalityMeerane);
  // Someone waits for a full office day at Köthel's fire station (an earlier day).
  const day = uuidv7();
  const date = addDays(todayInBerlin(), 2);
  await sql`insert into office_days (id, authority_id, location_id, date, start_time, end_time, starts_at, ends_at, desks)
    values (${day}, ${A}, ${DEMO.locations.koethel}, ${date}, '09:00', '10:00', ${`${date}T08:00:00Z`}, ${`${date}T09:00:00Z`}, 1)`.execute(
    t.db,
  );
  await t.db
    .insertInto('waitlist_entries')
    .values({ id: uuidv7(), authority_id: A, office_day_id: day, email: EMAIL, phone: null, locale: 'de' })
    .execute();
  await sql`insert into authorities (id, authority_id, name, short_name, kind, street, postal_code, city, slug)
    values (${OTHER}, ${OTHER}, 'Gemeinde Anderswo', 'Anderswo', 'municipality', 'Weg 1', '01234', 'Anderswo', 'anderswo-tour')`.execute(
    t.db,
  );
});
afterAll(async () => {
  await t?.close();
});

describe('tour planner', () => {
  let plan: TourPlanView;

  it('proposes tours from demand with the kit, within its hours, and reads the register as counts only (audited)', async () => {
    const coordinator = await t.login('coordinator');
    const res = await coordinator.post('/api/tours/plans', { weeks: 2, firstDate });
    expect(res.statusCode, res.body).toBe(201);
    plan = res.json();
    expect(plan.status).toBe('proposed');
    expect(plan.travel).toBe('haversine');
    const stops = plan.proposal.tours.flatMap((x) => x.stops);
    expect(stops.map((s) => s.villageId)).toEqual(expect.arrayContaining([V.koethel, V.tettau]));
    for (const tour of plan.proposal.tours) {
      expect(tour.kitId).toBe(kitId);
      expect(tour.clerkMinutes).toBeLessThanOrEqual(plan.kitDayMinutes);
      expect(plan.workdays).toContain(tour.date);
    }
    // Crotenlaide has no room for an office day: said, not hidden.
    expect(plan.proposal.unplanned).toEqual(
      expect.arrayContaining([expect.objectContaining({ villageId: V.crotenlaide, reason: 'no_location' })]),
    );
    // No contact of anyone who asked or waits is in the proposal.
    expect(res.body).not.toContain(EMAIL);
    expect(res.body).not.toContain(SIGNAL_EMAIL);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'subject_person_id', 'details'])
      .where('action', 'in', ['register.village_counts', 'tour_plan.propose'])
      .where('authority_id', '=', A)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['register.village_counts', 'tour_plan.propose']);
    const read = audit.find((a) => a.action === 'register.village_counts')!;
    expect(read.subject_person_id).toBeNull();
    expect(read.details).toMatchObject({ purpose: 'tour_planning' });
  });

  it('lets the coordinator change the proposal, and refuses changes that break the rules', async () => {
    const coordinator = await t.login('coordinator');
    const url = `/api/tours/plans/${plan.id}`;
    const edit = (tours: unknown, version = plan.version) => coordinator.put(url, { version, tours });
    const weekend = plan.workdays.includes(addDays(firstDate, 5)) ? null : addDays(firstDate, 5);
    const stop = (villageId: string, minutes = 60) => ({ villageId, minutes });
    expect((await edit([{ date: weekend, kitId, stops: [stop(V.koethel)] }])).json().code).toBe(
      'TOUR_DAY_NOT_WORKDAY',
    );
    expect(
      (await edit([{ date: firstDate, kitId, stops: [stop(V.koethel), stop(V.koethel)] }])).json().code,
    ).toBe('TOUR_VILLAGE_TWICE');
    expect((await edit([{ date: firstDate, kitId, stops: [stop(V.crotenlaide)] }])).json().code).toBe(
      'TOUR_VILLAGE_UNKNOWN',
    );
    expect((await edit([{ date: firstDate, kitId: uuidv7(), stops: [stop(V.koethel)] }])).json().code).toBe(
      'TOUR_KIT_UNKNOWN',
    );
    const twice = await edit([
      { date: firstDate, kitId, stops: [stop(V.koethel)] },
      { date: firstDate, kitId, stops: [stop(V.tettau)] },
    ]);
    expect(twice.json()).toMatchObject({ code: 'TOUR_KIT_TWICE' });
    const tooLong = await edit([{ date: firstDate, kitId, stops: [stop(V.koethel, 600)] }]);
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.json()).toMatchObject({ code: 'TOUR_TOO_LONG' });
    expect((await edit([], plan.version + 5)).statusCode).toBe(409);
    expect(
      (await edit([{ date: firstDate, kitId, stops: [{ villageId: V.koethel, minutes: 50 }] }])).statusCode,
    ).toBe(400);
    // Nothing of the refused changes was kept.
    expect((await coordinator.get(url)).json().version).toBe(plan.version);

    // Köthel only, two hours, on the second day of the period; Tettau taken out.
    const day2 = plan.workdays[1]!;
    const ok = await edit([{ date: day2, kitId, stops: [stop(V.koethel, 120)] }]);
    expect(ok.statusCode, ok.body).toBe(200);
    plan = ok.json();
    expect(plan.version).toBe(2);
    expect(plan.proposal.tours).toHaveLength(1);
    const only = plan.proposal.tours[0]!;
    expect(only.date).toBe(day2);
    const [h1, m1] = only.stops[0]!.startTime.split(':').map(Number) as [number, number];
    const [h2, m2] = only.stops[0]!.endTime.split(':').map(Number) as [number, number];
    expect(h2 * 60 + m2 - (h1 * 60 + m1)).toBe(120);
    expect(plan.proposal.unplanned).toEqual(
      expect.arrayContaining([expect.objectContaining({ villageId: V.tettau, reason: 'left_out' })]),
    );
  });

  it('refuses clerks, citizens and another authority', async () => {
    const clerk = await t.login('clerk');
    expect((await clerk.post('/api/tours/plans', { weeks: 2 })).statusCode).toBe(403);
    expect((await clerk.get(`/api/tours/plans/${plan.id}`)).statusCode).toBe(403);
    expect(
      (await clerk.post(`/api/tours/plans/${plan.id}/accept`, { version: plan.version })).statusCode,
    ).toBe(403);
    const citizen = t.anonymous();
    expect((await citizen.get('/api/tours/plans/latest')).statusCode).toBe(401);
    expect(
      (await citizen.post(`/api/tours/plans/${plan.id}/accept`, { version: plan.version })).statusCode,
    ).toBe(401);
    const foreign = await t.login('coordinator', { authorityId: OTHER });
    expect((await foreign.get(`/api/tours/plans/${plan.id}`)).statusCode).toBe(404);
    expect(
      (await foreign.post(`/api/tours/plans/${plan.id}/accept`, { version: plan.version })).statusCode,
    ).toBe(404);
    expect((await foreign.get('/api/tours/plans/latest')).json()).toEqual({ plan: null });
    // Without the CSRF token a signed-in coordinator's write is refused too.
    const coordinator = await t.login('coordinator');
    const noCsrf = await coordinator.post(
      `/api/tours/plans/${plan.id}/accept`,
      { version: plan.version },
      { 'x-csrf-token': 'falsch' },
    );
    expect(noCsrf.statusCode).toBe(403);
    expect(
      (
        await t.db
          .selectFrom('tour_plans')
          .select('status')
          .where('id', '=', plan.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('proposed');
  });

  it('accepts once: a double click creates one set of office days, and those waiting are told', async () => {
    const coordinator = await t.login('coordinator');
    const url = `/api/tours/plans/${plan.id}/accept`;
    const before = await t.db.selectFrom('office_days').select('id').where('authority_id', '=', A).execute();
    const [a, b] = await Promise.all([
      coordinator.post(url, { version: plan.version }),
      coordinator.post(url, { version: plan.version }),
    ]);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    expect(a.json().officeDayIds).toEqual(b.json().officeDayIds);
    const again = await coordinator.post(url, { version: plan.version });
    expect(again.json().officeDayIds).toEqual(a.json().officeDayIds);
    const after = await t.db
      .selectFrom('office_days')
      .select(['id', 'location_id', 'kit_id', 'date'])
      .where('authority_id', '=', A)
      .execute();
    expect(after.length - before.length).toBe(1);
    const created = after.find((d) => d.id === a.json().officeDayIds[0])!;
    expect(created).toMatchObject({
      location_id: DEMO.locations.koethel,
      kit_id: kitId,
      date: plan.workdays[1],
    });
    // Planned as by hand: the office-day audit row and the demand announcement job.
    const planned = await t.db
      .selectFrom('audit_log')
      .select('resource_id')
      .where('action', '=', 'office_day.plan')
      .where('resource_id', '=', created.id)
      .execute();
    expect(planned).toHaveLength(1);
    const jobs = await t.db
      .selectFrom('jobs')
      .select('payload')
      .where('type', '=', 'booking.demand-announce')
      .execute();
    expect(jobs.map((j) => JSON.stringify(j.payload))).toEqual(
      expect.arrayContaining([expect.stringContaining(V.koethel)]),
    );
    const mails = await t.db
      .selectFrom('outbox_messages')
      .select(['recipient', 'template'])
      .where('recipient', '=', EMAIL)
      .execute();
    expect(mails).toEqual([{ recipient: EMAIL, template: 'booking.waitlist-new-days' }]);
    expect(a.json().notified).toBe(2);
    // An accepted proposal is not changed any more.
    const late = await coordinator.put(`/api/tours/plans/${plan.id}`, {
      version: a.json().version,
      tours: [],
    });
    expect(late.json()).toMatchObject({ code: 'TOUR_PLAN_ACCEPTED' });
  });

  it('applies the rules of hand planning on accept: a clash refuses the whole plan and creates nothing', async () => {
    const coordinator = await t.login('coordinator');
    const res = await coordinator.post('/api/tours/plans', { weeks: 2, firstDate });
    const fresh: TourPlanView = res.json();
    const tour = fresh.proposal.tours.find((x) => x.stops.length > 0)!;
    expect(tour).toBeDefined();
    const stop = tour.stops[0]!;
    const hand = await coordinator.post('/api/schedule/office-days', {
      locationId: stop.locationId,
      date: tour.date,
      startTime: stop.startTime,
      endTime: stop.endTime,
      desks: 1,
    });
    expect(hand.statusCode, hand.body).toBe(201);
    const count = async () =>
      (await t.db.selectFrom('office_days').select('id').where('authority_id', '=', A).execute()).length;
    const before = await count();
    const accept = await coordinator.post(`/api/tours/plans/${fresh.id}/accept`, { version: fresh.version });
    expect(accept.statusCode).toBe(409);
    expect(accept.json().code).toMatch(/^OFFICE_DAY_(DUPLICATE|CLASH)$/);
    expect(await count()).toBe(before);
    expect(
      (
        await t.db
          .selectFrom('tour_plans')
          .select('status')
          .where('id', '=', fresh.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('proposed');
  });
});

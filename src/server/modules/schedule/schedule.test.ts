import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, weekday } from '../../../core/time';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { solvedChallenge } from '../antibot/test-support';
import { SYSTEM_ACTOR } from '../audit/service';
import {
  at,
  bookDirect,
  contact,
  freeWorkingDay,
  LEBENSBESCHEINIGUNG,
  outbox,
  PA,
  planDay,
  RP,
} from '../booking/test-support';
import { registerKit } from '../kits/service';
import { DEMO } from '../places/demo-ids';
import { DEMO_SCHEDULE } from './demo-ids';
import { todayInBerlin } from './service';

let t: TestApp;
let coordinator: Agent;
let citizen: Agent;
let kitId: string;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login('coordinator');
  citizen = t.anonymous();
  const { kit } = await registerKit(
    t.db,
    { ...SYSTEM_ACTOR, authorityId: DEMO.authorityMeerane },
    DEMO.authorityMeerane,
    {
      name: 'Testkoffer',
      municipalityIds: [DEMO.municipalitySchoenberg],
      locationIds: [],
    },
  );
  kitId = kit.id;
});
afterAll(async () => t?.close());

describe('planning office days', () => {
  it('plans "every 2nd and 4th Tuesday 9–12 in Schönberg" as a series', async () => {
    const first = addDays(todayInBerlin(), 1);
    const res = await coordinator.post('/api/schedule/office-days', {
      locationId: DEMO.locations.koethel,
      date: first,
      startTime: '09:00',
      endTime: '12:00',
      desks: 2,
      setupMinutes: 30,
      teardownMinutes: 15,
      travelBeforeMinutes: 20,
      travelAfterMinutes: 20,
      recurrence: { rrule: 'FREQ=MONTHLY;BYDAY=2TU,4TU', lastDate: addDays(first, 120) },
    });
    expect(res.statusCode).toBe(201);
    const { created, seriesId } = res.json();
    expect(seriesId).toBeTruthy();
    expect(created.length).toBeGreaterThanOrEqual(7);
    for (const d of created) {
      expect(weekday(d.date)).toBe(2);
      const dom = Number(d.date.slice(8));
      expect((dom >= 8 && dom <= 14) || (dom >= 22 && dom <= 28)).toBe(true);
      expect(d.startTime).toBe('09:00');
      expect(d.location.slug).toBe('feuerwehrhaus-koethel');
    }
  });

  it('skips Saxon public holidays and reports them, and shows the dates first with dryRun', async () => {
    // Every Friday from today for six weeks crosses 25 Dec and 1 Jan when run in December; the
    // year is taken from the clock, so check against the holiday calendar itself.
    const first = todayInBerlin();
    const res = await coordinator.post('/api/schedule/office-days', {
      locationId: DEMO.locations.koethel,
      date: first,
      startTime: '14:00',
      endTime: '16:00',
      desks: 1,
      recurrence: { rrule: 'FREQ=DAILY', lastDate: addDays(first, 60) },
      dryRun: true,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const dates = body.created.map((d: { date: string }) => d.date);
    for (const s of body.skipped) {
      expect(s.reason).toBe('holiday');
      expect(dates).not.toContain(s.date);
    }
    if (first <= '2026-12-25')
      expect(body.skipped.map((s: { date: string }) => s.date)).toContain('2026-12-25');
    const saved = await t.db
      .selectFrom('office_days')
      .select('id')
      .where('location_id', '=', DEMO.locations.koethel)
      .where('date', '=', dates[0])
      .where('start_time', '=', '14:00')
      .execute();
    expect(saved).toHaveLength(0);
  });

  it('refuses a single day on a holiday, in the past, a window that ends first, and a nonsense rule', async () => {
    const holiday = await coordinator.post('/api/schedule/office-days', {
      locationId: DEMO.locations.koethel,
      date: '2027-11-17',
      startTime: '09:00',
      endTime: '12:00',
      desks: 1,
    });
    expect(holiday.statusCode).toBe(422);
    expect(holiday.json().code).toBe('OFFICE_DAY_ON_HOLIDAY');
    expect(holiday.json().detail).toContain('Buß- und Bettag');
    const past = await coordinator.post('/api/schedule/office-days', {
      locationId: DEMO.locations.koethel,
      date: addDays(todayInBerlin(), -1),
      startTime: '09:00',
      endTime: '12:00',
      desks: 1,
    });
    expect(past.json().code).toBe('OFFICE_DAY_IN_PAST');
    const window = await coordinator.post('/api/schedule/office-days', {
      locationId: DEMO.locations.koethel,
      date: freeWorkingDay(3),
      startTime: '12:00',
      endTime: '09:00',
      desks: 1,
    });
    expect(window.json()).toMatchObject({
      code: 'OFFICE_DAY_WINDOW_INVALID',
      errors: [{ path: '/endTime' }],
    });
    const rule = await coordinator.post('/api/schedule/office-days', {
      locationId: DEMO.locations.koethel,
      date: freeWorkingDay(3),
      startTime: '09:00',
      endTime: '12:00',
      desks: 1,
      recurrence: { rrule: 'FREQ=SECONDLY', lastDate: freeWorkingDay(30) },
    });
    expect(rule.json().code).toBe('RECURRENCE_INVALID');
  });

  it('refuses to bind a kit twice, counting setup, teardown and travel', async () => {
    const date = freeWorkingDay(12);
    const first = await coordinator.post('/api/schedule/office-days', {
      locationId: DEMO.locations.koethel,
      date,
      startTime: '09:00',
      endTime: '12:00',
      desks: 1,
      kitId,
      teardownMinutes: 15,
      travelAfterMinutes: 20,
    });
    expect(first.statusCode).toBe(201);
    const clash = await coordinator.post('/api/schedule/office-days', {
      locationId: DEMO.locations.tettau,
      date,
      startTime: '12:30',
      endTime: '14:00',
      desks: 1,
      kitId,
      setupMinutes: 15,
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('OFFICE_DAY_CONFLICT');
    const fine = await coordinator.post('/api/schedule/office-days', {
      locationId: DEMO.locations.tettau,
      date,
      startTime: '13:15',
      endTime: '15:00',
      desks: 1,
      kitId,
      setupMinutes: 15,
    });
    expect(fine.statusCode).toBe(201);
    const tour = await coordinator.get(`/api/schedule/kits/${kitId}/tour?date=${date}`);
    expect(tour.json().stops.map((s: { kind: string; conflict: boolean }) => [s.kind, s.conflict])).toEqual([
      ['office_day', false],
      ['office_day', false],
    ]);
    const kitDays = await (await t.login('clerk')).get(
      `/api/schedule/kits/${kitId}/office-days?from=${date}&to=${date}`,
    );
    expect(kitDays.json().officeDays).toHaveLength(2);
  });

  it('is for coordinators only', async () => {
    const clerk = await t.login('clerk');
    const res = await clerk.post('/api/schedule/office-days', {
      locationId: DEMO.locations.koethel,
      date: freeWorkingDay(3),
      startTime: '09:00',
      endTime: '12:00',
      desks: 1,
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('moving and cancelling an office day', () => {
  it('lists the appointments a shorter window hits, then cancels exactly those and tells each citizen', async () => {
    const day = await planDay(t, coordinator, { date: freeWorkingDay(10), desks: 1 });
    const early = contact('Frühe Person (fiktiv)');
    const late = contact('Späte Person (fiktiv)');
    const later = contact('Noch spätere Person (fiktiv)');
    expect((await bookDirect(citizen, day, '09:00', [PA], early)).statusCode).toBe(201);
    expect((await bookDirect(citizen, day, '11:00', [PA], late)).statusCode).toBe(201);
    expect((await bookDirect(citizen, day, '11:30', [RP], later)).statusCode).toBe(201);

    const preview = await coordinator.patch(`/api/schedule/office-days/${day.id}`, {
      endTime: '11:00',
      apply: false,
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().applied).toBe(false);
    expect(
      preview
        .json()
        .affected.map((a: { email: string }) => a.email)
        .sort(),
    ).toEqual([late.email, later.email].sort());
    // Nothing changed yet.
    expect(
      (
        await t.db
          .selectFrom('office_days')
          .select('end_time')
          .where('id', '=', day.id)
          .executeTakeFirstOrThrow()
      ).end_time,
    ).toBe('12:00');

    const applied = await coordinator.patch(`/api/schedule/office-days/${day.id}`, {
      endTime: '11:00',
      apply: true,
    });
    expect(applied.json().applied).toBe(true);
    const rows = await t.db
      .selectFrom('appointments')
      .select(['email', 'status', 'cancel_reason'])
      .where('office_day_id', '=', day.id)
      .execute();
    expect(rows.find((r) => r.email === early.email)!.status).toBe('booked');
    for (const who of [late, later]) {
      expect(rows.find((r) => r.email === who.email)).toMatchObject({
        status: 'cancelled',
        cancel_reason: 'office_day_moved',
      });
      const mails = await outbox(t, who.email);
      const notice = mails.find((m) => m.template === 'booking.office-day-changed')!;
      expect(notice.text_body).toContain(`${t.config.publicUrl}/termin?leistungen=`);
      expect(notice.text_body).toContain('ort=gemeindeamt-schoenberg');
    }
    expect((await outbox(t, early.email)).map((m) => m.template)).toEqual(['booking.confirmation']);
  });

  it('moves a day to another date: every appointment is hit, and the mail names the new date', async () => {
    const day = await planDay(t, coordinator, { date: freeWorkingDay(10, 1), desks: 2 });
    const a = contact();
    const b = contact();
    await bookDirect(citizen, day, '09:00', [PA], a);
    await bookDirect(citizen, day, '09:00', [PA], b);
    const newDate = freeWorkingDay(10, 2);
    const res = await coordinator.patch(`/api/schedule/office-days/${day.id}`, {
      date: newDate,
      apply: true,
    });
    expect(res.json().affected).toHaveLength(2);
    expect(res.json().officeDay.date).toBe(newDate);
    const [notice] = (await outbox(t, a.email)).filter((m) => m.template === 'booking.office-day-changed');
    expect(notice!.text_body).toContain('stattdessen');
    // The freed day offers its times again on the new date.
    const slots = (await citizen.get(`/api/booking/slots?officeDay=${day.id}&services=${PA}`)).json();
    expect(slots.slots[0].startsAt).toBe(at(newDate, '09:00'));
  });

  it('cancels a day of a series: all its citizens are told, and the date becomes an exception of the series', async () => {
    const seriesDay = await t.db
      .selectFrom('office_days')
      .selectAll()
      .where('series_id', '=', DEMO_SCHEDULE.seriesPfaffroda)
      .where('date', '>', addDays(todayInBerlin(), 2))
      .orderBy('date')
      .executeTakeFirstOrThrow();
    const who = contact();
    expect(
      (
        await citizen.post(
          '/api/booking/appointments',
          {
            officeDayId: seriesDay.id,
            startsAt: at(seriesDay.date, '10:00'),
            serviceIds: [LEBENSBESCHEINIGUNG],
            contact: who,
          },
          await solvedChallenge(citizen),
        )
      ).statusCode,
    ).toBe(201);
    const res = await coordinator.post(`/api/schedule/office-days/${seriesDay.id}/cancel`, {
      reason: 'Krankheit im Team',
      apply: true,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().officeDay.status).toBe('cancelled');
    expect(res.json().affected.map((a: { email: string }) => a.email)).toContain(who.email);
    const notice = (await outbox(t, who.email)).find((m) => m.template === 'booking.office-day-changed')!;
    expect(notice.text_body).toContain('fällt aus');
    const series = await t.db
      .selectFrom('office_day_series')
      .select('exdates')
      .where('id', '=', DEMO_SCHEDULE.seriesPfaffroda)
      .executeTakeFirstOrThrow();
    expect(series.exdates.map(String)).toContain(seriesDay.date);
    const book = await citizen.post(
      '/api/booking/holds',
      {
        officeDayId: seriesDay.id,
        startsAt: at(seriesDay.date, '10:15'),
        serviceIds: [LEBENSBESCHEINIGUNG],
      },
      await solvedChallenge(citizen),
    );
    expect(book.json().code).toBe('OFFICE_DAY_CANCELLED');
  });

  it('cancels a day and all following days of a series: lists first, then tells every citizen and ends the series', async () => {
    const days = await t.db
      .selectFrom('office_days')
      .selectAll()
      .where('series_id', '=', DEMO_SCHEDULE.seriesTettau)
      .where('status', '=', 'planned')
      .where('date', '>', addDays(todayInBerlin(), 2))
      .orderBy('date')
      .execute();
    expect(days.length).toBeGreaterThanOrEqual(3);
    const [keep, from, later] = days as [(typeof days)[0], (typeof days)[0], (typeof days)[0]];
    const people = [contact(), contact(), contact()];
    for (const [day, who] of [
      [keep, people[0]!],
      [from, people[1]!],
      [later, people[2]!],
    ] as const) {
      const res = await citizen.post(
        '/api/booking/appointments',
        {
          officeDayId: day.id,
          startsAt: at(day.date, day.start_time),
          serviceIds: [LEBENSBESCHEINIGUNG],
          contact: who,
        },
        await solvedChallenge(citizen),
      );
      expect(res.statusCode).toBe(201);
    }
    const body = { reason: 'Dorfgemeinschaftshaus wird umgebaut', scope: 'following' };
    const preview = await coordinator.post(`/api/schedule/office-days/${from.id}/cancel`, {
      ...body,
      apply: false,
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ applied: false, cancelledDays: days.length - 1 });
    const listed = preview.json().affected.map((a: { email: string }) => a.email);
    expect(listed).toEqual(expect.arrayContaining([people[1]!.email, people[2]!.email]));
    expect(listed).not.toContain(people[0]!.email);
    // The preview changed nothing.
    expect(
      (
        await t.db
          .selectFrom('office_days')
          .select('status')
          .where('id', '=', later.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('planned');

    const res = await coordinator.post(`/api/schedule/office-days/${from.id}/cancel`, {
      ...body,
      apply: true,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().cancelledDays).toBe(days.length - 1);
    const after = await t.db
      .selectFrom('office_days')
      .select(['id', 'status'])
      .where('series_id', '=', DEMO_SCHEDULE.seriesTettau)
      .where('date', '>=', from.date)
      .execute();
    expect(after.every((d) => d.status === 'cancelled')).toBe(true);
    expect(
      (
        await t.db
          .selectFrom('office_days')
          .select('status')
          .where('id', '=', keep.id)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('planned');
    for (const who of [people[1]!, people[2]!]) {
      const notice = (await outbox(t, who.email)).find((m) => m.template === 'booking.office-day-changed');
      expect(notice?.text_body).toContain('fällt aus');
    }
    expect((await outbox(t, people[0]!.email)).some((m) => m.template === 'booking.office-day-changed')).toBe(
      false,
    );
    const series = await t.db
      .selectFrom('office_day_series')
      .select('last_date')
      .where('id', '=', DEMO_SCHEDULE.seriesTettau)
      .executeTakeFirstOrThrow();
    expect(String(series.last_date)).toBe(addDays(from.date, -1));
  });
});

describe('public schedule and calendar feeds', () => {
  it('lists the office days for a village and its Ortslagen, phone-friendly, with the services offered', async () => {
    const villages = (await citizen.get('/api/schedule/public/villages')).json().villages;
    const schoenberg = villages.find((v: { id: string }) => v.id === DEMO.villages.schoenberg);
    expect(schoenberg.upcoming).toBeGreaterThan(0);
    const breitenbach = villages.find((v: { id: string }) => v.id === DEMO.villages.breitenbach);
    expect(breitenbach.nextOfficeDay).toBeTruthy(); // Pfaffroda's care home day serves its Ortslage
    const res = await citizen.get(`/api/schedule/public/office-days?village=${DEMO.villages.pfaffroda}`);
    const days = res.json().officeDays;
    expect(days.length).toBeGreaterThan(0);
    expect(
      days.every(
        (d: { location: { villageId: string } }) => d.location.villageId === DEMO.villages.pfaffroda,
      ),
    ).toBe(true);
    expect(days[0].services.map((s: { id: string }) => s.id)).toContain(LEBENSBESCHEINIGUNG);
  });

  it('serves iCalendar feeds per location and per municipality that ical.js reads, in Berlin time', async () => {
    for (const url of [
      '/api/schedule/feeds/locations/gemeindeamt-schoenberg.ics',
      '/api/schedule/feeds/municipalities/14524270.ics',
    ]) {
      const res = await citizen.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/calendar');
      const comp = new ICAL.Component(ICAL.parse(res.body));
      ICAL.TimezoneService.register(comp.getFirstSubcomponent('vtimezone')!);
      const events = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      expect(events.length).toBeGreaterThan(3);
      const stored = await t.db.selectFrom('office_days').select(['id', 'starts_at']).execute();
      const byUid = new Map(stored.map((d) => [`${d.id}@buergerkoffer`, d.starts_at.toISOString()]));
      for (const e of events) {
        expect(e.startDate.zone?.tzid).toBe('Europe/Berlin');
        expect(e.startDate.toJSDate().toISOString()).toBe(byUid.get(e.uid));
      }
    }
    expect((await citizen.get('/api/schedule/feeds/locations/gibt-es-nicht.ics')).statusCode).toBe(404);
    expect((await citizen.get('/api/schedule/feeds/municipalities/drop-table.ics')).statusCode).toBe(400);
  });
});

describe('home visits', () => {
  it('takes a request with a reason, lets the coordinator fit it into a kit’s tour, and tells the citizen the window', async () => {
    const req = await citizen.post('/api/schedule/home-visits', {
      serviceIds: [PA],
      requesterKind: 'relative',
      requesterName: 'Tochter Fiktiv',
      personName: 'Gertrud Beispiel (fiktiv)',
      street: 'Am Anger 7',
      postalCode: '08393',
      city: 'Schönberg',
      villageId: DEMO.villages.pfaffroda,
      email: 'tochter.fiktiv@example.org',
      reason: 'Bettlägerig nach einer Operation.',
    });
    expect(req.statusCode).toBe(201);
    expect(req.json().reference).toMatch(/^H-/);
    expect((await outbox(t, 'tochter.fiktiv@example.org'))[0]!.template).toBe('schedule.home-visit-received');

    const list = (await coordinator.get('/api/schedule/home-visits?status=requested')).json().homeVisits;
    const visit = list.find((v: { reference: string }) => v.reference === req.json().reference);
    expect(visit.reason).toContain('Bettlägerig');

    // The day after the one an earlier test moved a day to (the same day is never planned twice).
    const date = freeWorkingDay(20, 1);
    await planDay(t, coordinator, { date, startTime: '09:00', endTime: '12:00', kitId });
    const clash = await coordinator.post(`/api/schedule/home-visits/${visit.id}/schedule`, {
      kitId,
      date,
      windowStart: '11:30',
      windowEnd: '12:30',
    });
    expect(clash.json().code).toBe('OFFICE_DAY_CONFLICT');
    const ok = await coordinator.post(`/api/schedule/home-visits/${visit.id}/schedule`, {
      kitId,
      date,
      windowStart: '13:00',
      windowEnd: '14:00',
      travelBeforeMinutes: 15,
      travelAfterMinutes: 15,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('scheduled');
    const mail = (await outbox(t, 'tochter.fiktiv@example.org')).find(
      (m) => m.template === 'schedule.home-visit-scheduled',
    )!;
    expect(mail.text_body).toContain('13:00–14:00 Uhr');
    const tour = (await coordinator.get(`/api/schedule/kits/${kitId}/tour?date=${date}`)).json().stops;
    expect(tour.map((s: { kind: string }) => s.kind)).toEqual(['office_day', 'home_visit']);
  });

  it('needs a contact and a requester name for someone else', async () => {
    const res = await citizen.post('/api/schedule/home-visits', {
      serviceIds: [PA],
      requesterKind: 'care_home',
      personName: 'Bewohner Fiktiv',
      street: 'Am Anger 3',
      postalCode: '08393',
      city: 'Schönberg',
      reason: 'Kann das Haus nicht verlassen.',
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/phone', '/requesterName']));
  });
});

describe('demand for office days', () => {
  it('collects "I would use an office day here", shows it per village, and tells people once one is planned', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await citizen.post(
        '/api/booking/demand',
        {
          villageId: DEMO.villages.oberdorf,
          serviceIds: i === 0 ? [PA, RP] : [PA],
          ...(i === 0 ? { email: 'wunsch.oberdorf@example.org' } : {}),
        },
        await solvedChallenge(citizen),
      );
      expect(res.statusCode).toBe(201);
    }
    const summary = (await coordinator.get('/api/booking/demand')).json().villages;
    const oberdorf = summary.find((v: { villageId: string }) => v.villageId === DEMO.villages.oberdorf);
    expect(oberdorf).toMatchObject({ requests: 3, waitingForNews: 1 });
    expect(oberdorf.services[0]).toMatchObject({ id: PA, count: 3 });
    const bad = await citizen.post(
      '/api/booking/demand',
      {
        villageId: DEMO.locations.koethel,
        serviceIds: [],
      },
      await solvedChallenge(citizen),
    );
    expect(bad.json().code).toBe('VILLAGE_UNKNOWN');

    // A location in Oberdorf and a day there: the person who left an address hears of it.
    const loc = await coordinator.post('/api/places/locations', {
      municipalityId: DEMO.municipalitySchoenberg,
      villageId: DEMO.villages.oberdorf,
      name: 'Gasthof Oberdorf (Demo)',
      slug: 'gasthof-oberdorf',
      kind: 'other',
      street: 'Oberdorf 1',
      postalCode: '08393',
      city: 'Schönberg',
      stepFree: true,
    });
    expect(loc.statusCode).toBe(201);
    await planDay(t, coordinator, { date: freeWorkingDay(15), locationId: loc.json().id });
    await t.app.jobs.drain();
    const [mail] = await outbox(t, 'wunsch.oberdorf@example.org');
    expect(mail!.template).toBe('booking.demand-announced');
    expect(mail!.text_body).toContain('Gasthof Oberdorf');
  });
});

describe('the same office day is never planned twice (#10)', () => {
  let place: string;
  let placeSlug: string;
  const plan = (body: Record<string, unknown>) =>
    coordinator.post('/api/schedule/office-days', {
      locationId: place,
      startTime: '09:00',
      endTime: '12:00',
      desks: 1,
      ...body,
    });

  beforeAll(async () => {
    const loc = await coordinator.post('/api/places/locations', {
      municipalityId: DEMO.municipalitySchoenberg,
      villageId: DEMO.villages.oberdorf,
      name: 'Dorfgemeinschaftshaus Doppelt (Demo)',
      slug: 'dgh-doppelt',
      kind: 'other',
      street: 'Am Anger 2',
      postalCode: '08393',
      city: 'Schönberg',
      stepFree: true,
    });
    expect(loc.statusCode).toBe(201);
    place = loc.json().id;
    placeSlug = loc.json().slug;
  });

  it('refuses the same place, date and times a second time, naming the day that is already planned', async () => {
    const date = freeWorkingDay(25);
    const first = await plan({ date });
    expect(first.statusCode).toBe(201);
    for (const body of [{ date }, { date, dryRun: true }, { date, allowOverlap: true }]) {
      const again = await plan(body);
      expect(again.statusCode).toBe(409);
      expect(again.headers['content-type']).toContain('application/problem+json');
      const problem = again.json();
      expect(problem.code).toBe('OFFICE_DAY_DUPLICATE');
      expect(problem.detail).toContain('Dorfgemeinschaftshaus Doppelt (Demo)');
      expect(problem.detail).toContain(date.split('-').reverse().join('.'));
      expect(problem.detail).toContain('09:00–12:00 Uhr');
      expect(problem.clashes).toEqual([
        expect.objectContaining({ kind: 'identical', officeDayId: first.json().created[0].id, date }),
      ]);
    }
    const english = await coordinator.post(
      '/api/schedule/office-days',
      { locationId: place, date, startTime: '09:00', endTime: '12:00', desks: 1 },
      { 'accept-language': 'en' },
    );
    expect(english.json().detail).toContain('The same day cannot be planned twice');

    // The citizens' list shows the day once.
    const listed = (await citizen.get(`/api/schedule/public/office-days?location=${placeSlug}`)).json();
    expect(listed.officeDays.filter((d: { date: string }) => d.date === date)).toHaveLength(1);
  });

  it('plans an overlapping day only after an explicit "trotzdem planen", and records what it overlapped', async () => {
    const date = freeWorkingDay(25, 1);
    const first = (await plan({ date })).json().created[0];
    const overlapping = await plan({ date, startTime: '11:00', endTime: '14:00' });
    expect(overlapping.statusCode).toBe(409);
    expect(overlapping.json()).toMatchObject({
      code: 'OFFICE_DAY_CLASH',
      clashes: [{ kind: 'overlap', officeDayId: first.id, startTime: '09:00', endTime: '12:00' }],
    });
    expect(overlapping.json().detail).toContain('von 09:00 bis 12:00 Uhr');
    // Touching windows do not clash.
    expect((await plan({ date, startTime: '12:00', endTime: '13:00' })).statusCode).toBe(201);
    const anyway = await plan({ date, startTime: '11:00', endTime: '14:00', allowOverlap: true });
    expect(anyway.statusCode).toBe(201);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'office_day.plan')
      .where('resource_id', '=', anyway.json().created[0].id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.details)).toContain(first.id);
  });

  it('in a series, lists the clashes first; confirmed, it leaves out the dates already planned', async () => {
    const first = freeWorkingDay(40);
    const plannedAlready = addDays(first, 7);
    await plan({ date: plannedAlready });
    const series = {
      date: first,
      recurrence: { rrule: 'FREQ=WEEKLY;INTERVAL=1', lastDate: addDays(first, 21) },
    };
    const refused = await plan(series);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'OFFICE_DAY_CLASH',
      clashes: [{ kind: 'identical', date: plannedAlready }],
    });
    const confirmed = await plan({ ...series, allowOverlap: true });
    expect(confirmed.statusCode).toBe(201);
    const dates = confirmed.json().created.map((d: { date: string }) => d.date);
    expect(dates).not.toContain(plannedAlready);
    expect(confirmed.json().skipped).toContainEqual({ date: plannedAlready, reason: 'already_planned' });
  });

  it('counts only planned days: after a cancellation the day can be planned again', async () => {
    const date = freeWorkingDay(70);
    const first = (await plan({ date })).json().created[0];
    const cancel = await coordinator.post(`/api/schedule/office-days/${first.id}/cancel`, {
      reason: 'Saal belegt',
      apply: true,
    });
    expect(cancel.statusCode).toBe(200);
    expect((await plan({ date })).statusCode).toBe(201);
  });

  it('does not let a change move a day onto another one', async () => {
    const date = freeWorkingDay(75);
    const a = (await plan({ date })).json().created[0];
    const b = (await plan({ date, startTime: '14:00', endTime: '16:00' })).json().created[0];
    const same = await coordinator.patch(`/api/schedule/office-days/${b.id}`, {
      startTime: '09:00',
      endTime: '12:00',
      apply: false,
    });
    expect(same.json()).toMatchObject({ code: 'OFFICE_DAY_DUPLICATE', clashes: [{ officeDayId: a.id }] });
    const overlap = await coordinator.patch(`/api/schedule/office-days/${b.id}`, {
      startTime: '11:00',
      apply: true,
    });
    expect(overlap.json().code).toBe('OFFICE_DAY_CLASH');
    const anyway = await coordinator.patch(`/api/schedule/office-days/${b.id}`, {
      startTime: '11:00',
      allowOverlap: true,
      apply: true,
    });
    expect(anyway.statusCode).toBe(200);
    expect(anyway.json().officeDay.startTime).toBe('11:00');
    // Changing something else on a day that overlaps is no new clash.
    const desks = await coordinator.patch(`/api/schedule/office-days/${b.id}`, { desks: 2, apply: true });
    expect(desks.statusCode).toBe(200);
  });

  it('lets exactly one of eight coordinators planning the same day at once succeed', async () => {
    const date = freeWorkingDay(80);
    const agents = [coordinator, await t.login('coordinator'), await t.login('coordinator')];
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        agents[i % 3]!.post('/api/schedule/office-days', {
          locationId: place,
          date,
          startTime: '09:00',
          endTime: '12:00',
          desks: 1,
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, ...Array(7).fill(409)]);
    expect(
      results.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'OFFICE_DAY_DUPLICATE'),
    ).toBe(true);
    const rows = await t.db
      .selectFrom('office_days')
      .select('id')
      .where('location_id', '=', place)
      .where('date', '=', date)
      .where('status', '=', 'planned')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('holds in the database too: a second identical planned day is refused by the index', async () => {
    const date = freeWorkingDay(85);
    const [day] = (await plan({ date })).json().created;
    const row = await t.db
      .selectFrom('office_days')
      .selectAll()
      .where('id', '=', day.id)
      .executeTakeFirstOrThrow();
    await expect(
      t.db
        .insertInto('office_days')
        .values({ ...row, id: '01900000-0000-7000-8000-00000000bbbb', series_id: null })
        .execute(),
    ).rejects.toMatchObject({ code: '23505', constraint: 'office_days_no_duplicate' });
  });
});

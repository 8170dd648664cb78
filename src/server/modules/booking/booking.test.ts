import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate, localTime } from '../../../core/time';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { solvedChallenge } from '../antibot/test-support';
import { DEMO } from '../places/demo-ids';
import { DEMO_SCHEDULE } from '../schedule/demo-ids';
import { todayInBerlin } from '../schedule/service';
import {
  ANMELDUNG,
  at,
  bookDirect,
  contact,
  freeWorkingDay,
  LEBENSBESCHEINIGUNG,
  MELDEBESCHEINIGUNG,
  outbox,
  PA,
  type PlannedDay,
  planDay,
  RP,
} from './test-support';

let t: TestApp;
let coordinator: Agent;
let citizen: Agent;
let day: PlannedDay;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.login('coordinator');
  citizen = t.anonymous();
  day = await planDay(t, coordinator, { date: freeWorkingDay(5), desks: 2 });
});
afterAll(async () => t?.close());

describe('what can be booked', () => {
  it('offers the catalogue’s mobile services, places with office days and free times', async () => {
    const services = (await citizen.get('/api/booking/services')).json().services;
    expect(services.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([PA, RP, ANMELDUNG]));
    const locations = (await citizen.get(`/api/booking/locations?services=${PA}`)).json().locations;
    expect(locations.map((l: { location: { slug: string } }) => l.location.slug)).toContain(
      'gemeindeamt-schoenberg',
    );
    const days = (
      await citizen.get(`/api/booking/days?services=${PA}&location=gemeindeamt-schoenberg`)
    ).json().days;
    expect(days.some((d: { officeDay: { id: string } }) => d.officeDay.id === day.id)).toBe(true);
    const slots = (await citizen.get(`/api/booking/slots?officeDay=${day.id}&services=${PA}`)).json();
    expect(slots.slots[0].startsAt).toBe(at(day.date, '09:00'));
    expect(slots.bookingOpen).toBe(true);
  });

  it('adds up the durations of several services in one appointment', async () => {
    const one = (await citizen.get(`/api/booking/slots?officeDay=${day.id}&services=${PA}`)).json();
    const two = (
      await citizen.get(`/api/booking/slots?officeDay=${day.id}&services=${PA},${MELDEBESCHEINIGUNG}`)
    ).json();
    expect(two.durationMinutes).toBeGreaterThan(one.durationMinutes);
    expect(new Date(two.slots.at(-1).endsAt).getTime()).toBeLessThanOrEqual(
      new Date(at(day.date, '12:00')).getTime(),
    );
    expect(two.slots.length).toBeLessThan(one.slots.length);
  });

  it('lists a location’s free times over 90 days in one request', async () => {
    const res = await citizen.get(`/api/booking/locations/gemeindeamt-schoenberg/slots?services=${PA}`);
    expect(res.statusCode).toBe(200);
    const days = res.json().days;
    expect(days.length).toBeGreaterThan(3);
    expect(days.every((d: { slots: unknown[] }) => Array.isArray(d.slots))).toBe(true);
  });
});

describe('booking with a hold', () => {
  it('holds a time, confirms it, and sends a confirmation with a calendar file and a manage link', async () => {
    const hold = await citizen.post(
      '/api/booking/holds',
      {
        officeDayId: day.id,
        startsAt: at(day.date, '09:30'),
        serviceIds: [PA],
      },
      await solvedChallenge(citizen),
    );
    expect(hold.statusCode).toBe(201);
    const { holdId, holdToken, expiresAt } = hold.json();
    expect(new Date(expiresAt).getTime() - Date.now()).toBeGreaterThan(
      (t.config.bookingHoldMinutes - 1) * 60_000,
    );
    // While held, the time is not offered to anyone else on that desk count… (2 desks: still one free)
    const who = contact('Erika Beispiel (fiktiv)');
    const res = await citizen.post('/api/booking/appointments', { holdId, holdToken, contact: who });
    expect(res.statusCode).toBe(201);
    const booking = res.json();
    expect(booking.appointment.bookingNumber).toMatch(/^T-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(booking.appointment.status).toBe('booked');
    expect(booking.manageUrl).toBe(`${t.config.publicUrl}/termin/verwalten/${booking.manageToken}`);

    const [mail] = await outbox(t, who.email);
    expect(mail!.subject).toContain(booking.appointment.bookingNumber);
    expect(mail!.text_body).toContain(booking.manageUrl);
    expect(mail!.html_body).toContain('Erika Beispiel (fiktiv)');
    const attachments =
      typeof mail!.attachments === 'string' ? JSON.parse(mail!.attachments) : mail!.attachments;
    const ics = Buffer.from(attachments[0].content, 'base64').toString('utf8');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!);
    expect(event.startDate.toJSDate().toISOString()).toBe(at(day.date, '09:30'));

    const reminder = await t.db
      .selectFrom('jobs')
      .selectAll()
      .where('type', '=', 'booking.reminder')
      .where('dedupe_key', 'like', `reminder:${booking.appointment.id}:%`)
      .executeTakeFirstOrThrow();
    expect(reminder.run_at.getTime()).toBe(new Date(at(day.date, '09:30')).getTime() - 48 * 3_600_000);
  });

  it('refuses an expired hold, and the expired hold no longer blocks the time', async () => {
    const single = await planDay(t, coordinator, {
      date: freeWorkingDay(6),
      startTime: '09:00',
      endTime: '09:30',
    });
    const hold = (
      await citizen.post(
        '/api/booking/holds',
        {
          officeDayId: single.id,
          startsAt: at(single.date, '09:00'),
          serviceIds: [PA],
        },
        await solvedChallenge(citizen),
      )
    ).json();
    // Someone else cannot take it while it is held.
    expect((await bookDirect(citizen, single, '09:00')).json().code).toBe('SLOT_TAKEN');
    await t.db
      .updateTable('appointments')
      .set({ hold_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', hold.holdId)
      .execute();
    const late = await citizen.post('/api/booking/appointments', {
      holdId: hold.holdId,
      holdToken: hold.holdToken,
      contact: contact(),
    });
    expect(late.statusCode).toBe(410);
    expect(late.json().code).toBe('HOLD_EXPIRED');
    expect(late.json().detail).toContain('Reservierung ist abgelaufen');
    const other = await bookDirect(citizen, single, '09:00');
    expect(other.statusCode).toBe(201);
    const expired = await t.db
      .selectFrom('appointments')
      .select('status')
      .where('id', '=', hold.holdId)
      .executeTakeFirstOrThrow();
    expect(expired.status).toBe('expired');
  });

  it('releases held times in the periodic sweep', async () => {
    const single = await planDay(t, coordinator, {
      date: freeWorkingDay(6, 1),
      startTime: '10:00',
      endTime: '10:30',
    });
    const hold = (
      await citizen.post(
        '/api/booking/holds',
        {
          officeDayId: single.id,
          startsAt: at(single.date, '10:00'),
          serviceIds: [PA],
        },
        await solvedChallenge(citizen),
      )
    ).json();
    await t.db
      .updateTable('appointments')
      .set({ hold_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', hold.holdId)
      .execute();
    await t.app.jobs.drain();
    const row = await t.db
      .selectFrom('appointments')
      .select('status')
      .where('id', '=', hold.holdId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
  });
});

describe('idempotent booking', () => {
  it('gives the same booking for a repeated request and refuses the key with another body', async () => {
    const who = contact();
    const key = `test-${Date.now()}`;
    const first = await bookDirect(citizen, day, '10:00', [PA], who, { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    const again = await bookDirect(citizen, day, '10:00', [PA], who, { 'idempotency-key': key });
    expect(again.statusCode).toBe(200);
    expect(again.json().appointment.bookingNumber).toBe(first.json().appointment.bookingNumber);
    expect(again.json().replayed).toBe(true);
    const other = await bookDirect(citizen, day, '10:15', [PA], who, { 'idempotency-key': key });
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    const mails = await outbox(t, who.email);
    expect(mails).toHaveLength(1);
  });
});

describe('managing a booking through its link', () => {
  it('shows, moves and cancels the booking; the time is free at once and the wait-list hears of it', async () => {
    const tight = await planDay(t, coordinator, {
      // Not the date of the 09:00–09:30 day above (the same day is never planned twice).
      date: freeWorkingDay(7, 1),
      startTime: '09:00',
      endTime: '09:30',
    });
    const a = (await bookDirect(citizen, tight, '09:00')).json();
    const b = (await bookDirect(citizen, tight, '09:15')).json();
    const full = (await citizen.get(`/api/booking/slots?officeDay=${tight.id}&services=${PA}`)).json();
    expect(full.slots).toEqual([]);
    const waiting = contact();
    const wl = await citizen.post('/api/booking/waitlist', {
      officeDayId: tight.id,
      serviceIds: [PA],
      email: waiting.email,
    });
    expect(wl.statusCode).toBe(201);

    const view = await citizen.post('/api/booking/manage', { token: a.manageToken });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ canCancel: true, canChange: true });
    expect(view.json().appointment.bookingNumber).toBe(a.appointment.bookingNumber);

    // Move b to another day: same number, same link.
    const moved = await citizen.post('/api/booking/manage/reschedule', {
      token: b.manageToken,
      officeDayId: day.id,
      startsAt: at(day.date, '11:00'),
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().appointment.bookingNumber).toBe(b.appointment.bookingNumber);
    expect(moved.json().appointment.startsAt).toBe(at(day.date, '11:00'));

    const cancelled = await citizen.post('/api/booking/manage/cancel', { token: a.manageToken });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    const free = (await citizen.get(`/api/booking/slots?officeDay=${tight.id}&services=${PA}`)).json();
    expect(free.slots.map((s: { startsAt: string }) => s.startsAt)).toEqual([
      at(tight.date, '09:00'),
      at(tight.date, '09:15'),
    ]);
    const again = await citizen.post('/api/booking/manage/cancel', { token: a.manageToken });
    expect(again.json().code).toBe('BOOKING_NOT_ACTIVE');

    await t.app.jobs.drain();
    const [note] = await outbox(t, waiting.email);
    expect(note!.template).toBe('booking.waitlist-slot-free');
    expect(note!.text_body).toContain(`/termin?ort=gemeindeamt-schoenberg&tag=${tight.id}`);
  });

  it('does not reveal anything for a guessed or stolen-looking token', async () => {
    for (const token of ['x', 'A'.repeat(43), 'not a token at all!']) {
      const res = await citizen.post('/api/booking/manage', { token });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('BOOKING_TOKEN_INVALID');
    }
    const ics = await citizen.get(`/api/booking/manage/calendar.ics?token=${'B'.repeat(43)}`);
    expect(ics.statusCode).toBe(404);
  });
});

describe('bad input', () => {
  it('refuses times outside the window and off the grid', async () => {
    for (const time of ['08:45', '12:00', '09:07']) {
      const res = await bookDirect(citizen, day, time);
      expect(res.statusCode, time).toBe(422);
      expect(res.json().code).toBe('SLOT_OUTSIDE_WINDOW');
    }
  });

  it('refuses unknown services and services not offered there', async () => {
    const unknown = await bookDirect(citizen, day, '11:30', ['01900000-0000-7000-8000-00000000ffff']);
    expect(unknown.json().code).toBe('SERVICE_UNKNOWN');
    const careHome = await t.db
      .selectFrom('office_days')
      .select(['id', 'date'])
      .where('series_id', '=', DEMO_SCHEDULE.seriesPfaffroda)
      .where('date', '>', addDays(todayInBerlin(), 2))
      .orderBy('date')
      .executeTakeFirstOrThrow();
    const notOffered = await citizen.post(
      '/api/booking/appointments',
      {
        officeDayId: careHome.id,
        startsAt: at(careHome.date, '10:00'),
        serviceIds: [ANMELDUNG],
        contact: contact(),
      },
      await solvedChallenge(citizen),
    );
    expect(notOffered.statusCode).toBe(422);
    expect(notOffered.json().code).toBe('SERVICE_NOT_OFFERED');
    expect(notOffered.json().detail).toContain('Anmeldung');
    const offered = await citizen.post(
      '/api/booking/appointments',
      {
        officeDayId: careHome.id,
        startsAt: at(careHome.date, '10:00'),
        serviceIds: [LEBENSBESCHEINIGUNG],
        contact: contact(),
      },
      await solvedChallenge(citizen),
    );
    expect(offered.statusCode).toBe(201);
  });

  it('names the fields of invalid contact details', async () => {
    const res = await citizen.post(
      '/api/booking/appointments',
      {
        officeDayId: day.id,
        startsAt: at(day.date, '11:30'),
        serviceIds: [PA],
        contact: { name: '', email: 'kein-at-zeichen', phone: 'abc' },
      },
      await solvedChallenge(citizen),
    );
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        '/contact/name:required',
        '/contact/email:format:email',
        '/contact/phone:format:phone',
      ]),
    );
    const none = await citizen.post(
      '/api/booking/appointments',
      {
        officeDayId: day.id,
        startsAt: at(day.date, '11:30'),
        serviceIds: [PA],
        contact: { name: 'Ohne Kontakt (fiktiv)' },
      },
      await solvedChallenge(citizen),
    );
    expect(none.json().errors[0]).toMatchObject({ path: '/contact/email', code: 'contactRequired' });
    expect(none.json().errors[0].message).toContain('E-Mail-Adresse oder eine Telefonnummer');
  });

  it('refuses past office days and bookings after the cutoff', async () => {
    const past = addDays(todayInBerlin(), -7);
    await t.db
      .insertInto('office_days')
      .values({
        id: '01900000-0000-7000-8000-00000000aaaa',
        authority_id: DEMO.authorityMeerane,
        location_id: DEMO.locations.koethel,
        series_id: null,
        date: past,
        start_time: '09:00',
        end_time: '12:00',
        starts_at: new Date(at(past, '09:00')),
        ends_at: new Date(at(past, '12:00')),
        desks: 1,
        kit_id: null,
        service_ids: null,
        cancel_reason: null,
        note: null,
      })
      .execute();
    const res = await citizen.post(
      '/api/booking/appointments',
      {
        officeDayId: '01900000-0000-7000-8000-00000000aaaa',
        startsAt: at(past, '09:00'),
        serviceIds: [PA],
        contact: contact(),
      },
      await solvedChallenge(citizen),
    );
    expect(res.json().code).toBe('DATE_IN_PAST');
    const slots = await citizen.get(
      `/api/booking/slots?officeDay=01900000-0000-7000-8000-00000000aaaa&services=${PA}`,
    );
    expect(slots.json().code).toBe('DATE_IN_PAST');

    // An office day that starts within BOOKING_CUTOFF_HOURS but has not begun yet. Built from the
    // clock rather than the demo day, whose slots are already past in the evening.
    let soon = new Date(Math.ceil((Date.now() + 60 * 60_000) / 3_600_000) * 3_600_000);
    if (localDate(soon) !== localDate(new Date(soon.getTime() + 60 * 60_000))) {
      soon = new Date(soon.getTime() + 60 * 60_000);
    }
    const soonEnds = new Date(soon.getTime() + 60 * 60_000);
    const soonId = '01900000-0000-7000-8000-00000000aaab';
    await t.db
      .insertInto('office_days')
      .values({
        id: soonId,
        authority_id: DEMO.authorityMeerane,
        location_id: DEMO.locations.koethel,
        series_id: null,
        date: localDate(soon),
        start_time: localTime(soon),
        end_time: localTime(soonEnds),
        starts_at: soon,
        ends_at: soonEnds,
        desks: 1,
        kit_id: null,
        service_ids: null,
        cancel_reason: null,
        note: null,
      })
      .execute();
    const late = await citizen.post(
      '/api/booking/appointments',
      {
        officeDayId: soonId,
        startsAt: soon.toISOString(),
        serviceIds: [LEBENSBESCHEINIGUNG],
        contact: contact(),
      },
      await solvedChallenge(citizen),
    );
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('BOOKING_CLOSED');
    expect(late.json().detail).toContain('12 Stunden');
  });

  it('limits the bookings of one contact per day', async () => {
    const who = contact();
    const limit = t.config.bookingMaxPerContactPerDay;
    const times = ['09:00', '09:15', '09:30', '09:45', '10:30'];
    const other = await planDay(t, coordinator, { date: freeWorkingDay(8), desks: 3 });
    for (let i = 0; i < limit; i++)
      expect((await bookDirect(citizen, other, times[i]!, [PA], who)).statusCode).toBe(201);
    const over = await bookDirect(citizen, other, times[limit]!, [PA], who);
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('CONTACT_LIMIT_REACHED');
  });

  it('answers in English when asked', async () => {
    const res = await citizen.post(
      '/api/booking/appointments',
      { officeDayId: day.id, startsAt: at(day.date, '08:00'), serviceIds: [PA], contact: contact() },
      { 'accept-language': 'en', ...(await solvedChallenge(citizen)) },
    );
    expect(res.json().detail).toContain('No appointment can start at this time');
  });
});

describe('booking by phone (hotline) and at the desk', () => {
  it('books in one form for a caller, with the hotline as channel, and the caller gets the mail', async () => {
    const hotline = await t.login('hotline');
    const who = { name: 'Anrufer Fiktiv', phone: '03764 123456' };
    const res = await hotline.post('/api/booking/staff/appointments', {
      officeDayId: day.id,
      startsAt: at(day.date, '11:45'),
      serviceIds: [PA],
      contact: who,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().channel).toBe('hotline');
    expect(res.json()).not.toHaveProperty('manageToken');
    await t.app.jobs.drain();
    const [sms] = await outbox(t, '03764 123456');
    expect(sms!.channel).toBe('sms');
    expect(sms!.status).toBe('stored');
    expect(sms!.text_body).toContain(res.json().bookingNumber);
    // Citizens cannot use the staff endpoint.
    const anonymous = await citizen.post('/api/booking/staff/appointments', {
      officeDayId: day.id,
      startsAt: at(day.date, '11:30'),
      serviceIds: [PA],
      contact: who,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lists an office day’s appointments for clerks and finds a booking by its number', async () => {
    const clerk = await t.login('clerk');
    const list = await clerk.get(`/api/booking/office-days/${day.id}/appointments`);
    expect(list.statusCode).toBe(200);
    const first = list.json().appointments[0];
    const spaced = first.bookingNumber.toLowerCase().replace(/-/g, ' ');
    const found = await clerk.get(`/api/booking/staff/appointments?q=${encodeURIComponent(spaced)}`);
    expect(found.json().appointments.map((a: { id: string }) => a.id)).toEqual([first.id]);
    expect((await citizen.get(`/api/booking/office-days/${day.id}/appointments`)).statusCode).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailText, startTestSmtp } from '../../test/smtp';
import { createTestApp, type TestApp } from '../../test/test-app';
import { runConfirmationRound } from './confirmation';
import { bookingSettings } from './routes';
import { sendReminder } from './service';
import { at, bookDirect, contact, freeWorkingDay, outbox, PA, planDay } from './test-support';

/**
 * "Kommen Sie? Ja / Absagen" (#14) through the API and the job, with mail over a real SMTP server.
 * The round takes its clock as an argument: "now" is set to hours before the appointment.
 */
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let t: TestApp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${smtp.port}` } });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const HOUR = 3_600_000;
const hoursBefore = (iso: string, h: number) => new Date(new Date(iso).getTime() - h * HOUR);
const tokenIn = (text: string) => /\/termin\/kommen\/([A-Za-z0-9_-]{32,64})/.exec(text)?.[1];

describe('the authority\u2019s rule', () => {
  it('is off by default; an admin switches it on; a coordinator may read but not change it', async () => {
    const admin = await t.login('admin');
    const coordinator = await t.login('coordinator');
    const clerk = await t.login('clerk');
    expect((await admin.get('/api/booking/confirmation-rules')).json()).toEqual({
      enabled: false,
      requestHours: 48,
      deadlineHours: 24,
      noShowLimit: 3,
      noShowMonths: 6,
    });
    expect(
      (
        await coordinator.put('/api/booking/confirmation-rules', {
          enabled: true,
          requestHours: 48,
          deadlineHours: 24,
        })
      ).statusCode,
    ).toBe(403);
    expect((await clerk.get('/api/booking/confirmation-rules')).statusCode).toBe(403);
    expect((await t.anonymous().get('/api/booking/confirmation-rules')).statusCode).toBe(401);
    const bad = await admin.put('/api/booking/confirmation-rules', {
      enabled: true,
      requestHours: 24,
      deadlineHours: 24,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('CONFIRMATION_DEADLINE_AFTER_REQUEST');
    const extra = await admin.put('/api/booking/confirmation-rules', {
      enabled: true,
      requestHours: 48,
      deadlineHours: 24,
      authorityId: '01900000-0000-7000-8000-000000000099',
    });
    expect(extra.statusCode).toBe(400);
    const huge = await admin.put('/api/booking/confirmation-rules', {
      enabled: true,
      requestHours: 1e9,
      deadlineHours: 24,
    });
    expect(huge.statusCode).toBe(400);
    const ok = await admin.put('/api/booking/confirmation-rules', {
      enabled: true,
      requestHours: 48,
      deadlineHours: 24,
    });
    expect(ok.statusCode).toBe(200);
    expect((await coordinator.get('/api/booking/confirmation-rules')).json().enabled).toBe(true);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('action', '=', 'booking.confirmation-rules')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
  });
});

describe('Kommen Sie?', () => {
  it('asks once by mail, takes "Ja" twice without harm, and keeps a confirmed appointment', async () => {
    const admin = await t.login('admin');
    await admin.put('/api/booking/confirmation-rules', {
      enabled: true,
      requestHours: 48,
      deadlineHours: 24,
    });
    const coordinator = await t.login('coordinator');
    const day = await planDay(t, coordinator, { date: freeWorkingDay(5) });
    const who = contact('Ja Sagerin (fiktiv)');
    const booked = await bookDirect(t.anonymous(), day, '10:00', [PA], who);
    expect(booked.statusCode).toBe(201);
    const startsAt = at(day.date, '10:00');
    await t.app.jobs.drain();
    const reminder = {
      appointmentId: booked.json().appointment.id as string,
      startsAt: new Date(startsAt).toISOString(),
      token: booked.json().manageToken as string,
    };
    const reminders = async () =>
      (await outbox(t, who.email)).filter((m) => m.template === 'booking.reminder').length;
    // Before any request, the plain reminder goes out (the job as it runs at its time).
    await sendReminder(
      t.db,
      bookingSettings(t.config, t.app.authorities),
      reminder,
      hoursBefore(startsAt, 60),
    );
    expect(await reminders()).toBe(1);

    // Too early: nothing asked.
    expect(
      (
        await runConfirmationRound(
          t.db,
          bookingSettings(t.config, t.app.authorities),
          hoursBefore(startsAt, 60),
        )
      ).requested,
    ).toBe(0);
    const first = await runConfirmationRound(
      t.db,
      bookingSettings(t.config, t.app.authorities),
      hoursBefore(startsAt, 40),
    );
    expect(first.requested).toBeGreaterThanOrEqual(1);
    // A second round (another process, the next period) asks nobody again.
    await runConfirmationRound(t.db, bookingSettings(t.config, t.app.authorities), hoursBefore(startsAt, 39));
    await t.app.jobs.drain();
    const requests = (await outbox(t, who.email)).filter((m) => m.template === 'booking.confirm-request');
    expect(requests).toHaveLength(1);
    // Once asked "Kommen Sie?", no plain reminder follows: the request was the reminder.
    await sendReminder(
      t.db,
      bookingSettings(t.config, t.app.authorities),
      reminder,
      hoursBefore(startsAt, 24),
    );
    expect(await reminders()).toBe(1);
    expect(requests[0]!.status).toBe('sent');
    const mail = smtp.received.find(
      (m) => m.to.includes(who.email) && mailText(m.raw).includes('Kommen Sie?'),
    )!;
    expect(mail).toBeDefined();
    const token = tokenIn(mailText(mail.raw))!;
    expect(token).toBeDefined();

    const citizen = t.anonymous();
    const view = await citizen.post('/api/booking/confirmation', { token });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({
      state: 'open',
      startsAt,
      bookingNumber: booked.json().appointment.bookingNumber,
    });
    // Data minimisation: the link shows time, place and services, not name or contact.
    expect(view.body).not.toContain(who.email);
    expect(view.body).not.toContain('Ja Sagerin');

    const [yes, again] = await Promise.all([
      citizen.post('/api/booking/confirmation/yes', { token }),
      citizen.post('/api/booking/confirmation/yes', { token }),
    ]);
    expect(yes.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(yes.json().state).toBe('confirmed');
    expect(again.json().state).toBe('confirmed');
    // The manage token does not work here, and this token does not open the manage page.
    expect(
      (await citizen.post('/api/booking/confirmation', { token: booked.json().manageToken })).statusCode,
    ).toBe(404);
    expect((await citizen.post('/api/booking/manage', { token })).statusCode).toBe(404);

    // At the deadline, a confirmed appointment stays.
    const late = await runConfirmationRound(
      t.db,
      bookingSettings(t.config, t.app.authorities),
      hoursBefore(startsAt, 20),
    );
    const row = await t.db
      .selectFrom('appointments')
      .select(['status', 'attendance_confirmed_at'])
      .where('id', '=', booked.json().appointment.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('booked');
    expect(row.attendance_confirmed_at).toBeTruthy();
    expect(late.released).toBe(0);
  });

  it('"Absagen" frees the time for the wait-list at once and answers a replay the same', async () => {
    const coordinator = await t.login('coordinator');
    const day = await planDay(t, coordinator, {
      date: freeWorkingDay(6, 1),
      startTime: '09:00',
      endTime: '09:15',
    });
    const who = { ...contact('Absagender (fiktiv)'), phone: '+49 170 5550100' };
    const booked = await bookDirect(t.anonymous(), day, '09:00', [PA], who);
    expect(booked.statusCode).toBe(201);
    const waiting = contact('Wartende (fiktiv)');
    expect(
      (
        await t
          .anonymous()
          .post('/api/booking/waitlist', { officeDayId: day.id, serviceIds: [PA], email: waiting.email })
      ).statusCode,
    ).toBe(201);
    await runConfirmationRound(
      t.db,
      bookingSettings(t.config, t.app.authorities),
      hoursBefore(at(day.date, '09:00'), 30),
    );
    await t.app.jobs.drain();
    const messages = await outbox(t, who.email);
    const request = messages.find((m) => m.template === 'booking.confirm-request')!;
    // Mail and, for the phone number, a text message with the same link.
    const sms = await outbox(t, who.phone);
    expect(sms.map((m) => m.template)).toContain('booking.confirm-request');
    const token = tokenIn(request.text_body!)!;
    expect(tokenIn(sms.find((m) => m.template === 'booking.confirm-request')!.text_body!)).toBe(token);

    const citizen = t.anonymous();
    const [a, b] = await Promise.all([
      citizen.post('/api/booking/confirmation/cancel', { token }),
      citizen.post('/api/booking/confirmation/cancel', { token }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json().state).toBe('cancelled');
    expect(b.json().state).toBe('cancelled');
    const yes = await citizen.post('/api/booking/confirmation/yes', { token });
    expect(yes.statusCode).toBe(409);
    expect(yes.json().code).toBe('CONFIRMATION_CANCELLED');

    await t.app.jobs.drain();
    const offered = await outbox(t, waiting.email);
    expect(offered.map((m) => m.template)).toContain('booking.waitlist-slot-free');
    const free = (await citizen.get(`/api/booking/slots?officeDay=${day.id}&services=${PA}`)).json();
    expect(free.slots.map((s: { startsAt: string }) => s.startsAt)).toContain(at(day.date, '09:00'));
    expect((await outbox(t, who.email)).filter((m) => m.template === 'booking.cancelled')).toHaveLength(1);
  });

  it('releases an unanswered appointment at the deadline, tells the citizen and the wait-list', async () => {
    const coordinator = await t.login('coordinator');
    const day = await planDay(t, coordinator, {
      date: freeWorkingDay(6, 2),
      startTime: '09:00',
      endTime: '09:15',
    });
    const who = contact('Schweigender (fiktiv)');
    const booked = await bookDirect(t.anonymous(), day, '09:00', [PA], who);
    const waiting = contact('Nachrückerin (fiktiv)');
    await t
      .anonymous()
      .post('/api/booking/waitlist', { officeDayId: day.id, serviceIds: [PA], email: waiting.email });
    const startsAt = at(day.date, '09:00');
    await runConfirmationRound(t.db, bookingSettings(t.config, t.app.authorities), hoursBefore(startsAt, 47));
    // Before the deadline: kept.
    expect(
      (
        await runConfirmationRound(
          t.db,
          bookingSettings(t.config, t.app.authorities),
          hoursBefore(startsAt, 25),
        )
      ).released,
    ).toBe(0);
    const round = await runConfirmationRound(
      t.db,
      bookingSettings(t.config, t.app.authorities),
      hoursBefore(startsAt, 23),
    );
    expect(round.released).toBeGreaterThanOrEqual(1);
    const row = await t.db
      .selectFrom('appointments')
      .select(['status', 'cancel_reason'])
      .where('id', '=', booked.json().appointment.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'cancelled', cancel_reason: 'unconfirmed' });
    await t.app.jobs.drain();
    expect((await outbox(t, who.email)).map((m) => m.template)).toContain('booking.released');
    expect((await outbox(t, waiting.email)).map((m) => m.template)).toContain('booking.waitlist-slot-free');
    const token = tokenIn(
      (await outbox(t, who.email)).find((m) => m.template === 'booking.confirm-request')!.text_body!,
    )!;
    const late = await t.anonymous().post('/api/booking/confirmation/yes', { token });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('CONFIRMATION_RELEASED');
    expect((await t.anonymous().post('/api/booking/confirmation', { token })).json().state).toBe('released');
  });

  it('does not ask an appointment booked after the request window opened, nor anyone when the rule is off', async () => {
    const admin = await t.login('admin');
    const coordinator = await t.login('coordinator');
    // Within 14 days (the longest window), so the booking is made inside the window.
    const day = await planDay(t, coordinator, {
      date: freeWorkingDay(2),
      startTime: '13:00',
      endTime: '15:00',
    });
    const who = contact('Spätbucher (fiktiv)');
    const booked = await bookDirect(t.anonymous(), day, '13:00', [PA], who);
    expect(booked.statusCode).toBe(201);
    const startsAt = at(day.date, '13:00');
    await admin.put('/api/booking/confirmation-rules', {
      enabled: false,
      requestHours: 48,
      deadlineHours: 24,
    });
    expect(
      await runConfirmationRound(
        t.db,
        bookingSettings(t.config, t.app.authorities),
        hoursBefore(startsAt, 40),
      ),
    ).toEqual({
      requested: 0,
      released: 0,
    });
    // On again, with a window so long the booking was made inside it.
    await admin.put('/api/booking/confirmation-rules', {
      enabled: true,
      requestHours: 336,
      deadlineHours: 24,
    });
    await runConfirmationRound(t.db, bookingSettings(t.config, t.app.authorities), hoursBefore(startsAt, 40));
    await runConfirmationRound(t.db, bookingSettings(t.config, t.app.authorities), hoursBefore(startsAt, 20));
    const row = await t.db
      .selectFrom('appointments')
      .select(['status', 'confirmation_requested_at'])
      .where('id', '=', booked.json().appointment.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'booked', confirmation_requested_at: null });
    await admin.put('/api/booking/confirmation-rules', {
      enabled: true,
      requestHours: 48,
      deadlineHours: 24,
    });
  });

  it('answers a guessed, malformed or NUL-laden token with 404/400 and reveals nothing', async () => {
    const citizen = t.anonymous();
    const guessed = await citizen.post('/api/booking/confirmation/yes', { token: 'A'.repeat(43) });
    expect(guessed.statusCode).toBe(404);
    expect(guessed.json().code).toBe('CONFIRMATION_TOKEN_INVALID');
    expect((await citizen.post('/api/booking/confirmation', { token: 'kurz' })).statusCode).toBe(404);
    expect(
      (await citizen.post('/api/booking/confirmation/cancel', { token: `${'A'.repeat(42)}\u0000` }))
        .statusCode,
    ).toBe(400);
    expect(
      (await citizen.post('/api/booking/confirmation/cancel', { token: 'A'.repeat(43), extra: 1 }))
        .statusCode,
    ).toBe(400);
  });
});

describe('no-shows', () => {
  it('staff record a no-show once the time is past; three within six months stop online booking', async () => {
    const coordinator = await t.login('coordinator');
    const clerk = await t.login('clerk');
    const who = contact('Oft Abwesend (fiktiv)');
    const citizen = t.anonymous();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const day = await planDay(t, coordinator, {
        date: freeWorkingDay(8, i),
        startTime: '14:00',
        endTime: '15:00',
      });
      const b = await bookDirect(citizen, day, '14:00', [PA], who);
      expect(b.statusCode).toBe(201);
      ids.push(b.json().appointment.id);
    }
    // Too early through the API (the appointments lie ahead), refused for roles without the desk.
    const early = await clerk.post(`/api/booking/appointments/${ids[0]}/no-show`);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('NO_SHOW_TOO_EARLY');
    expect(
      (await (await t.login('hotline')).post(`/api/booking/appointments/${ids[0]}/no-show`)).statusCode,
    ).toBe(403);
    expect(
      (await (await t.login('evaluator')).post(`/api/booking/appointments/${ids[0]}/no-show`)).statusCode,
    ).toBe(403);
    expect((await citizen.post(`/api/booking/appointments/${ids[0]}/no-show`)).statusCode).toBe(401);

    // Later, at the end of each day: recorded, a second click changes nothing.
    const { recordNoShow } = await import('./no-shows');
    const actor = { ...(await import('../audit/service')).SYSTEM_ACTOR, username: 'clerk-test' };
    for (const id of ids) {
      const row = await t.db
        .selectFrom('appointments')
        .select(['starts_at', 'authority_id'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      const later = new Date(row.starts_at.getTime() + 2 * HOUR);
      expect(await recordNoShow(t.db, actor, row.authority_id, id, later)).toEqual({ id, status: 'no_show' });
      expect(await recordNoShow(t.db, actor, row.authority_id, id, later)).toEqual({ id, status: 'no_show' });
    }
    const counted = await t.db
      .selectFrom('booking_no_shows')
      .selectAll()
      .where('appointment_id', 'in', ids)
      .execute();
    expect(counted).toHaveLength(3);
    // Data minimisation: the counter holds a hash, not the address.
    expect(JSON.stringify(counted)).not.toContain(who.email);
    expect(counted.every((r) => /^[0-9a-f]{64}$/.test(r.contact_hash))).toBe(true);

    const next = await planDay(t, coordinator, {
      date: freeWorkingDay(8, 4),
      startTime: '14:00',
      endTime: '15:00',
    });
    const refused = await bookDirect(citizen, next, '14:00', [PA], {
      ...who,
      email: who.email.toUpperCase(),
    } as typeof who);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('BOOKING_NO_SHOW_LIMIT');
    expect(refused.json().detail).toContain('3-mal');
    // Staff at the hotline may still book for the person.
    const hotline = await t.login('hotline');
    const byPhone = await hotline.post('/api/booking/staff/appointments', {
      officeDayId: next.id,
      startsAt: at(next.date, '14:00'),
      serviceIds: [PA],
      contact: who,
    });
    expect(byPhone.statusCode, byPhone.body).toBe(201);

    // The authority may lift the limit (0 = none).
    const admin = await t.login('admin');
    const lifted = await admin.put('/api/booking/confirmation-rules', {
      enabled: true,
      requestHours: 48,
      deadlineHours: 24,
      noShowLimit: 0,
      noShowMonths: 6,
    });
    expect(lifted.json()).toMatchObject({ noShowLimit: 0 });
    expect((await bookDirect(citizen, next, '14:15', [PA], who)).statusCode).toBe(201);
    await admin.put('/api/booking/confirmation-rules', {
      enabled: true,
      requestHours: 48,
      deadlineHours: 24,
      noShowLimit: 3,
      noShowMonths: 6,
    });
  });
});

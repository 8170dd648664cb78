import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newReference } from '../../src/core/booking/contact';
import { uuidv7 } from '../../src/core/ids';
import { zonedDateTimeToInstant } from '../../src/core/time';
import { hashToken, newToken } from '../../src/server/http/auth';
import { runConfirmationRound } from '../../src/server/modules/booking/confirmation';
import { bookingSettings } from '../../src/server/modules/booking/routes';
import {
  at,
  bookDirect,
  contact,
  freeWorkingDay,
  outbox,
  PA,
  planDay,
} from '../../src/server/modules/booking/test-support';
import { DEMO } from '../../src/server/modules/places/demo-ids';
import { todayInBerlin } from '../../src/server/modules/schedule/service';
import { makeAgent, type TestApp } from '../../src/server/test/test-app';
import { expectAccessible, keepArtifactsOnFailure, launchBrowser, newPage } from './support/browser';
import { type E2EServer, signInBrowser, startE2EServer } from './support/server';

/**
 * #14 "Kommen Sie? Ja / Absagen": an admin switches the rule on in /admin (with its error state);
 * two citizens book, the round sends the requests; one opens the link and confirms (German, a
 * second click changes nothing), the other cancels in English and the office day's wait-list is
 * offered the time at once. axe on every page and state.
 */
let server: E2EServer;
let browser: Browser;
let context: BrowserContext | undefined;
let page: Page | undefined;

beforeAll(async () => {
  server = await startE2EServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
keepArtifactsOnFailure(() => [page]);

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });
const HOUR = 3_600_000;
const tokenIn = (text: string) => /\/termin\/kommen\/([A-Za-z0-9_-]{32,64})/.exec(text)?.[1];

describe('Kommen Sie? (#14)', () => {
  it('admin sets the rule; one citizen confirms, another cancels and the wait-list gets the time', async () => {
    const admin = await server.staff('admin');
    ({ context, page } = await newPage(browser));
    await signInBrowser(context, server, admin);
    const p = page;
    await p.goto(`${server.url}/admin`);
    await p.getByRole('navigation').getByRole('link', { name: 'Terminbestätigung' }).first().click();
    await poll(() => p.getByTestId('confirmation-state').textContent()).toContain('Ausgeschaltet');
    await expectAccessible(p, 'rule, off');
    await p.getByLabel('Vor jedem Termin fragen, ob die Person kommt').check();
    await p.getByLabel(/Freigabe ohne Antwort/).fill('48');
    await p.getByRole('button', { name: 'Regel speichern' }).click();
    await poll(() => p.locator('[data-error-summary]').textContent()).toContain('näher am Termin');
    await expectAccessible(p, 'rule, deadline error');
    await p.getByLabel(/Freigabe ohne Antwort/).fill('24');
    await p.getByRole('button', { name: 'Regel speichern' }).click();
    await poll(() => p.getByTestId('confirmation-state').textContent()).toContain('Eingeschaltet');
    await expectAccessible(p, 'rule, on');
    await context.close();

    // Two citizens book the last two times of a short office day; a third waits.
    const coordinator = await server.staff('coordinator');
    const day = await planDay(undefined as unknown as TestApp, coordinator, {
      date: freeWorkingDay(5),
      startTime: '09:00',
      endTime: '09:30',
    });
    const citizen = makeAgent(server.app, null, null, null, null);
    const ja = contact('Jana Ja (fiktiv)');
    const nein = contact('Nils Nein (fiktiv)');
    expect((await bookDirect(citizen, day, '09:00', [PA], ja)).statusCode).toBe(201);
    const neinBooking = await bookDirect(citizen, day, '09:15', [PA], nein);
    expect(neinBooking.statusCode).toBe(201);
    const waiting = contact('Wera Warteliste (fiktiv)');
    expect(
      (
        await citizen.post('/api/booking/waitlist', {
          officeDayId: day.id,
          serviceIds: [PA],
          email: waiting.email,
        })
      ).statusCode,
    ).toBe(201);

    // The job's round, 40 hours before the day.
    const now = new Date(new Date(at(day.date, '09:00')).getTime() - 40 * HOUR);
    expect(
      (await runConfirmationRound(server.db, bookingSettings(server.config, server.app.authorities), now))
        .requested,
    ).toBe(2);
    await server.app.jobs.drain();
    const requestOf = async (email: string) =>
      (await outbox({ db: server.db } as TestApp, email)).find(
        (m) => m.template === 'booking.confirm-request',
      )!;
    const jaLink = `${server.url}/termin/kommen/${tokenIn((await requestOf(ja.email)).text_body!)}`;
    const neinLink = `${server.url}/termin/kommen/${tokenIn((await requestOf(nein.email)).text_body!)}`;

    // Citizen 1 confirms (German), twice.
    ({ context, page } = await newPage(browser));
    const c = page;
    await c.goto(jaLink);
    await poll(() => c.textContent('h1')).toBe('Kommen Sie zu Ihrem Termin?');
    expect(await c.textContent('main')).not.toContain('Jana Ja');
    await expectAccessible(c, 'confirmation request');
    await c.getByRole('button', { name: 'Ja, ich komme' }).dblclick();
    await poll(() => c.textContent('h1')).toBe('Danke, Ihr Termin ist bestätigt');
    await expectAccessible(c, 'confirmed');
    await c.reload();
    await poll(() => c.textContent('h1')).toBe('Danke, Ihr Termin ist bestätigt');
    await context.close();

    // Citizen 2 cancels (English).
    ({ context, page } = await newPage(browser));
    const d = page;
    await d.goto(`${neinLink}?lang=en`);
    await poll(() => d.textContent('h1')).toBe('Are you coming to your appointment?');
    await expectAccessible(d, 'request (en)');
    await d.getByRole('button', { name: 'Cancel' }).click();
    await poll(() => d.textContent('h1')).toBe('Your appointment is cancelled');
    await expectAccessible(d, 'cancelled (en)');

    // The time goes to the wait-list at once.
    await server.app.jobs.drain();
    const offers = await outbox({ db: server.db } as TestApp, waiting.email);
    expect(offers.map((m) => m.template)).toContain('booking.waitlist-slot-free');

    // A link that matches nothing.
    await d.goto(`${server.url}/termin/kommen/${'x'.repeat(43)}`);
    await poll(() => d.textContent('h1')).toBe('Termin nicht gefunden');
    await expectAccessible(d, 'unknown link');
    await context.close();
  });

  it('a clerk records a no-show at the queue and the evaluation shows the rate', async () => {
    // Today's office day at Köthel with a booked appointment that began 30 minutes ago and had no
    // check-in (written directly: the past cannot be booked). Between 00:00 and 00:45 Berlin time
    // the appointment would lie before the day; the test needs a later hour.
    const L = DEMO.locations.koethel;
    const today = todayInBerlin();
    const officeDayId = uuidv7();
    await server.db
      .insertInto('office_days')
      .values({
        id: officeDayId,
        authority_id: DEMO.authorityMeerane,
        location_id: L,
        series_id: null,
        date: today,
        start_time: '00:00',
        end_time: '23:59',
        starts_at: zonedDateTimeToInstant(today, '00:00'),
        ends_at: zonedDateTimeToInstant(today, '23:59'),
        desks: 2,
        kit_id: null,
        service_ids: null,
        cancel_reason: null,
        note: null,
      } as never)
      .onConflict((oc) => oc.doNothing())
      .execute();
    const day = await server.db
      .selectFrom('office_days')
      .select('id')
      .where('location_id', '=', L)
      .where('date', '=', today)
      .executeTakeFirstOrThrow();
    const start = new Date(
      Math.max(Date.now() - 30 * 60_000, zonedDateTimeToInstant(today, '00:00').getTime()),
    );
    start.setSeconds(0, 0);
    await server.db
      .insertInto('appointments')
      .values({
        id: uuidv7(),
        authority_id: DEMO.authorityMeerane,
        office_day_id: day.id,
        location_id: L,
        service_date: today,
        desk: 2,
        starts_at: start,
        ends_at: new Date(start.getTime() + 15 * 60_000),
        block_end: new Date(start.getTime() + 15 * 60_000),
        status: 'booked',
        hold_expires_at: null,
        booking_number: newReference('T'),
        manage_token_hash: hashToken(newToken()),
        service_ids: [PA],
        duration_minutes: 15,
        name: 'Nora Nichtda (fiktiv)',
        email: 'nora.nichtda@example.org',
        phone: null,
        contact_key: 'e:nora.nichtda@example.org',
        locale: 'de',
        channel: 'portal',
        note: null,
        created_by: null,
        confirmed_at: new Date(),
        cancelled_at: null,
        cancel_reason: null,
      } as never)
      .execute();

    const clerk = await server.staff('clerk');
    ({ context, page } = await newPage(browser));
    await signInBrowser(context, server, clerk);
    const q = page;
    await q.goto(`${server.url}/desk/warteschlange`);
    await q.getByLabel('Standort').selectOption(L);
    const button = q.getByRole('button', { name: /^Nicht erschienen Nora Nichtda/ });
    await poll(() => button.count()).toBe(1);
    await expectAccessible(q, 'queue with a no-show due');
    await button.dblclick();
    await poll(() => q.getByRole('button', { name: /^Nicht erschienen Nora Nichtda/ }).count()).toBe(0);
    await poll(() => q.textContent('main')).toContain('nicht erschienen');
    await expectAccessible(q, 'queue after the no-show');
    expect(await server.db.selectFrom('booking_no_shows').selectAll().execute()).toHaveLength(1);
    await context.close();

    const evaluator = await server.staff('evaluator');
    ({ context, page } = await newPage(browser));
    await signInBrowser(context, server, evaluator);
    const e = page;
    await e.goto(`${server.url}/admin/auswertung`);
    await poll(() => e.getByTestId('stats-locations').count()).toBe(1);
    const row = e.getByTestId('stats-locations').locator('tr', { hasText: 'Köthel' }).first();
    await poll(() => row.getByTestId('no-show-rate').textContent()).toMatch(/^\d+(,\d)? %$/);
    await expectAccessible(e, 'evaluation with the no-show rate');
    await context.close();
  });
});

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newReference } from '../../src/core/booking/contact';
import { uuidv7 } from '../../src/core/ids';
import type { Role } from '../../src/core/roles';
import { addDays, zonedDateTimeToInstant } from '../../src/core/time';
import { hashToken, newToken } from '../../src/server/http/auth';
import { SERVICE_IDS } from '../../src/server/modules/catalog/demo-ids';
import { DEMO } from '../../src/server/modules/places/demo-ids';
import { todayInBerlin } from '../../src/server/modules/schedule/service';
import {
  expectAccessible,
  keepArtifactsOnFailure,
  launchBrowser,
  newPage,
  securityCheckPassed,
} from './support/browser';
import { type E2EServer, startE2EServer } from './support/server';

/**
 * Issue #4 end to end: a coordinator plans a recurring Sprechtag in Schönberg, citizens book it
 * in German and English (axe on every step and every error state), read the mail in the outbox
 * and cancel through the link, a hotline agent books by phone, a walk-in draws a ticket, and a
 * clerk calls both while the waiting-room display follows live.
 */
let server: E2EServer;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  server = await startE2EServer();
  browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required']);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
keepArtifactsOnFailure(() => pages);

async function citizenPage(): Promise<Page> {
  const { page } = await newPage(browser);
  pages.push(page);
  return page;
}

async function staffPage(roles: Role[]): Promise<{ context: BrowserContext; page: Page }> {
  const agent = await server.staff(roles);
  const opened = await newPage(browser);
  await opened.context.addCookies([{ name: 'bk_session', value: agent.cookie!, url: server.url }]);
  pages.push(opened.page);
  return opened;
}

const h1 = (page: Page) => page.textContent('h1');

/** Submits the step without an answer: the error summary is shown, focused, titled "Fehler:"/"Error:". */
async function expectErrorState(page: Page, button: string, label: string, prefix: RegExp) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await expect.poll(() => page.title()).toMatch(prefix);
  expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary'))).toBe(true);
  await expectAccessible(page, label);
}

interface Words {
  lang: 'de' | 'en';
  prefix: RegExp;
  next: string;
  servicesTitle: string;
  service: string;
  location: string;
  dayTitle: string;
  timeTitle: string;
  contactTitle: string;
  name: string;
  email: string;
  phone: string;
  checkTitle: string;
  confirm: string;
  doneTitle: string;
}

const DE: Words = {
  lang: 'de',
  prefix: /^Fehler: /,
  next: 'Weiter',
  servicesTitle: 'Wofür möchten Sie einen Termin buchen?',
  service: 'Personalausweis beantragen',
  location: 'Gemeindeverwaltung Schönberg',
  dayTitle: 'An welchem Tag möchten Sie kommen?',
  timeTitle: 'Um wie viel Uhr möchten Sie kommen?',
  contactTitle: 'Wie können wir Sie erreichen?',
  name: 'Ihr Name',
  email: 'E-Mail-Adresse',
  phone: 'Telefonnummer',
  checkTitle: 'Prüfen Sie Ihre Angaben',
  confirm: 'Termin verbindlich buchen',
  doneTitle: 'Ihr Termin ist gebucht',
};
const EN: Words = {
  lang: 'en',
  prefix: /^Error: /,
  next: 'Continue',
  servicesTitle: 'What do you want to book an appointment for?',
  service: 'Applying for an identity card',
  location: 'Gemeindeverwaltung Schönberg',
  dayTitle: 'Which day do you want to come?',
  timeTitle: 'What time do you want to come?',
  contactTitle: 'How can we reach you?',
  name: 'Your name',
  email: 'Email address',
  phone: 'Phone number',
  checkTitle: 'Check your answers',
  confirm: 'Book the appointment',
  doneTitle: 'Your appointment is booked',
};

/** The whole journey, one question per page, with axe on every page and every error state. */
async function bookThroughPortal(
  page: Page,
  w: Words,
  who: { name: string; email: string },
): Promise<string> {
  await page.goto(`${server.url}/termin?lang=${w.lang}`);
  await expect.poll(() => h1(page)).toBe(w.servicesTitle);
  await expectAccessible(page, `services (${w.lang})`);
  await expectErrorState(page, w.next, `services error (${w.lang})`, w.prefix);
  await page.getByRole('checkbox', { name: w.service }).check();
  await page.getByRole('button', { name: w.next, exact: true }).click();

  await expect.poll(() => page.url()).toContain('/termin/ort');
  await expect.poll(() => page.locator('input[name="location"]').count()).toBeGreaterThan(0);
  await expectAccessible(page, `place (${w.lang})`);
  await expectErrorState(page, w.next, `place error (${w.lang})`, w.prefix);
  await page.getByRole('radio', { name: w.location }).check();
  await page.getByRole('button', { name: w.next, exact: true }).click();

  await expect.poll(() => h1(page)).toBe(w.dayTitle);
  await expectAccessible(page, `day (${w.lang})`);
  await expectErrorState(page, w.next, `day error (${w.lang})`, w.prefix);
  await page.locator('input[name="day"]').first().check();
  await page.getByRole('button', { name: w.next, exact: true }).click();

  await expect.poll(() => h1(page)).toBe(w.timeTitle);
  await expectAccessible(page, `time (${w.lang})`);
  await expectErrorState(page, w.next, `time error (${w.lang})`, w.prefix);
  await page.locator('input[name="time"]').first().check();
  await securityCheckPassed(page);
  await page.getByRole('button', { name: w.next, exact: true }).click();

  await expect.poll(() => h1(page)).toBe(w.contactTitle);
  await expectAccessible(page, `contact (${w.lang})`);
  await page.getByLabel(w.email).fill('kein-at-zeichen');
  await page.getByLabel(w.phone).fill('abc');
  await expectErrorState(page, w.next, `contact errors (${w.lang})`, w.prefix);
  expect(await page.locator('[data-error-summary] a').count()).toBe(3);
  await page.getByLabel(w.name).fill(who.name);
  await page.getByLabel(w.email).fill(who.email);
  await page.getByLabel(w.phone).fill('');
  await page.getByRole('button', { name: w.next, exact: true }).click();

  await expect.poll(() => h1(page)).toBe(w.checkTitle);
  await expect.poll(() => page.locator('.bk-summary').textContent()).toContain(who.email);
  await expectAccessible(page, `check answers (${w.lang})`);
  await page.getByRole('button', { name: w.confirm }).click();

  await expect.poll(() => h1(page), { timeout: 10_000 }).toBe(w.doneTitle);
  await expectAccessible(page, `confirmation (${w.lang})`);
  const number = (await page.getByTestId('booking-number').textContent())!.trim();
  expect(number).toMatch(/^T-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  return number;
}

describe('office days and booking (#4)', () => {
  it('lets a coordinator plan a recurring Sprechtag in Schönberg, holidays left out', async () => {
    const { page } = await staffPage(['coordinator']);
    await page.goto(`${server.url}/admin/sprechtage`);
    await expect.poll(() => h1(page)).toBe('Sprechtage');
    await expect.poll(() => page.locator('table').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'office days admin');
    await expectErrorState(page, 'Sprechtage planen', 'plan error', /^Fehler: /);

    const first = addDays(todayInBerlin(), 1);
    await page
      .getByLabel('Standort', { exact: true })
      .last()
      .selectOption({ label: 'Gemeindeverwaltung Schönberg' });
    await page.getByLabel('Datum (erster Tag)').fill(first);
    await page.getByLabel('Beginn').fill('13:00');
    await page.getByLabel('Ende').fill('15:00');
    await page.getByRole('radio', { name: 'Wöchentlich am gleichen Wochentag' }).check();
    await page.getByLabel('Bis einschließlich').fill(addDays(first, 70));
    await page.getByRole('button', { name: 'Vorschau' }).click();
    await expect.poll(() => page.locator('#preview-title').textContent()).toMatch(/Vorschau: \d+ Sprechtage/);
    await expectAccessible(page, 'plan preview');
    await page.getByRole('button', { name: 'Sprechtage planen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/\d+ Sprechtage geplant/);
    const planned = await server.db
      .selectFrom('office_days')
      .select(['date'])
      .where('start_time', '=', '13:00')
      .where('location_id', '=', DEMO.locations.gemeindeamtSchoenberg)
      .execute();
    expect(planned.length).toBeGreaterThanOrEqual(9);
    // Holidays in the range are left out (25/26 Dec and 1 Jan fall into it in late November).
    for (const d of planned) expect(['2026-12-25', '2026-12-26', '2027-01-01']).not.toContain(d.date);
  });

  let manageCitizen: { name: string; email: string };

  it('lets a citizen book from the portal, one question per page, in German', async () => {
    const page = await citizenPage();
    manageCitizen = { name: 'Erika Portal (fiktiv)', email: `erika.portal.${Date.now()}@example.org` };
    const number = await bookThroughPortal(page, DE, manageCitizen);
    const row = await server.db
      .selectFrom('appointments')
      .selectAll()
      .where('booking_number', '=', number)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'booked', channel: 'portal', email: manageCitizen.email });
  });

  it('works the same in English', async () => {
    const page = await citizenPage();
    await bookThroughPortal(page, EN, {
      name: 'John Example (fictitious)',
      email: `john.${Date.now()}@example.org`,
    });
  });

  it('sends the confirmation to the outbox, and the citizen cancels through the link in it', async () => {
    const { page: admin } = await staffPage(['admin']);
    await admin.goto(`${server.url}/admin/postausgang`);
    await expect.poll(() => h1(admin)).toBe('Postausgang');
    await admin.getByLabel('Empfänger/in enthält').fill(manageCitizen.email);
    await admin.getByRole('button', { name: 'Filtern' }).click();
    await expect.poll(() => admin.locator('tbody tr').count()).toBe(1);
    await expectAccessible(admin, 'outbox');
    await admin.getByRole('button', { name: /^Anzeigen/ }).click();
    await expect.poll(() => admin.getByTestId('outbox-text').textContent()).toContain('/termin/verwalten/');
    expect(await admin.getByRole('link', { name: /termin\.ics/ }).count()).toBe(1);
    await expectAccessible(admin, 'outbox message');
    const text = (await admin.getByTestId('outbox-text').textContent())!;
    const link = /https?:\/\/\S+\/termin\/verwalten\/[A-Za-z0-9_-]+/.exec(text)![0];

    const page = await citizenPage();
    await page.goto(link);
    await expect.poll(() => h1(page)).toBe('Ihr Termin');
    await expectAccessible(page, 'manage booking');
    await page.getByRole('button', { name: 'Termin absagen' }).click();
    await expect.poll(() => h1(page)).toBe('Möchten Sie den Termin wirklich absagen?');
    await expectAccessible(page, 'cancel confirmation');
    await page.getByRole('button', { name: 'Ja, Termin absagen' }).click();
    await expect.poll(() => h1(page)).toBe('Ihr Termin ist abgesagt');
    await expectAccessible(page, 'cancelled');
    const row = await server.db
      .selectFrom('appointments')
      .select('status')
      .where('email', '=', manageCitizen.email)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('cancelled');

    // A guessed link shows a clear page, not the booking.
    await page.goto(`${server.url}/termin/verwalten/${'A'.repeat(43)}`);
    await expect.poll(() => h1(page)).toBe('Termin nicht gefunden');
    await expectAccessible(page, 'manage link not found');
  });

  it('lets a hotline agent book for a caller in one form, with the service from the knowledge base', async () => {
    const { page } = await staffPage(['hotline']);
    await page.goto(`${server.url}/desk/termin?service=${SERVICE_IDS['reisepass-beantragen']}`);
    await expect.poll(() => h1(page)).toBe('Termin buchen (Telefon und Schalter)');
    expect(await page.getByRole('checkbox', { name: 'Reisepass beantragen' }).isChecked()).toBe(true);
    await expectAccessible(page, 'desk booking');
    await expectErrorState(page, 'Termin buchen', 'desk booking errors', /^Fehler: /);
    await expect.poll(() => page.locator('#db-location option').count()).toBeGreaterThan(1);
    await page.locator('#db-location').selectOption({ label: 'Gemeindeverwaltung Schönberg (Schönberg)' });
    await expect.poll(() => page.locator('#db-day option').count()).toBeGreaterThan(1);
    await page.locator('#db-day').selectOption({ index: 1 });
    await expect.poll(() => page.locator('#db-time option').count()).toBeGreaterThan(1);
    await page.locator('#db-time').selectOption({ index: 1 });
    await page.getByLabel('Name', { exact: true }).fill('Anrufer Beispiel (fiktiv)');
    await page.getByLabel('Telefonnummer').fill('03764 555123');
    await page.getByRole('button', { name: 'Termin buchen' }).click();
    await expect
      .poll(() => page.getByTestId('desk-booking-number').textContent())
      .toContain('Anrufer Beispiel');
    await expectAccessible(page, 'desk booking done');
    const row = await server.db
      .selectFrom('appointments')
      .select(['channel', 'phone'])
      .where('name', '=', 'Anrufer Beispiel (fiktiv)')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'hotline', phone: '03764 555123' });
  });

  it('shows the public schedule by village with calendar feeds', async () => {
    const page = await citizenPage();
    await page.goto(`${server.url}/sprechtage?ort=${DEMO.villages.schoenberg}`);
    await expect.poll(() => h1(page)).toBe('Wann kommt das Bürgerbüro zu mir?');
    await expect.poll(() => page.locator('.bk-day').count()).toBeGreaterThan(0);
    expect(await page.getByRole('link', { name: /Kalender für Gemeindeverwaltung Schönberg/ }).count()).toBe(
      1,
    );
    await expectAccessible(page, 'public schedule (de)');
    await page.goto(`${server.url}/terminal/sprechtage?lang=en`);
    await expect.poll(() => h1(page)).toBe('When is the citizens’ office coming to me?');
    await expectAccessible(page, 'terminal schedule (en)');
  });

  it('lets the coordinator cancel a day and all following days of the series in one go', async () => {
    const days = await server.db
      .selectFrom('office_days')
      .select(['id', 'date'])
      .where('start_time', '=', '13:00')
      .where('location_id', '=', DEMO.locations.gemeindeamtSchoenberg)
      .where('status', '=', 'planned')
      .where('series_id', 'is not', null)
      .orderBy('date')
      .execute();
    const from = days.at(-3)!;
    const { page } = await staffPage(['coordinator']);
    await page.goto(`${server.url}/admin/sprechtage/${from.id}`);
    await page.getByRole('radio', { name: 'Dieser und alle folgenden Sprechtage der Serie' }).check();
    await page.getByLabel('Grund (für das Protokoll)').fill('Saal wird renoviert (fiktiv)');
    const cancelSection = page.getByRole('region', { name: 'Sprechtag absagen' });
    await cancelSection.getByRole('button', { name: 'Betroffene Termine anzeigen' }).click();
    await expect
      .poll(() => page.getByTestId('affected').textContent())
      .toContain('Abgesagt würden 3 Sprechtage');
    await expectAccessible(page, 'cancel following preview');
    await page.getByRole('button', { name: 'Absagen und alle benachrichtigen' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('3 Sprechtage abgesagt');
    const after = await server.db
      .selectFrom('office_days')
      .select(['date', 'status'])
      .where(
        'id',
        'in',
        days.map((d) => d.id),
      )
      .orderBy('date')
      .execute();
    expect(after.slice(-3).every((d) => d.status === 'cancelled')).toBe(true);
    expect(after.slice(0, -3).every((d) => d.status === 'planned')).toBe(true);
  });
});

describe('the queue on the day (#4)', () => {
  it('checks in a booked citizen and a walk-in; a clerk calls both while the display follows live', async () => {
    // A booked citizen for today (online booking for today has closed, so it is put in directly).
    const today = todayInBerlin();
    let day = await server.db
      .selectFrom('office_days')
      .select('id')
      .where('location_id', '=', DEMO.locations.gemeindeamtSchoenberg)
      .where('date', '=', today)
      .executeTakeFirst();
    if (!day) {
      day = { id: uuidv7() };
      await server.db
        .insertInto('office_days')
        .values({
          id: day.id,
          authority_id: DEMO.authorityMeerane,
          location_id: DEMO.locations.gemeindeamtSchoenberg,
          series_id: null,
          date: today,
          start_time: '00:00',
          end_time: '23:45',
          starts_at: zonedDateTimeToInstant(today, '00:00'),
          ends_at: zonedDateTimeToInstant(today, '23:45'),
          desks: 1,
          kit_id: null,
          service_ids: null,
          cancel_reason: null,
          note: null,
        })
        .execute();
    }
    const start = new Date(Date.now() + 5 * 60_000);
    await server.db
      .insertInto('appointments')
      .values({
        id: uuidv7(),
        authority_id: DEMO.authorityMeerane,
        office_day_id: day.id,
        location_id: DEMO.locations.gemeindeamtSchoenberg,
        service_date: today,
        desk: 9,
        starts_at: start,
        ends_at: new Date(start.getTime() + 15 * 60_000),
        block_end: new Date(start.getTime() + 15 * 60_000),
        status: 'booked',
        hold_expires_at: null,
        booking_number: newReference('T'),
        manage_token_hash: hashToken(newToken()),
        service_ids: [SERVICE_IDS.lebensbescheinigung],
        duration_minutes: 15,
        name: 'Erika Aufruf (fiktiv)',
        email: 'erika.aufruf@example.org',
        phone: null,
        contact_key: 'e:erika.aufruf@example.org',
        locale: 'de',
        channel: 'portal',
        note: null,
        created_by: null,
        confirmed_at: new Date(),
        cancelled_at: null,
        cancel_reason: null,
      })
      .execute();

    const display = await citizenPage();
    await display.goto(`${server.url}/aufruf/gemeindeamt-schoenberg`);
    await expect.poll(() => h1(display)).toBe('Gemeindeverwaltung Schönberg');
    await expectAccessible(display, 'call display');
    await display.getByRole('button', { name: 'Ton einschalten' }).click();

    const { page } = await staffPage(['clerk']);
    await page.goto(`${server.url}/desk/warteschlange`);
    await expect.poll(() => h1(page)).toBe('Warteschlange');
    await page
      .locator('#queue-location')
      .selectOption({ label: 'Gemeindeverwaltung Schönberg (Sprechtag heute)' });
    await expect
      .poll(() => page.getByRole('button', { name: 'Einchecken Erika Aufruf (fiktiv)' }).count())
      .toBe(1);
    await expectAccessible(page, 'queue');
    // Error state: calling without a desk.
    await page.getByLabel('Ihr Platz').fill('');
    await page.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
    await expect.poll(() => page.title()).toMatch(/^Fehler: /);
    await expectAccessible(page, 'queue error');
    await page.getByLabel('Ihr Platz').fill('Platz 1');

    await page.getByRole('button', { name: 'Einchecken Erika Aufruf (fiktiv)' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toMatch(/eingecheckt: Wartenummer T\d{3}/);
    await page.getByRole('button', { name: 'Wartenummer ausgeben' }).click();
    await expect.poll(() => page.getByTestId('walk-in-code').textContent()).toMatch(/A\d{3}/);
    const walkIn = /A\d{3}/.exec((await page.getByTestId('walk-in-code').textContent())!)![0];

    const seen: string[] = [];
    for (let i = 0; i < 2; i++) {
      await page.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
      await expect.poll(() => page.getByTestId('my-ticket').count()).toBe(1);
      const code = (await page.locator('.bk-queue-ticket__code').textContent())!.trim();
      seen.push(code);
      // The display shows the number and the desk within a moment — never a name.
      await expect
        .poll(() => display.getByTestId('current-code').textContent(), { timeout: 10_000 })
        .toBe(code);
      expect(await display.getByTestId('current-desk').textContent()).toBe('Platz 1');
      await expect.poll(() => display.getByTestId('announcement').textContent()).toContain(code);
      expect(await display.locator('body').textContent()).not.toContain('Erika');
      await page.getByRole('button', { name: 'Bedienung beginnen' }).click();
      await page.getByRole('button', { name: 'Fertig' }).click();
      await expect.poll(() => page.getByTestId('my-ticket').count()).toBe(0);
    }
    expect(seen.sort()).toEqual([walkIn, expect.stringMatching(/^T\d{3}$/)].sort());
    expect(Number(await display.locator('.bk-display').getAttribute('data-chimes'))).toBeGreaterThanOrEqual(
      2,
    );
    await expectAccessible(display, 'call display after calls');
    const attended = await server.db
      .selectFrom('appointments')
      .select('status')
      .where('name', '=', 'Erika Aufruf (fiktiv)')
      .executeTakeFirstOrThrow();
    expect(attended.status).toBe('attended');
  });
});

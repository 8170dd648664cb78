import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newReference } from '../../src/core/booking/contact';
import { uuidv7 } from '../../src/core/ids';
import type { Role } from '../../src/core/roles';
import { addDays, weekday, zonedDateTimeToInstant } from '../../src/core/time';
import { hashToken, newToken } from '../../src/server/http/auth';
import { SERVICE_IDS } from '../../src/server/modules/catalog/demo-ids';
import { DEMO } from '../../src/server/modules/places/demo-ids';
import { saxonHoliday } from '../../src/server/modules/schedule/holidays';
import { todayInBerlin } from '../../src/server/modules/schedule/service';
import { expectAccessible, keepArtifactsOnFailure, launchBrowser, newPage } from './support/browser';
import { type E2EServer, signInBrowser, startE2EServer } from './support/server';

/**
 * Issue #10, the staff workplace: the staff shell with its role-aware menu (desktop and 375 px),
 * one call per desk even on a double click, "Bedienung beginnen" leading into the register and a
 * new case linked to the ticket, error messages that name their field, an office day that cannot
 * be planned twice, and the evaluation with charts, German dates, a table that fits 1280 px and a
 * CSV download. axe on every page and error state. One browser; pages are reused.
 */
let server: E2EServer;
let browser: Browser;
const pages: Page[] = [];
const today = todayInBerlin();

beforeAll(async () => {
  server = await startE2EServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
keepArtifactsOnFailure(() => pages);

async function staffPage(
  roles: Role[],
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await newPage(browser, { viewport });
  await signInBrowser(opened.context, server, await server.staff(roles));
  pages.push(opened.page);
  return opened;
}

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });
const h1 = (page: Page) => page.textContent('h1');
const summaryEntries = (page: Page) => page.locator('[data-error-summary] li').allTextContents();

describe('the staff shell', () => {
  it('shows a clerk the desk menu, the day and the workplace, marks the current page, and signs out', async () => {
    const { page } = await staffPage(['clerk']);
    await page.goto(`${server.url}/start`);
    await poll(() => h1(page)).toContain('Guten Tag');
    // Visibly the staff area, and the logo leads back to the staff overview.
    expect(await page.locator('.bk-staff-bar').textContent()).toContain('Mitarbeiterbereich');
    expect(await page.locator('.bk-staff-brand').getAttribute('href')).toBe('/start');
    expect(await page.getByTestId('staff-workplace').textContent()).toMatch(/Heute: .+Kein Standort gewählt/);
    const menu = page.getByRole('navigation', { name: 'Mitarbeiterbereich' });
    for (const entry of [
      'Warteschlange',
      'Melderegister',
      'Vorgänge',
      'Kasse',
      'Termin buchen',
      '115-Wissensdatenbank',
    ])
      expect(await menu.getByRole('link', { name: entry, exact: true }).count(), entry).toBe(1);
    expect(await menu.getByRole('link', { name: 'Sprechtage' }).count()).toBe(0);
    await expectAccessible(page, 'staff start page');

    await menu.getByRole('link', { name: 'Melderegister', exact: true }).click();
    await poll(() => h1(page)).toContain('Melderegister');
    expect(
      await menu.getByRole('link', { name: 'Melderegister', exact: true }).getAttribute('aria-current'),
    ).toBe('page');
    expect(await menu.locator('[aria-current="page"]').count()).toBe(1);
    await expectAccessible(page, 'register search in the shell');

    await page.getByRole('button', { name: 'English' }).click();
    await poll(() => page.locator('.bk-staff-bar').textContent()).toContain('Staff area');
    await expectAccessible(page, 'shell in English');
    await page.getByRole('button', { name: 'Deutsch' }).click();

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await poll(() => h1(page)).toContain('Anmeldung für Mitarbeitende');
    expect(await page.getByRole('navigation', { name: 'Mitarbeiterbereich' }).count()).toBe(0);
    await page.close();
  });

  it('collapses the menu behind a button at 375 px, and shows each role only its tools', async () => {
    const { page } = await staffPage(['coordinator', 'evaluator'], { width: 375, height: 800 });
    await page.goto(`${server.url}/admin`);
    await poll(() => h1(page)).toContain('Verwaltung');
    const toggle = page.getByRole('button', { name: 'Menü' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const officeDays = page
      .getByRole('navigation', { name: 'Mitarbeiterbereich' })
      .getByRole('link', { name: 'Sprechtage', exact: true });
    expect(await officeDays.isVisible()).toBe(false);
    await expectAccessible(page, 'admin overview at 375 px, menu closed');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await officeDays.isVisible()).toBe(true);
    expect(
      await page
        .getByRole('navigation', { name: 'Mitarbeiterbereich' })
        .getByRole('link', { name: 'Kasse' })
        .count(),
    ).toBe(0);
    // Nothing runs off the side of a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expectAccessible(page, 'admin overview at 375 px, menu open');
    await officeDays.click();
    await poll(() => h1(page)).toContain('Sprechtage');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await page.close();
  });
});

describe('the queue and casework', () => {
  const L = DEMO.locations.koethel;

  beforeAll(async () => {
    const officeDayId = uuidv7();
    await server.db
      .insertInto('office_days')
      .values({
        id: officeDayId,
        authority_id: DEMO.authorityMeerane,
        location_id: L,
        series_id: null,
        date: today,
        start_time: '00:15',
        end_time: '23:45',
        starts_at: zonedDateTimeToInstant(today, '00:15'),
        ends_at: zonedDateTimeToInstant(today, '23:45'),
        desks: 4,
        kit_id: null,
        service_ids: null,
        cancel_reason: null,
        note: null,
      })
      .execute();
    const start = zonedDateTimeToInstant(today, '01:00');
    const id = uuidv7();
    await server.db
      .insertInto('appointments')
      .values({
        id,
        authority_id: DEMO.authorityMeerane,
        office_day_id: officeDayId,
        location_id: L,
        service_date: today,
        desk: 1,
        starts_at: start,
        ends_at: new Date(start.getTime() + 15 * 60_000),
        block_end: new Date(start.getTime() + 15 * 60_000),
        status: 'booked',
        hold_expires_at: null,
        booking_number: newReference('T'),
        manage_token_hash: hashToken(newToken()),
        service_ids: [SERVICE_IDS.uebermittlungssperre],
        duration_minutes: 15,
        name: 'Jürgen Müller-Lüdenscheidt',
        email: 'mueller.fiktiv@example.org',
        phone: null,
        contact_key: 'e:mueller.fiktiv@example.org',
        locale: 'de',
        channel: 'portal',
        note: null,
        created_by: null,
        confirmed_at: new Date(),
        cancelled_at: null,
        cancel_reason: null,
      })
      .execute();
  });

  it('calls one person on a double click, and leads from serving to the register and a linked case', async () => {
    const { page } = await staffPage(['clerk']);
    await page.goto(`${server.url}/desk/warteschlange`);
    await poll(() => h1(page)).toContain('Warteschlange');
    await page.getByLabel('Standort').selectOption(L);
    await page.getByLabel('Ihr Platz').fill('Platz 1');
    await page.getByRole('button', { name: /^Einchecken Jürgen Müller-Lüdenscheidt/ }).click();
    await poll(() => page.getByRole('status').first().textContent()).toContain('eingecheckt');
    // The workplace shows in the shell.
    await poll(() => page.getByTestId('staff-workplace').textContent()).toContain('Standort: Feuerwehrhaus');

    await page.getByRole('button', { name: 'Nächste Person aufrufen' }).dblclick();
    await poll(() => page.getByTestId('my-ticket').count()).toBe(1);
    await poll(() => page.getByTestId('already-called').count()).toBe(1);
    const calls = await server.db
      .selectFrom('queue_calls')
      .select('ticket_id')
      .where('location_id', '=', L)
      .where('service_date', '=', today)
      .execute();
    expect(calls).toHaveLength(1);
    await expectAccessible(page, 'queue after a double click');

    await page.getByRole('button', { name: 'Bedienung beginnen' }).click();
    await poll(() => page.getByTestId('serving').count()).toBe(1);
    const code = (await page.locator('.bk-queue-ticket__code').textContent())!.trim();
    await expectAccessible(page, 'queue while serving');
    await page.getByRole('link', { name: /^Person suchen und Vorgang beginnen: / }).click();

    await poll(() => h1(page)).toContain('Melderegister');
    await poll(() => page.getByText(`Bedienung Wartenummer ${code}`).count()).toBe(1);
    expect(await page.getByLabel('Familienname (optional)').inputValue()).toBe('Müller-Lüdenscheidt');
    expect(await page.getByLabel('Zweck der Einsicht').inputValue()).toContain(code);
    // The demo register holds several people of that name: the date of birth tells them apart.
    await page.getByLabel('Geburtsdatum (optional)').fill('1958-04-01');
    await page.getByRole('button', { name: 'Suchen' }).click();
    const start = page.getByRole('link', { name: /^Vorgang beginnen: .*Jürgen Müller-Lüdenscheidt/ });
    await poll(() => start.count()).toBe(1);
    await expectAccessible(page, 'register search while serving');
    await start.click();

    await poll(() => page.getByText(`Bedienung Wartenummer ${code}:`).count()).toBe(1);
    await poll(() => page.textContent('main')).toContain('Jürgen Müller-Lüdenscheidt');
    await page.getByRole('button', { name: 'Antrag aufnehmen' }).click();
    await poll(() => page.title()).toMatch(/^Fehler: /);
    // The summary names the field; the same words stand at the field.
    const entries = await summaryEntries(page);
    expect(entries).toEqual(['Widerspruch gegen die Übermittlung an: Bitte eine Antwort wählen.']);
    expect(await page.locator('.kern-error').first().textContent()).toContain(entries[0]);
    await expectAccessible(page, 'new case with errors');
    await page.locator('#f-blocks').check();
    await page.getByRole('button', { name: 'Antrag aufnehmen' }).click();
    await poll(() => h1(page)).toMatch(/Vorgang MEE-\d{4}-\d{6}/);
    const number = /MEE-\d{4}-\d{6}/.exec((await h1(page))!)![0];
    expect(await page.locator('[data-error-summary]').count()).toBe(0);

    await page
      .getByRole('link', { name: `Zurück zur Warteschlange (Bedienung Wartenummer ${code})` })
      .click();
    await poll(() => page.getByTestId('serving-cases').textContent()).toContain(number);
    await expectAccessible(page, 'queue with the linked case');
    await page.close();
  });

  it('names every field in the desk’s error summary, says a signature is missing, and drops a stale summary', async () => {
    const { page } = await staffPage(['clerk']);
    await page.goto(`${server.url}/desk/vorgaenge/neu`);
    await poll(() => h1(page)).toContain('Leistung');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await poll(() => page.title()).toMatch(/^Fehler: /);
    await expectAccessible(page, 'choose a service with errors');
    await page
      .getByLabel('Leistung', { exact: true })
      .selectOption({ label: 'Anmeldung einer Wohnung (Zuzug)' });
    await page.getByRole('button', { name: 'Weiter' }).click();
    await poll(() => h1(page)).toContain('Anmeldung');
    // The summary of the first step does not follow into the form.
    expect(await page.locator('[data-error-summary]').count()).toBe(0);
    expect(await page.title()).not.toMatch(/^Fehler: /);

    await page.getByRole('button', { name: 'Antrag aufnehmen' }).click();
    await poll(() => page.title()).toMatch(/^Fehler: /);
    const entries = await summaryEntries(page);
    expect(entries.length).toBeGreaterThan(3);
    expect(new Set(entries).size).toBe(entries.length);
    expect(entries.some((e) => e.includes('Bitte füllen Sie dieses Feld aus'))).toBe(false);
    expect(entries).toContain('Tag des Einzugs: Bitte ausfüllen.');
    const signature = entries.find((e) => e.includes('Unterschrift'))!;
    expect(signature).toContain('Unterschrift fehlt.');
    expect(signature).not.toContain('Datei');
    await expectAccessible(page, 'move-in form with named errors');
    await page.close();
  });
});

describe('planning office days', () => {
  /**
   * A Friday far ahead, not a holiday (the demo series use Tuesday to Thursday, the video hours
   * Monday and Thursday) — and inside the portal's default window of 120 days, whatever today is.
   */
  function freeDay(): string {
    let date = addDays(today, 80);
    while (weekday(date) !== 5 || saxonHoliday(date)) date = addDays(date, 1);
    return date;
  }

  it('refuses the same day twice, plans an overlap only with "Trotzdem planen", and the portal lists it once', async () => {
    const date = freeDay();
    const { page, context } = await staffPage(['coordinator']);
    await page.goto(`${server.url}/admin/sprechtage`);
    await poll(() => h1(page)).toContain('Sprechtage');
    const plan = async (start: string, end: string) => {
      await page.getByLabel('Standort', { exact: true }).last().selectOption(DEMO.locations.koethel);
      await page.getByLabel('Datum (erster Tag)').fill(date);
      await page.getByLabel('Beginn').fill(start);
      await page.getByLabel('Ende', { exact: true }).fill(end);
      await page.getByRole('button', { name: 'Sprechtage planen' }).click();
    };
    await plan('09:00', '12:00');
    await poll(() => page.getByText('1 Sprechtage geplant.').count()).toBe(1);

    await plan('09:00', '12:00');
    await poll(() => page.title()).toMatch(/^Fehler: /);
    expect((await summaryEntries(page)).join(' ')).toContain('Dieser Sprechtag ist schon geplant');
    await poll(() => page.getByTestId('office-day-clash').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Trotzdem planen' }).count()).toBe(0);
    await expectAccessible(page, 'the same office day a second time');

    await plan('11:00', '14:00');
    await poll(() => page.getByRole('button', { name: 'Trotzdem planen' }).count()).toBe(1);
    expect(await page.getByTestId('office-day-clash').textContent()).toContain(
      '09:00–12:00 Uhr – überschneidet sich',
    );
    await expectAccessible(page, 'an overlapping office day');
    await page.getByRole('button', { name: 'Trotzdem planen' }).click();
    await poll(() => page.getByText('1 Sprechtage geplant.').count()).toBe(1);

    const planned = await server.db
      .selectFrom('office_days')
      .select(['id', 'start_time'])
      .where('location_id', '=', DEMO.locations.koethel)
      .where('date', '=', date)
      .where('status', '=', 'planned')
      .orderBy('start_time')
      .execute();
    expect(planned.map((d) => d.start_time)).toEqual(['09:00', '11:00']);

    // The office-day page does not claim a kit when none is assigned.
    await page.goto(`${server.url}/admin/sprechtage/${planned[0]!.id}`);
    await poll(() => page.getByTestId('kit-binding').textContent()).toContain('Kein Bürgerkoffer zugeordnet');
    await expectAccessible(page, 'office day without a kit');

    // Citizens see each planned day once.
    const citizen = await context.newPage();
    pages.push(citizen);
    await citizen.goto(`${server.url}/sprechtage?ort=${DEMO.villages.koethel}`);
    await poll(() => citizen.locator(`a[href*="tag=${planned[0]!.id}"]`).count()).toBe(1);
    expect(await citizen.locator(`a[href*="tag=${planned[1]!.id}"]`).count()).toBe(1);
    await citizen.close();
    await page.close();
  });
});

describe('the evaluation', () => {
  it('shows charts, German dates and a table that fits 1280 px, and downloads a CSV for Excel', async () => {
    const { page } = await staffPage(['evaluator']);
    await page.goto(`${server.url}/admin/auswertung`);
    await poll(() => page.getByTestId('stats-locations').count()).toBe(1);
    expect(await page.getByLabel('Von').inputValue()).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    const fits = await page
      .getByTestId('stats-locations')
      .evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().right <= 1280);
    expect(fits).toBe(true);
    const chart = page.getByTestId('visits-chart');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.locator('title').textContent()).toBe('Besuche je Ort im Zeitverlauf');
    expect(await chart.locator('desc').textContent()).toContain('Köthel');
    await page.getByText('Als Tabelle anzeigen').first().click();
    await expectAccessible(page, 'evaluation with charts');

    const href = (await page.getByTestId('stats-csv').getAttribute('href'))!;
    const csv = await page.request.get(`${server.url}${href}`);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = await csv.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toMatch(/^Standort;Ort;Gemeinde;Sprechtage;/);
    expect(text).toContain('Feuerwehrhaus');

    await page.getByLabel('Von').fill('gestern');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await poll(() => page.title()).toMatch(/^Fehler: /);
    expect(await summaryEntries(page)).toEqual(['Von: Geben Sie ein Datum wie 31.12.2026 ein.']);
    await expectAccessible(page, 'evaluation with a wrong date');
    await page.getByLabel('Von').fill('01.01.2026');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await poll(() => page.textContent('main')).toContain('Zeitraum: 01.01.2026');
    await page.close();
  });
});

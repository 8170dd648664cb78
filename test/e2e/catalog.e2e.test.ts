import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/roles';
import { SERVICE_IDS } from '../../src/server/modules/catalog/demo-ids';
import { expectAccessible, keepArtifactsOnFailure, launchBrowser, newPage } from './support/browser';
import { type E2EServer, startE2EServer } from './support/server';

let server: E2EServer;
let browser: Browser;
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

/** A browser context signed in as a staff member with these roles. */
async function staffPage(roles: Role[]): Promise<{ context: BrowserContext; page: Page }> {
  const agent = await server.staff(roles);
  const opened = await newPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  await opened.context.addCookies([{ name: 'bk_session', value: agent.cookie!, url: server.url }]);
  return opened;
}

const heading = () => page!.textContent('h1');

describe('citizen (#3)', () => {
  it('finds "Personalausweis" by typing "perso", reads the page and prints the checklist', async () => {
    ({ page } = await newPage(browser));
    await page.addInitScript(() => {
      (window as unknown as { printCalls: number }).printCalls = 0;
      window.print = () => {
        (window as unknown as { printCalls: number }).printCalls++;
      };
    });
    await page.goto(`${server.url}/leistungen`);
    await expect.poll(heading).toContain('Was möchten Sie erledigen?');
    await expect.poll(() => page!.getByRole('link', { name: 'Meldebescheinigung' }).count()).toBe(1);
    await expectAccessible(page, 'services A–Z (de)');

    // Error state: searching for nothing.
    await page.getByRole('button', { name: 'Suchen' }).click();
    await expect.poll(() => page!.title()).toMatch(/^Fehler: /);
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary'))).toBe(true);
    await expectAccessible(page, 'services search error');

    await page.getByLabel('Suchbegriff').pressSequentially('perso', { delay: 60 });
    const result = page.getByRole('link', { name: 'Personalausweis beantragen' });
    await expect.poll(() => result.count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('.bk-results mark').first().textContent()).toBe('Personalausweis');
    await expect.poll(() => page!.getByRole('status').first().textContent()).toMatch(/Leistungen zu „perso“/);
    await expectAccessible(page, 'search results (de)');

    await result.click();
    await expect.poll(heading).toBe('Personalausweis beantragen');
    expect(await page.title()).toContain('Personalausweis beantragen');
    // Loaded directly (as a search engine does), the page carries schema.org data from the server.
    await page.reload();
    await expect.poll(heading).toBe('Personalausweis beantragen');
    const ld = await page.locator('script[type="application/ld+json"]').textContent();
    expect(JSON.parse(ld!)).toMatchObject({
      '@type': 'GovernmentService',
      name: 'Personalausweis beantragen',
    });
    expect(await page.getByRole('heading', { name: 'Was muss ich mitbringen?' }).count()).toBe(1);
    expect(await page.getByText('Bisheriger Personalausweis').count()).toBeGreaterThan(0);
    // The next office days that offer the service come from the schedule (#4), with a booking link.
    const offered = await page.evaluate(async (id) => {
      const r = await fetch('/api/schedule/public/office-days');
      if (!r.ok) return 0;
      const body = (await r.json()) as { officeDays: { status: string; services: { id: string }[] }[] };
      return body.officeDays.filter((d) => d.status !== 'cancelled' && d.services.some((s) => s.id === id))
        .length;
    }, SERVICE_IDS['personalausweis-beantragen']);
    if (offered > 0) {
      await expect
        .poll(() => page!.getByRole('link', { name: 'An diesem Tag einen Termin buchen' }).count())
        .toBe(Math.min(3, offered));
    }
    await expectAccessible(page, 'service page (de)');

    // Fee calculator: the age is needed …
    await page.getByRole('button', { name: 'Gebühr berechnen' }).click();
    await expect.poll(() => page!.title()).toMatch(/^Fehler: /);
    await expectAccessible(page, 'fee calculator error');
    // … 23 years and a photo at the office: 27.60 € + 6 €.
    await page.getByLabel('Wie alt ist die Person').fill('23');
    await page.getByLabel('Foto durch das Bürgerbüro').check();
    await page.getByRole('button', { name: 'Gebühr berechnen' }).click();
    await expect.poll(() => page!.locator('.bk-fee-total').textContent()).toContain('33,60');

    // Print the checklist: the print dialog is asked for, and only the checklist is printed.
    await page.getByRole('button', { name: 'Checkliste drucken' }).click();
    expect(await page.evaluate(() => (window as unknown as { printCalls: number }).printCalls)).toBe(1);
    await page.evaluate(() => document.body.classList.add('bk-print-checklist'));
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('heading', { name: 'Was muss ich mitbringen?' }).isVisible()).toBe(true);
    expect(await page.getByText('Bisheriger Personalausweis').first().isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Beschreibung' }).isVisible()).toBe(false);
    expect(await page.locator('header.bk-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Checkliste drucken' }).isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.byteLength).toBeGreaterThan(1000);
    await page.emulateMedia({ media: 'screen' });
  });

  it('says clearly when nothing is found and when a service does not exist', async () => {
    ({ page } = await newPage(browser));
    await page.goto(`${server.url}/leistungen?q=xylophon`);
    await expect
      .poll(() => page!.textContent('main'))
      .toContain('Zu „xylophon“ haben wir keine Leistung gefunden');
    await expectAccessible(page, 'no results');
    await page.goto(`${server.url}/leistungen/gibt-es-nicht`);
    await expect.poll(heading).toContain('Diese Leistung haben wir nicht gefunden');
    await expectAccessible(page, 'unknown service');
  });

  it('works in English too', async () => {
    ({ page } = await newPage(browser, { locale: 'en-GB' }));
    await page.goto(`${server.url}/leistungen?lang=en`);
    await expect.poll(heading).toContain('What do you want to do?');
    await page.getByLabel('Search term').fill('passport');
    await expect.poll(() => page!.getByRole('link', { name: 'Applying for a passport' }).count()).toBe(1);
    await expectAccessible(page, 'search results (en)');
    await page.getByRole('link', { name: 'Applying for a passport' }).click();
    await expect.poll(heading).toBe('Applying for a passport');
    expect(await page.locator('[lang="de"]').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'service page (en)');
  });
});

describe('terminal (#3)', () => {
  it('shows the same search and pages with large targets and without printing', async () => {
    ({ page } = await newPage(browser));
    await page.goto(`${server.url}/terminal/leistungen`);
    await expect.poll(heading).toContain('Was möchten Sie erledigen?');
    await page.getByLabel('Suchbegriff').fill('hund anmelden');
    const link = page.getByRole('link', { name: 'Hund zur Hundesteuer anmelden' });
    await expect.poll(() => link.count()).toBe(1);
    expect(await link.getAttribute('href')).toBe('/terminal/leistungen/hundesteuer-anmeldung');
    const box = await page.getByRole('button', { name: 'Suchen' }).boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(60);
    await expectAccessible(page, 'terminal search');
    await link.click();
    await expect.poll(heading).toBe('Hund zur Hundesteuer anmelden');
    expect(await page.getByRole('button', { name: 'Checkliste drucken' }).count()).toBe(0);
    await expectAccessible(page, 'terminal service page');
  });
});

describe('115 hotline (#3)', () => {
  it('searches as the agent types, reads out the answer, copies it and hands over to booking', async () => {
    let context: BrowserContext;
    ({ context, page } = await staffPage(['hotline']));
    await page.goto(`${server.url}/desk/115`);
    await expect.poll(heading).toContain('115');
    await expectAccessible(page, 'hotline');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await expect.poll(() => page!.title()).toMatch(/^Fehler: /);
    await expectAccessible(page, 'hotline error');

    await page
      .getByLabel('Was möchte die anrufende Person erledigen?')
      .pressSequentially('ich ziehe um', { delay: 40 });
    const first = page.locator('.bk-hotline-result').first();
    await expect.poll(() => first.textContent(), { timeout: 10_000 }).toContain('Anmeldung einer Wohnung');
    await first.click();
    const readOut = page.getByTestId('read-out');
    await expect.poll(() => readOut.textContent()).toContain('Bitte mitbringen');
    expect(await readOut.textContent()).toContain('Telefon 03764 54-0');
    await page.getByRole('button', { name: 'Antwort kopieren' }).click();
    await expect.poll(() => page!.textContent('.bk-hotline-panel')).toContain('Zwischenablage');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('Anmeldung einer Wohnung');
    const book = page.getByRole('link', { name: 'Termin für die anrufende Person buchen' });
    expect(await book.getAttribute('href')).toBe(
      `/desk/termin?service=${SERVICE_IDS['anmeldung-einer-wohnung']}`,
    );
    await expectAccessible(page, 'hotline answer');
    await context.close();
  });
});

describe('catalogue editor (#3)', () => {
  it('edits with the same rules as the API, previews, publishes a new version and shows the difference', async () => {
    let context: BrowserContext;
    ({ context, page } = await staffPage(['coordinator']));
    await page.goto(`${server.url}/admin/katalog`);
    await expect.poll(heading).toContain('Leistungskatalog');
    await expect
      .poll(() => page!.getByRole('link', { name: 'Bearbeiten: Lebensbescheinigung' }).count())
      .toBe(1);
    await expectAccessible(page, 'catalogue admin');
    // The filter ranks like the citizens' search.
    await page.getByLabel('Leistungen filtern').fill('perso');
    await expect
      .poll(() => page!.locator('tbody tr').first().textContent(), { timeout: 10_000 })
      .toContain('Personalausweis beantragen');
    await page.getByLabel('Leistungen filtern').fill('');

    await page.getByRole('link', { name: 'Bearbeiten: Lebensbescheinigung' }).click();
    await expect.poll(heading).toContain('Leistung bearbeiten: Lebensbescheinigung');
    await expectAccessible(page, 'editor');

    // A wrong LeiKa key is caught before saving, with the same words as the API.
    await page.getByLabel('LeiKa-Schlüssel').fill('99114');
    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await expect.poll(() => page!.title()).toMatch(/^Fehler: /);
    expect(await page.locator('[data-error-summary]').textContent()).toContain('genau 14 Ziffern');
    await expectAccessible(page, 'editor with errors');

    await page.getByLabel('LeiKa-Schlüssel').fill('99114032000000');
    await page
      .getByLabel('Kurztext (deutsch)')
      .fill('Wir bestätigen gebührenfrei, dass Sie leben – auch beim Hausbesuch.');
    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await expect.poll(() => page!.textContent('main')).toContain('Der Entwurf ist gespeichert.');

    await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
    await expect.poll(() => page!.textContent('.bk-preview')).toContain('auch beim Hausbesuch');
    await expectAccessible(page, 'editor preview');

    await page.getByLabel('Was hat sich geändert?').fill('Kurztext vereinfacht');
    await page.getByRole('button', { name: 'Jetzt veröffentlichen' }).click();
    await expect.poll(() => page!.textContent('main')).toContain('Fassung 2 ist veröffentlicht.');
    await page.getByRole('button', { name: 'Änderungen zu Fassung 2 anzeigen' }).click();
    await expect.poll(() => page!.textContent('.bk-diff')).toContain('auch beim Hausbesuch');
    await expectAccessible(page, 'version diff');

    await page.getByLabel('Neuer Suchbegriff').fill('Lebendbescheinigung');
    await page.getByRole('button', { name: 'Hinzufügen', exact: true }).click();
    await expect.poll(() => page!.textContent('.bk-synonyms')).toContain('Lebendbescheinigung');

    const res = await page.evaluate(() =>
      fetch('/api/catalog/services/lebensbescheinigung').then((r) => r.json()),
    );
    expect(res.version).toBe(2);
    expect(res.content.shortText.de).toContain('auch beim Hausbesuch');

    await page.goto(`${server.url}/admin/katalog/neu`);
    await expect.poll(heading).toContain('Neue Leistung');
    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await expect.poll(() => page!.title()).toMatch(/^Fehler: /);
    await expectAccessible(page, 'new service with errors');
    await context.close();
  });
});

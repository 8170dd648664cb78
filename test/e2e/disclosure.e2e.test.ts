import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../src/server/modules/cases/test-support';
import { checkTaggedPdf, inReadingOrder } from '../../src/server/pdf/tag-check';
import type { Agent } from '../../src/server/test/test-app';
import { expectAccessible, keepArtifactsOnFailure, launchBrowser, newPage } from './support/browser';
import { type E2EServer, signInBrowser, startE2EServer } from './support/server';

/**
 * #15: a clerk reads a demo resident (each read is audited with its purpose), produces the
 * disclosure on the person's page, downloads the PDF — and the PDF lists those reads, as a
 * tagged PDF. Axe on each page and error state; German, then English.
 */
let server: E2EServer;
let browser: Browser;
let clerk: Agent;
let context: BrowserContext | undefined;
let page: Page | undefined;

beforeAll(async () => {
  server = await startE2EServer({ config: { dataDir: tempDataDir() } });
  browser = await launchBrowser();
  clerk = await server.staff('clerk');
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (server) fs.rmSync(server.config.dataDir, { recursive: true, force: true });
});
keepArtifactsOnFailure(() => [page]);

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

async function downloadPdf(p: Page, button: string): Promise<Buffer> {
  const [download] = await Promise.all([
    p.waitForEvent('download'),
    p.getByRole('button', { name: button }).click(),
  ]);
  return fs.readFileSync((await download.path())!);
}

describe('desk: disclosure to a resident (#15)', () => {
  it('reads a resident, produces the disclosure and the PDF lists those reads', async () => {
    ({ context, page } = await newPage(browser, { acceptDownloads: true }));
    await signInBrowser(context, server, clerk);
    const p = page;

    await p.goto(`${server.url}/desk/register`);
    await poll(() => p.textContent('h1')).toContain('Melderegister');
    await p.getByLabel('Zweck der Einsicht').fill('Rückfrage Wohnungsgeber e2e');
    await p.getByLabel('Familienname (optional)').fill('mustermann');
    await p.getByLabel('Geburtsdatum (optional)').fill('1964-08-12');
    await p.getByRole('button', { name: 'Suchen' }).click();
    await p.getByRole('link', { name: 'Mustermann, Erika Johanna' }).click();
    await poll(() => p.textContent('h1')).toContain('Erika Johanna Mustermann');
    await expectAccessible(p, 'person record with the disclosure form');

    // Error state: nothing chosen.
    await p.getByRole('button', { name: 'Auskunft erstellen' }).click();
    await poll(() => p.title()).toMatch(/^Fehler: /);
    expect(await p.getByRole('link', { name: 'Wählen Sie, wie die Identität geprüft wurde.' }).count()).toBe(
      1,
    );
    await expectAccessible(p, 'disclosure form with errors');

    await p.getByLabel('Ausweis vor Ort geprüft').check();
    await p.getByLabel('Anlass').fill('Auskunftsersuchen am Schalter');
    const bytes = await downloadPdf(p, 'Auskunft erstellen');
    await poll(() => p.getByRole('status').filter({ hasText: 'Auskunft erstellt' }).textContent()).toContain(
      'Auskunft erstellt',
    );
    await expectAccessible(p, 'disclosure produced');

    const report = checkTaggedPdf(bytes);
    expect(report.problems).toEqual([]);
    expect(report.lang).toBe('de-DE');
    expect(
      inReadingOrder(report.text, [
        'Auskunft über Ihre gespeicherten Daten',
        'Erika Johanna',
        'Zugriffe auf Ihre Daten',
        'Registereintrag gelesen',
        'Rückfrage Wohnungsgeber e2e',
      ]),
    ).toBe(true);
    expect(inReadingOrder(report.text, ['In einem Suchergebnis angezeigt'])).toBe(true);
    expect(report.text).toContain('Sachbearbeitung');
    expect(report.text).not.toContain(clerk.username!);
  });

  it('works the same in English', async () => {
    await context?.close();
    ({ context, page } = await newPage(browser, { acceptDownloads: true, locale: 'en-GB' }));
    await signInBrowser(context, server, clerk);
    const p = page;
    await p.goto(`${server.url}/desk/register`);
    await p
      .getByRole('button', { name: 'English' })
      .click()
      .catch(() => {});
    await poll(() => p.textContent('h1')).toContain('register');
    await p.getByLabel(/Purpose/).fill('Check for the landlord e2e');
    await p.getByLabel(/Family name/).fill('mustermann');
    await p.getByLabel(/Date of birth/).fill('1964-08-12');
    await p.getByRole('button', { name: 'Search' }).click();
    await p.getByRole('link', { name: 'Mustermann, Erika Johanna' }).click();
    await poll(() => p.textContent('h1')).toContain('Erika Johanna Mustermann');
    await expectAccessible(p, 'person record (English)');

    await p.getByLabel('ID checked in person').check();
    await p.getByLabel('Reason').fill('Request at the desk');
    await p.getByLabel('English').check();
    const bytes = await downloadPdf(p, 'Produce disclosure');
    await poll(() =>
      p.getByRole('status').filter({ hasText: 'Disclosure produced' }).textContent(),
    ).toContain('Disclosure produced');
    await expectAccessible(p, 'disclosure produced (English)');
    const report = checkTaggedPdf(bytes);
    expect(report.problems).toEqual([]);
    expect(report.lang).toBe('en-GB');
    expect(
      inReadingOrder(report.text, [
        'Access to your data',
        'Register entry read',
        'Check for the landlord e2e',
      ]),
    ).toBe(true);
  });
});

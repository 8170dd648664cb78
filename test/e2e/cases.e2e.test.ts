import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfQrMatches, pdfToText, tempDataDir } from '../../src/server/modules/cases/test-support';
import {
  expectAccessible,
  FAKE_CAMERA_FLAGS,
  keepArtifactsOnFailure,
  launchBrowser,
  newPage,
} from './support/browser';
import { type E2EServer, signInBrowser, startE2EServer } from './support/server';

let server: E2EServer;
let browser: Browser;
let context: BrowserContext | undefined;
let page: Page | undefined;

beforeAll(async () => {
  server = await startE2EServer({ config: { dataDir: tempDataDir() } });
  browser = await launchBrowser(FAKE_CAMERA_FLAGS);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (server) fs.rmSync(server.config.dataDir, { recursive: true, force: true });
});
keepArtifactsOnFailure(() => [page]);

/** Polls with time enough for uploads and page loads on a busy machine. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

function isoDaysAgo(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(d);
}

async function sign(p: Page, selector: string) {
  await p.locator(selector).scrollIntoViewIfNeeded();
  const box = (await p.locator(selector).boundingBox())!;
  await p.mouse.move(box.x + 20, box.y + box.height / 2);
  await p.mouse.down();
  for (let i = 1; i <= 12; i++)
    await p.mouse.move(box.x + 20 + i * 25, box.y + box.height / 2 + (i % 2 ? 18 : -18));
  await p.mouse.up();
}

describe('desk: a clerk registers a move', () => {
  let caseNumber = '';
  let accessCode = '';
  let verificationUrl = '';

  it('finds the person, captures the move-in with a signature, completes it and prints the Meldebestätigung', async () => {
    ({ context, page } = await newPage(browser, { permissions: ['camera'] }));
    await signInBrowser(context, server, await server.staff('clerk'));
    const p = page;

    await p.goto(`${server.url}/desk/register`);
    await poll(() => p.textContent('h1')).toContain('Melderegister');
    await expectAccessible(p, 'register search');

    // Error state: nothing entered.
    await p.getByRole('button', { name: 'Suchen' }).click();
    await poll(() => p.title()).toMatch(/^Fehler: /);
    expect(await p.getByRole('link', { name: 'Geben Sie den Zweck der Einsicht an.' }).count()).toBe(1);
    await expectAccessible(p, 'register search with errors');

    await p.getByLabel('Zweck der Einsicht').fill('Anmeldung am Schalter');
    await p.getByLabel('Familienname (optional)').fill('mustermann');
    await p.getByLabel('Geburtsdatum (optional)').fill('1964-08-12');
    await p.getByRole('button', { name: 'Suchen' }).click();
    await p.getByRole('link', { name: 'Mustermann, Erika Johanna' }).click();
    await poll(() => p.textContent('h1')).toContain('Erika Johanna Mustermann');
    await expectAccessible(p, 'person record');

    await p
      .getByLabel('Leistung', { exact: true })
      .selectOption({ label: 'Anmeldung einer Wohnung (Zuzug)' });
    await p.getByRole('button', { name: 'Beginnen' }).click();
    await poll(() => p.textContent('h1')).toContain('Anmeldung / Ummeldung');
    await expectAccessible(p, 'move-in form');

    // Submitting the empty form: errors summarised and linked to their fields, nothing sent.
    await p.getByRole('button', { name: 'Antrag aufnehmen' }).click();
    await poll(() => p.title()).toMatch(/^Fehler: /);
    expect(await p.evaluate(() => document.activeElement?.hasAttribute('data-error-summary'))).toBe(true);
    await p.getByRole('link', { name: /Ohne Wohnungsgeberbestätigung/ }).click();
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('f-landlordConfirmation');
    await expectAccessible(p, 'move-in form with errors');

    await p.getByLabel('Tag des Einzugs').fill(isoDaysAgo(2));
    await p.getByLabel('alleinige Wohnung').check();
    await p.getByLabel('Gemeinde').selectOption({ label: 'Stadt Meerane' });
    await p.locator('#f-newAddress-street').fill('Rosenweg');
    await p.locator('#f-newAddress-houseNumber').fill('8');
    await p.locator('#f-newAddress-postalCode').fill('08393');
    await p.getByLabel(/Mustermann, Max/).check();
    await p.getByLabel(/Mustermann, Leonie/).check();
    await p.getByLabel('liegt schriftlich vor').check();
    await p.getByLabel('Name des Wohnungsgebers').fill('Wohnbau Beispiel GmbH (fiktiv)');
    await p.getByLabel('Anschrift des Wohnungsgebers').fill('Beispielweg 1, 08393 Meerane');
    await p.getByLabel(/über ihre Widerspruchsrechte/).check();
    await sign(p, '[data-testid="signature-pad"]');
    await poll(() => p.getByText('Gespeichert.').count()).toBe(1);
    await poll(() => p.textContent('main')).toContain('Meldefrist: bis');

    await p.getByRole('button', { name: 'Antrag aufnehmen' }).click();
    await poll(() => p.textContent('h1')).toMatch(/Vorgang MEE-\d{4}-\d{6}/);
    caseNumber = /MEE-\d{4}-\d{6}/.exec((await p.textContent('h1'))!)![0];
    accessCode = (await p.getByTestId('access-code').textContent())!.trim();
    await expectAccessible(p, 'captured case');

    await p.getByRole('button', { name: 'Abschließen (Register wird aktualisiert)' }).click();
    await poll(() => p.textContent('main')).toContain('abgeschlossen');
    await expectAccessible(p, 'completed case');

    const [tab] = await Promise.all([
      context.waitForEvent('page'),
      p.getByRole('button', { name: 'Meldebestätigung drucken' }).click(),
    ]);
    await tab.waitForURL(/\/api\/documents\/[0-9a-f-]+\/pdf$/);
    const pdf = await p.request.get(tab.url());
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const bytes = await pdf.body();
    const text = pdfToText(bytes);
    expect(text).toContain('Amtliche Meldebestätigung');
    expect(text).toContain('Erika Johanna Mustermann');
    expect(text).toContain('Max Mustermann');
    expect(text).toContain('Rosenweg 8, 08393 Meerane');
    verificationUrl = /(http:\/\/\S+\/pruefen\/[0-9A-Z]{12})/.exec(text)![1]!;
    expect(pdfQrMatches(bytes, verificationUrl)).toBe(true);
    await tab.close();

    // The register is updated: the household lives at the new address.
    const leonie = await p.request.get(
      `${server.url}/api/register/persons?familyName=Mustermann&givenNames=Leonie&purpose=e2e`,
    );
    expect((await leonie.json()).persons[0].address.street).toBe('Rosenweg');
  });

  it('lets the citizen read the state with the number and code from the receipt', async () => {
    ({ context, page } = await newPage(browser));
    const p = page;
    await p.goto(`${server.url}/status`);
    await expectAccessible(p, 'status page');
    await p.getByLabel('Aktenzeichen').fill(caseNumber.toLowerCase().replace(/-/g, ' '));
    await p.getByLabel('Zugangscode').fill('XXXXX-XXXXX');
    await p.getByRole('button', { name: 'Stand anzeigen' }).click();
    await poll(() => p.title()).toMatch(/^Fehler: /);
    await expectAccessible(p, 'status page with error');
    await p.getByLabel('Zugangscode').fill(accessCode.toLowerCase().replace('-', ' '));
    await p.getByRole('button', { name: 'Stand anzeigen' }).click();
    await poll(() => p.textContent('main')).toContain('Ihr Anliegen ist erledigt');
    await expectAccessible(p, 'status page with result');
  });

  it('shows a printed document as genuine and a forged code as not genuine', async () => {
    ({ context, page } = await newPage(browser));
    const p = page;
    await p.goto(verificationUrl);
    await poll(() => p.textContent('main')).toContain('Echt: Dieses Dokument wurde von uns ausgestellt.');
    expect(await p.textContent('main')).toContain(caseNumber);
    await expectAccessible(p, 'verification: genuine');
    await p.goto(`${server.url}/pruefen/ABCD-EFGH-JKMN`);
    await poll(() => p.textContent('main')).toContain('Nicht echt');
    await expectAccessible(p, 'verification: not genuine');
  });
});

describe('desk: ID card application with the camera, fee, hand-over and cash report', () => {
  it('captures photo and signature, takes the fee, exports, hands over, and closes the register', async () => {
    ({ context, page } = await newPage(browser, { permissions: ['camera'] }));
    await signInBrowser(context, server, await server.staff('clerk'));
    const p = page;
    await p.goto(`${server.url}/desk/register`);
    await p.getByLabel('Zweck der Einsicht').fill('Antrag Personalausweis');
    await p.getByLabel('Familienname (optional)').fill('Weiss');
    await p.getByLabel('Vorname (optional)').fill('zoe');
    await p.getByLabel('Geburtsdatum (optional)').fill('2004-03-03');
    await p.getByRole('button', { name: 'Suchen' }).click();
    await p.getByRole('link', { name: 'Weiß, Zoë' }).click();
    await p.getByLabel('Leistung', { exact: true }).selectOption({ label: 'Personalausweis beantragen' });
    await p.getByRole('button', { name: 'Beginnen' }).click();
    await poll(() => p.textContent('h1')).toContain('Personalausweis beantragen');

    await p.getByLabel('Ablauf der Gültigkeit').check();
    await p.getByLabel('Körpergröße (cm)').fill('168');
    await p.getByLabel('Augenfarbe').selectOption({ label: 'grün' });
    await p.getByLabel('von der Behörde aufgenommen').check();
    await p.getByRole('button', { name: 'Kamera starten' }).click();
    await p.getByTestId('camera-video').waitFor();
    await p.waitForFunction(
      () => (document.querySelector('[data-testid="camera-video"]') as HTMLVideoElement)?.videoWidth > 0,
    );
    await p.getByRole('button', { name: 'Foto aufnehmen' }).click();
    await poll(() => p.getByAltText('Vorschau des Lichtbilds').count()).toBe(1);
    await sign(p, '[data-testid="signature-pad"]');
    await p.getByLabel('im Bürgerbüro im Rathaus Meerane').check();
    await p.getByLabel('E-Mail für die Abholbenachrichtigung (optional)').fill('zoe.weiss@example.org');
    await p.getByLabel(/Foto durch das Bürgerbüro/).check();
    await poll(() => p.textContent('main')).toContain('33,60');
    await expectAccessible(p, 'ID card form');
    await p.getByRole('button', { name: 'Antrag aufnehmen' }).click();
    await poll(() => p.textContent('h1')).toMatch(/Vorgang MEE-/);

    // The fee: 27.60 € under 24 plus 6 € for the photo taken at the office.
    await p.getByLabel('bar').check();
    await p.getByRole('button', { name: 'Gebühr buchen' }).click();
    await poll(() => p.textContent('main')).toContain('Gebucht: Quittung RH1-Q-');
    await p.getByRole('button', { name: 'Einreichen' }).click();
    await poll(() => p.textContent('main')).toContain('eingereicht');
    const [download] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('button', { name: 'Exportpaket für die Ausweissoftware herunterladen' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^ausweisantrag-MEE-.*\.tar$/);
    await poll(() => p.textContent('main')).toContain('in Bearbeitung');
    await p.getByRole('button', { name: 'Dokument eingetroffen – abholbereit melden' }).click();
    await poll(() => p.textContent('main')).toContain('abholbereit');
    // The status text may be the button label still: wait for the notice itself.
    await poll(async () =>
      (
        await server.db
          .selectFrom('outbox_messages')
          .select('subject')
          .where('recipient', '=', 'zoe.weiss@example.org')
          .execute()
      ).map((m) => m.subject),
    ).toEqual(expect.arrayContaining([expect.stringContaining('Abholung bereit')]));
    await expectAccessible(p, 'ready for pick-up');
    await sign(p, '#handover-signature');
    await p.getByRole('button', { name: 'Aushändigung bestätigen' }).click();
    await poll(() => p.textContent('main')).toContain('ausgehändigt');

    await p.goto(`${server.url}/desk/kasse`);
    await poll(() => p.textContent('main')).toContain('33,60');
    await expectAccessible(p, 'cash register');
    await p.getByRole('button', { name: 'Tag abschließen' }).click();
    await poll(() => p.textContent('main')).toContain('Abgeschlossen am');
    await expectAccessible(p, 'closed cash register');
  });
});

describe('desk: a block ends early', () => {
  it('lifts an information block with its reason, and the record shows it at once', async () => {
    await context?.close();
    ({ context, page } = await newPage(browser));
    await signInBrowser(context, server, await server.staff('clerk'));
    const p = page;
    await p.goto(`${server.url}/desk/register`);
    await p.getByLabel('Zweck der Einsicht').fill('Antrag auf Aufhebung der Auskunftssperre');
    await p.getByLabel('Familienname (optional)').fill('Beispiel');
    await p.getByLabel('Geburtsdatum (optional)').fill('1979-11-30');
    await p.getByRole('button', { name: 'Suchen' }).click();
    await p.getByRole('link', { name: /Beispiel, Bernd/ }).click();
    await poll(() => p.textContent('h1')).toContain('Bernd Beispiel');
    await poll(() => p.textContent('main')).toContain('Auskunftssperre');

    await p.getByRole('button', { name: 'Auskunftssperre (§ 51 BMG) aufheben' }).click();
    // Without a reason: the error is summarised and linked to the field, nothing is lifted.
    await p.getByRole('button', { name: 'Sperre aufheben' }).click();
    await p.getByRole('link', { name: 'Bitte geben Sie an, warum die Sperre aufgehoben wird.' }).click();
    await expectAccessible(p, 'lift block with error');
    await p
      .getByLabel('Warum endet „Auskunftssperre (§ 51 BMG)“ vorzeitig?')
      .fill('Gründe für die Sperre entfallen (fiktiv)');
    await p.getByRole('button', { name: 'Sperre aufheben' }).click();
    await poll(() => p.getByRole('region', { name: 'Sperren' }).getByRole('status').textContent()).toContain(
      'ist aufgehoben',
    );
    await poll(() => p.textContent('#person-history + *')).toContain('Sperre aufgehoben');
    await poll(() => p.getByRole('button', { name: 'Auskunftssperre (§ 51 BMG) aufheben' }).count()).toBe(0);
    await expectAccessible(p, 'block lifted');
  });
});

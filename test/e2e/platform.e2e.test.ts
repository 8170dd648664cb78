import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, keepArtifactsOnFailure, launchBrowser, newPage } from './support/browser';
import { type E2EServer, signInBrowser, startE2EServer } from './support/server';

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

describe('citizen pages', () => {
  it('show the channels on the landing page, in German by default, and pass axe', async () => {
    ({ page } = await newPage(browser));
    await page.goto(`${server.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    await expect.poll(() => page!.textContent('h1')).toContain('Ihr Bürgerbüro');
    for (const channel of ['Online-Portal', 'Mobiles Bürgerbüro', 'Bürgerterminal', 'Behördennummer 115']) {
      expect(await page.getByRole('heading', { name: channel }).count()).toBe(1);
    }
    await expectAccessible(page, 'landing (de)');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page!.getAttribute('html', 'lang')).toBe('en');
    await expect.poll(() => page!.textContent('h1')).toContain('Your citizens');
    await expectAccessible(page, 'landing (en)');
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await expect.poll(() => page!.getAttribute('html', 'lang')).toBe('de');
  });

  it('have an accessibility statement, imprint, privacy and easy-read page without axe violations', async () => {
    ({ page } = await newPage(browser));
    for (const [path, heading] of [
      ['/barrierefreiheit', 'Erklärung zur Barrierefreiheit'],
      ['/impressum', 'Impressum'],
      ['/datenschutz', 'Datenschutz'],
      ['/leichte-sprache', 'Leichte Sprache'],
      ['/terminal', 'Bürgerterminal'],
      ['/gibt-es-nicht', 'Seite nicht gefunden'],
    ]) {
      await page.goto(`${server.url}${path}`);
      await expect.poll(() => page!.textContent('h1'), { timeout: 10_000 }).toContain(heading);
      await expectAccessible(page, path);
    }
  });
});

describe('staff sign-in', () => {
  it('lets the first admin sign in, change the one-time password, enrol TOTP and sign out', async () => {
    const first = server.firstAdmin!;
    ({ page } = await newPage(browser));
    await page.goto(`${server.url}/anmelden`);
    await expect.poll(() => page!.textContent('h1')).toContain('Anmeldung für Mitarbeitende');
    await expectAccessible(page, 'sign-in');

    // Error state: empty submit shows the summary, focused, linking to the fields.
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => page!.title()).toMatch(/^Fehler: /);
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-error-summary'))).toBe(true);
    expect(await page.getByRole('link', { name: 'Geben Sie Ihren Benutzernamen ein.' }).count()).toBe(1);
    await expectAccessible(page, 'sign-in with errors');

    // Wrong password: a clear message, nothing else revealed.
    await page.getByLabel('Benutzername').fill(first.username);
    await page.getByLabel('Passwort').fill('falsch-falsch-falsch');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect
      .poll(() => page!.textContent('[data-error-summary]'))
      .toContain('Benutzername oder Passwort ist falsch');

    await page.getByLabel('Passwort').fill(first.oneTimePassword);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => page!.textContent('h1')).toContain('Neues Passwort festlegen');
    await expectAccessible(page, 'password change');
    await page.getByLabel('Bisheriges Passwort').fill(first.oneTimePassword);
    await page.getByLabel('Neues Passwort', { exact: true }).fill('Meerane-Rathaus-Sprechtag-2026');
    await page.getByLabel('Neues Passwort wiederholen').fill('Meerane-Rathaus-Sprechtag-2026');
    await page.getByRole('button', { name: 'Passwort speichern' }).click();

    await expect.poll(() => page!.textContent('h1')).toContain('Zwei-Faktor-Anmeldung einrichten');
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    expect(secret.length).toBeGreaterThan(10);
    await expectAccessible(page, 'TOTP enrolment');
    await page.getByLabel('Sicherheitscode').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Einrichtung abschließen' }).click();

    await expect.poll(() => page!.textContent('h1')).toContain('Guten Tag');
    expect(page.url()).toContain('/start');
    await expectAccessible(page, 'staff home');

    await page.getByRole('main').getByRole('link', { name: 'Mitarbeitende', exact: true }).click();
    await expect.poll(() => page!.textContent('h1')).toContain('Mitarbeitende');
    await expectAccessible(page, 'staff administration');

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await expect.poll(() => page!.textContent('h1')).toContain('Anmeldung für Mitarbeitende');
    const session = await page.evaluate(() => fetch('/api/auth/session').then((r) => r.status));
    expect(session).toBe(401);
  });

  it('lets an admin invite a clerk and hand over the one-time password', async () => {
    const admin = await server.staff('admin');
    const opened = await newPage(browser);
    page = opened.page;
    await signInBrowser(opened.context, server, admin);
    await page.goto(`${server.url}/admin/personal`);
    await expect.poll(() => page!.textContent('h1')).toContain('Mitarbeitende');
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await expect.poll(() => page!.title()).toMatch(/^Fehler: /);
    await expectAccessible(page, 'staff administration with errors');
    await page.getByLabel('Benutzername').fill('erika.beispiel');
    await page.getByLabel('Name', { exact: true }).fill('Erika Beispiel (fiktiv)');
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await expect.poll(() => page!.getByTestId('one-time-password').count()).toBe(1);
    expect((await page.getByTestId('one-time-password').textContent())!.trim()).toMatch(
      /^\w{4}-\w{4}-\w{4}-\w{4}$/,
    );
    // The list reloads after the password is shown; wait for it instead of reading it once.
    await expect.poll(() => page!.getByRole('cell', { name: 'erika.beispiel' }).count()).toBe(1);
  });
});

describe('auditor', () => {
  it('searches the audit trail and checks its integrity, in German and English', async () => {
    const auditor = await server.staff('auditor');
    const opened = await newPage(browser, { locale: 'en-GB' });
    page = opened.page;
    await signInBrowser(opened.context, server, auditor);
    await page.goto(`${server.url}/admin/protokoll`);
    await expect.poll(() => page!.textContent('h1')).toContain('Protokoll');
    await expect.poll(() => page!.locator('tbody tr').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Integrität prüfen' }).click();
    await expect.poll(() => page!.textContent('[role=status]')).toContain('unverändert');
    await expectAccessible(page, 'audit trail');
    await page.getByLabel('Von (Datum)').fill('gestern');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await expect.poll(() => page!.title()).toMatch(/^Fehler: /);
    await expectAccessible(page, 'audit trail with errors');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page!.textContent('h1')).toContain('Audit trail');
    await expectAccessible(page, 'audit trail (en)');
  });
});

describe('evaluator', () => {
  it('sees the figures per place, channel and service, and a clear error for a wrong period', async () => {
    const evaluator = await server.staff('evaluator');
    const opened = await newPage(browser);
    page = opened.page;
    await signInBrowser(opened.context, server, evaluator);
    await page.goto(`${server.url}/admin/auswertung`);
    await expect.poll(() => page!.textContent('h1')).toContain('Auswertung');
    await expect.poll(() => page!.getByRole('heading', { name: 'Ersparte Wege' }).count()).toBe(1);
    await expectAccessible(page, 'evaluation');
    await page.getByLabel('Von').fill('2026-11-30');
    await page.getByLabel('Bis').fill('2026-11-01');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await expect.poll(() => page!.title()).toMatch(/^Fehler: /);
    await expectAccessible(page, 'evaluation with errors');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page!.textContent('h1')).toContain('Evaluation');
    await expectAccessible(page, 'evaluation (en)');
  });
});

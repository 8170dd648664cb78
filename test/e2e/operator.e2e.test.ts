import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withInstallation } from '../../src/server/db/scope';
import { SYSTEM_ACTOR } from '../../src/server/modules/audit/service';
import { gv100Line } from '../../src/server/modules/operations/gv100ad';
import { todayInBerlin } from '../../src/server/modules/schedule/service';
import { expectAccessible, keepArtifactsOnFailure, launchBrowser, newPage } from './support/browser';
import { type E2EServer, startE2EServer } from './support/server';

let server: E2EServer;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  server = await startE2EServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
keepArtifactsOnFailure(() => pages);

const h1 = (page: Page) => page.textContent('h1');

/** A GV100AD file in the published layout (ISO-8859-1, as Destatis shipped it until 2019). */
function directoryFile(): Buffer {
  const d = '2024-12-31';
  const z = { land: '14', regbez: '5', kreis: '24' };
  return Buffer.from(
    [
      gv100Line({ satzart: '10', validOn: d, land: '14', name: 'Sachsen' }),
      gv100Line({ satzart: '40', validOn: d, ...z, name: 'Zwickau', textKey: '44' }),
      gv100Line({
        satzart: '50',
        validOn: d,
        ...z,
        verband: '5120',
        name: 'Crimmitschau, Stadt',
        textKey: '54',
      }),
      gv100Line({
        satzart: '60',
        validOn: d,
        ...z,
        gemeinde: '030',
        verband: '5120',
        name: 'Crimmitschau, Stadt',
        textKey: '67',
        population: 17842,
        postalCode: '08451',
      }),
      gv100Line({
        satzart: '60',
        validOn: d,
        ...z,
        gemeinde: '060',
        verband: '5120',
        name: 'Dennheritz',
        textKey: '64',
        population: 1035,
        postalCode: '08393',
      }),
    ].join('\r\n'),
    'latin1',
  );
}

/** First sign-in with a one-time password: own password, then TOTP. Ends on the page after. */
async function firstSignIn(page: Page, username: string, oneTimePassword: string, next: string) {
  await page.goto(`${server.url}/anmelden?next=${encodeURIComponent(next)}`);
  await expect.poll(() => h1(page)).toContain('Anmeldung für Mitarbeitende');
  await page.getByLabel('Benutzername').fill(username);
  await page.getByLabel('Passwort').fill(oneTimePassword);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect.poll(() => h1(page)).toContain('Neues Passwort festlegen');
  const password = `Rathaus-Sprechtag-${username.length}-Sachsen-2026`;
  await page.getByLabel('Bisheriges Passwort').fill(oneTimePassword);
  await page.getByLabel('Neues Passwort', { exact: true }).fill(password);
  await page.getByLabel('Neues Passwort wiederholen').fill(password);
  await page.getByRole('button', { name: 'Passwort speichern' }).click();
  await expect.poll(() => h1(page)).toContain('Zwei-Faktor-Anmeldung einrichten');
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.getByLabel('Sicherheitscode').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Einrichtung abschließen' }).click();
  await expect.poll(() => page.url()).toContain(next);
}

const admins: Array<{ username: string; password: string; location: string }> = [];

describe('the operator onboards authorities (#12)', () => {
  it('signs in with a one-time password and TOTP, loads the municipality directory, and onboards one from it', async () => {
    // As `npm run operator:create` does it: installation work (ADR 27).
    const created = await withInstallation(server.database.db, () =>
      server.app.identity.createStaff(
        { ...SYSTEM_ACTOR, username: 'cli:operator:create' },
        {
          authorityId: null,
          username: 'it.betrieb',
          displayName: 'IT-Betrieb (fiktiv)',
          roles: ['operator'],
        },
      ),
    );
    const { page } = await newPage(browser);
    pages.push(page);
    await firstSignIn(page, 'it.betrieb', created.oneTimePassword, '/betrieb');
    await expect.poll(() => h1(page)).toBe('Betrieb');
    await expectAccessible(page, 'operations home');

    await page.getByRole('main').getByRole('link', { name: 'Gemeindeverzeichnis' }).click();
    await expect.poll(() => h1(page)).toContain('Gemeindeverzeichnis');
    await page.getByRole('button', { name: 'Verzeichnis laden' }).click();
    await expect.poll(() => page.title()).toMatch(/^Fehler: /);
    await expectAccessible(page, 'directory without file');
    await page
      .getByLabel('GV100AD-Datei')
      .setInputFiles({ name: 'GV100AD_311224.txt', mimeType: 'text/plain', buffer: directoryFile() });
    await page.getByRole('button', { name: 'Verzeichnis laden' }).click();
    await expect.poll(() => page.getByTestId('directory-status').textContent()).toContain('2 Gemeinden');
    await expectAccessible(page, 'directory loaded');

    await page.goto(`${server.url}/betrieb/behoerden/neu`);
    await expect.poll(() => h1(page)).toBe('Behörde aufnehmen');
    await page.getByRole('button', { name: 'Behörde anlegen' }).click();
    await expect.poll(() => page.title()).toMatch(/^Fehler: /);
    await expectAccessible(page, 'onboarding with errors');
    await page.getByLabel('Gemeinde suchen').fill('Dennheritz');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.getByRole('button', { name: /Übernehmen: Dennheritz/ }).click();
    await expect
      .poll(() => page.getByLabel('Name der Behörde').inputValue())
      .toBe('Verwaltungsgemeinschaft Crimmitschau');
    expect(await page.getByLabel('Erfüllende (führende) Gemeinde').inputValue()).toBe('14524030');
    await page.getByLabel('Ortsteile von Crimmitschau, Stadt').fill('Crimmitschau\nLauenhain\nGosel');
    await page.getByLabel('Straße und Hausnummer').fill('Markt 1');
    await page.getByLabel('Hauptfarbe').fill('#1b5e20');
    await page.getByLabel('Vertretungsberechtigte Person (Impressum)').fill('Oberbürgermeister (fiktiv)');
    await page.getByLabel('Benutzername').fill('crim.admin');
    await page.getByLabel('Name', { exact: true }).fill('Admin Crimmitschau (fiktiv)');
    await expectAccessible(page, 'onboarding filled from the directory');
    await page.getByRole('button', { name: 'Behörde anlegen' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('ist angelegt');
    const password = (await page.getByTestId('one-time-password').textContent())!.trim();
    admins.push({ username: 'crim.admin', password, location: 'Rathaus Crimmitschau' });
    await expectAccessible(page, 'onboarding done');
  });

  it('onboards a second authority typed by hand, in English, and lists both', async () => {
    const page = pages[0]!;
    await page.goto(`${server.url}/betrieb/behoerden/neu`);
    await expect.poll(() => h1(page)).toBe('Behörde aufnehmen');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => h1(page)).toBe('Add an authority');
    await page.getByLabel('Municipality key (AGS, 8 digits)').fill('1452404');
    await page.getByRole('button', { name: 'Add municipality' }).click();
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    await expectAccessible(page, 'manual municipality with errors (en)');
    await page.getByLabel('Municipality key (AGS, 8 digits)').fill('14524099');
    await page.getByLabel('Name of the municipality').fill('Musterau (fiktiv)');
    await page.getByLabel('Postcode').first().fill('08399');
    await page.getByRole('button', { name: 'Add municipality' }).click();
    await page.getByLabel('Name of the authority').fill('Gemeindeverwaltung Musterau (fiktiv)');
    await page.getByLabel('Short name').fill('Musterau');
    await page.getByLabel('Kind of body').selectOption('einheitsgemeinde');
    await page.getByLabel('Portal address').fill('musterau');
    await page.getByLabel('Street and number').fill('Dorfplatz 2');
    await page.getByLabel('Postcode').last().fill('08399');
    await page.getByLabel('Town').fill('Musterau');
    await page.getByLabel('Main colour').fill('#cccccc');
    await page.getByLabel('Person authorised to represent (imprint)').fill('Bürgermeisterin (fiktiv)');
    await page.getByLabel('User name').fill('muster.admin');
    await page.getByLabel('Name', { exact: true }).fill('Admin Musterau (fiktiv)');
    await page.getByRole('button', { name: 'Create authority' }).click();
    // A pale colour fails AA contrast: refused, with the field named.
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    expect(await page.textContent('[data-error-summary]')).toContain('4.5:1');
    await expectAccessible(page, 'onboarding contrast error (en)');
    await page.getByLabel('Main colour').fill('#00366f');
    await page.getByRole('button', { name: 'Create authority' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('has been created');
    admins.push({
      username: 'muster.admin',
      password: (await page.getByTestId('one-time-password').textContent())!.trim(),
      location: 'Rathaus Musterau',
    });

    await page.goto(`${server.url}/betrieb/behoerden`);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(3);
    await expectAccessible(page, 'authorities (en)');
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await expect.poll(() => h1(page)).toBe('Behörden der Installation');
    await expectAccessible(page, 'authorities (de)');
    await page.getByRole('link', { name: 'Verwalten: Gemeindeverwaltung Musterau (fiktiv)' }).click();
    await expect.poll(() => h1(page)).toContain('Musterau');
    await page.getByRole('button', { name: 'Probelauf: was würde gelöscht?' }).click();
    await expect.poll(() => page.getByTestId('deletion-preview').textContent()).toContain('villages');
    await expectAccessible(page, 'authority detail with dry run');
  });

  it('lets each new authority’s first admin sign in (new password, TOTP) and plan an office day', async () => {
    expect(admins).toHaveLength(2);
    const date = (() => {
      const d = new Date(`${todayInBerlin()}T12:00:00Z`);
      d.setUTCDate(d.getUTCDate() + 14);
      return d.toISOString().slice(0, 10);
    })();
    for (const admin of admins) {
      const { page } = await newPage(browser);
      pages.push(page);
      await firstSignIn(page, admin.username, admin.password, '/admin/sprechtage');
      await expect.poll(() => h1(page)).toBe('Sprechtage');
      await page.getByLabel('Standort', { exact: true }).last().selectOption({ label: admin.location });
      await page.getByLabel('Datum (erster Tag)').fill(date);
      await page.getByLabel('Beginn').fill('09:00');
      await page.getByLabel('Ende').fill('12:00');
      await page.getByRole('button', { name: 'Vorschau' }).click();
      await expect.poll(() => page.locator('#preview-title').textContent()).toMatch(/Vorschau: 1 Sprechtag/);
      await page.getByRole('button', { name: /Sprechtag(e)? planen/ }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/geplant/);
      await expectAccessible(page, `office day planned by ${admin.username}`);
      const days = await server.db
        .selectFrom('office_days as d')
        .innerJoin('locations as l', 'l.id', 'd.location_id')
        .select(['d.date', 'd.authority_id', 'l.authority_id as location_authority'])
        .where('l.name', '=', admin.location)
        .execute();
      expect(days).toEqual([expect.objectContaining({ date })]);
      expect(days[0]!.authority_id).toBe(days[0]!.location_authority);
    }
  });
});

describe('the operator suspends and offboards an authority (#12)', () => {
  it('suspends it: the portal shows the note, its admin cannot sign in; then export, dry run and deletion', async () => {
    const page = pages[0]!;
    await page.goto(`${server.url}/betrieb/behoerden`);
    await expect.poll(() => h1(page)).toBe('Behörden der Installation');
    await page.getByRole('link', { name: 'Verwalten: Gemeindeverwaltung Musterau (fiktiv)' }).click();
    await expect.poll(() => h1(page)).toContain('Musterau');
    // Without a note the suspension is refused, with the field named.
    await page.getByRole('button', { name: 'Behörde sperren' }).click();
    await expect.poll(() => page.title()).toMatch(/^Fehler: /);
    await expectAccessible(page, 'suspend without note');
    const note = 'Wegen Umstellung bis 15. Januar geschlossen (fiktiv).';
    await page.getByLabel('Hinweis im Portal').fill(note);
    await page.getByRole('button', { name: 'Behörde sperren' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sperre aufheben' }).count()).toBe(1);
    expect(await page.textContent('main')).toContain(`Gesperrt: ${note}`);
    await expectAccessible(page, 'authority suspended');

    // A citizen sees the notice on the portal, in German and in English.
    const { page: citizen } = await newPage(browser);
    pages.push(citizen);
    await citizen.goto(`${server.url}/`);
    const notices = citizen.getByTestId('suspension-notices');
    await expect.poll(() => notices.textContent()).toContain(note);
    expect(await notices.textContent()).toContain(
      'Gemeindeverwaltung Musterau (fiktiv): Angebot vorübergehend eingeschränkt',
    );
    await expectAccessible(citizen, 'portal with suspension notice');
    await citizen.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => notices.textContent()).toContain('service temporarily restricted');
    await expectAccessible(citizen, 'portal with suspension notice (en)');
    // The other authorities' portal pages carry only this one notice.
    expect(await citizen.locator('[data-testid="suspension-notices"] .kern-alert').count()).toBe(1);

    // Its first admin cannot sign in any more: the sign-in says why.
    const admin = admins.find((a) => a.username === 'muster.admin')!;
    const { page: signIn } = await newPage(browser);
    pages.push(signIn);
    await signIn.goto(`${server.url}/anmelden`);
    await expect.poll(() => h1(signIn)).toContain('Anmeldung für Mitarbeitende');
    await signIn.getByLabel('Benutzername').fill(admin.username);
    await signIn.getByLabel('Passwort').fill(`Rathaus-Sprechtag-${admin.username.length}-Sachsen-2026`);
    await signIn.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => signIn.textContent('main')).toContain('vorübergehend gesperrt');
    await expectAccessible(signIn, 'sign-in of a suspended authority');

    // Offboarding: export first, then the dry run, then the deletion after typing the address.
    await page.getByRole('button', { name: 'Daten exportieren' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Export erstellt');
    const download = page.getByRole('link', { name: /^Herunterladen: / });
    await expect.poll(() => download.count()).toBe(1);
    const archive = await page.request.get(`${server.url}${await download.getAttribute('href')}`);
    expect(archive.status()).toBe(200);
    expect(archive.headers()['content-type']).toBe('application/gzip');
    await page.getByRole('button', { name: 'Probelauf: was würde gelöscht?' }).click();
    const preview = page.getByTestId('deletion-preview');
    await expect.poll(() => preview.textContent()).toContain('municipalities');
    expect(await preview.textContent()).toContain('office_days');
    const authority = await server.db
      .selectFrom('authorities')
      .select('id')
      .where('slug', '=', 'musterau')
      .executeTakeFirstOrThrow();
    const daysBefore = await server.db
      .selectFrom('office_days')
      .select('id')
      .where('authority_id', '=', authority.id)
      .execute();
    expect(daysBefore).toHaveLength(1);
    const deleteButton = page.getByRole('button', { name: 'Behörde endgültig löschen' });
    expect(await deleteButton.isDisabled()).toBe(true);
    await page.getByLabel('Zur Bestätigung die Portal-Adresse „musterau“ eintippen').fill('musterau');
    await expectAccessible(page, 'deletion confirmed by the address');
    await deleteButton.click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('wurde gelöscht');
    await expectAccessible(page, 'authority deleted');
    expect(
      await server.db.selectFrom('authorities').select('id').where('id', '=', authority.id).execute(),
    ).toEqual([]);
    // The deletion is on record, by the operator, and the audit chain stays intact.
    const entries = await server.db
      .selectFrom('audit_log')
      .select(['action', 'actor_role', 'result'])
      .where('resource_id', '=', authority.id)
      .where('action', 'like', 'operator.%')
      .execute();
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['operator.authority_suspend', 'operator.authority_delete']),
    );
    expect(entries.every((e) => e.actor_role === 'operator')).toBe(true);

    await page.goto(`${server.url}/betrieb/behoerden`);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    await citizen.reload();
    await expect.poll(() => citizen.locator('h1').count()).toBe(1);
    expect(await citizen.getByTestId('suspension-notices').count()).toBe(0);
  });
});

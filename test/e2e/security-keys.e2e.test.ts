import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { generateSecret } from 'otplib';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../src/server/test/test-app';
import { expectAccessible, keepArtifactsOnFailure, launchBrowser, newPage } from './support/browser';
import { type E2EServer, signInBrowser, startE2EServer } from './support/server';

/**
 * Security keys in real Chromium with the DevTools virtual authenticator (shared/TESTING.md):
 * enrolment on the account page, the key as second factor, sign-in without a password, a wrong
 * key, a revoked key, the admin's revocation and requirement — axe on every page and error
 * state, in German and English. Pages are on http://localhost (WebAuthn refuses 127.0.0.1).
 */
let server: E2EServer;
let browser: Browser;
let page: Page | undefined;
let adminPage: Page | undefined;

beforeAll(async () => {
  server = await startE2EServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
keepArtifactsOnFailure(() => [page, adminPage]);

interface Authenticator {
  cdp: CDPSession;
  id: string;
}

/** A platform authenticator with resident keys and user verification (PIN/biometrics always "ok"). */
async function virtualAuthenticator(context: BrowserContext, p: Page): Promise<Authenticator> {
  const cdp = await context.newCDPSession(p);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: authenticatorId };
}

/** A passkey for this site that the server never saw: a stranger's key, or a forged one. */
async function addForeignPasskey(a: Authenticator): Promise<void> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await a.cdp.send('WebAuthn.addCredential', {
    authenticatorId: a.id,
    credential: {
      credentialId: randomBytes(32).toString('base64'),
      isResidentCredential: true,
      rpId: 'localhost',
      privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
      userHandle: randomBytes(16).toString('base64'),
      signCount: 0,
    },
  });
}

async function heading(p: Page): Promise<string> {
  return (await p.textContent('h1')) ?? '';
}

async function signInWithPassword(p: Page, username: string) {
  await p.goto(`${server.url}/anmelden`);
  await expect.poll(() => heading(p)).toMatch(/Anmeldung für Mitarbeitende|Staff sign-in/);
  await p.locator('#username').fill(username);
  await p.locator('#password').fill(TEST_PASSWORD);
  await p.locator('form button[type=submit]').click();
}

async function signOut(p: Page) {
  await p.evaluate(async () => {
    const s = await fetch('/api/auth/session').then((r) => (r.ok ? r.json() : null));
    if (s) await fetch('/api/auth/logout', { method: 'POST', headers: { 'x-csrf-token': s.csrfToken } });
  });
}

describe('security keys', () => {
  let clerk: Awaited<ReturnType<E2EServer['staff']>>;
  let context: BrowserContext;
  let authenticator: Authenticator;

  it('are enrolled on the account page (German)', async () => {
    clerk = await server.staff('clerk');
    ({ context, page } = await newPage(browser));
    authenticator = await virtualAuthenticator(context, page);
    await signInWithPassword(page, clerk.username!);
    await expect.poll(() => heading(page!)).toContain('Guten Tag');
    await page.goto(`${server.url}/konto`);
    await expect.poll(() => heading(page!)).toContain('Mein Konto');
    await expect
      .poll(() => page!.getByText('Sie haben noch keinen Sicherheitsschlüssel eingerichtet.').count())
      .toBe(1);
    await expectAccessible(page, 'account, no keys');

    // Error state: no name.
    await page.getByRole('button', { name: 'Sicherheitsschlüssel hinzufügen' }).click();
    await expect.poll(() => page!.title()).toMatch(/^Fehler: /);
    await expectAccessible(page, 'account, key without name');

    await page.getByLabel('Name des neuen Schlüssels').fill('Laptop Bürgerbüro');
    await page.getByRole('button', { name: 'Sicherheitsschlüssel hinzufügen' }).click();
    await expect
      .poll(() => page!.getByRole('status').textContent())
      .toContain('Der Sicherheitsschlüssel „Laptop Bürgerbüro“ ist eingerichtet.');
    await expect.poll(() => page!.getByTestId('own-keys').textContent()).toContain('Laptop Bürgerbüro');
    const { credentials } = await authenticator.cdp.send('WebAuthn.getCredentials', {
      authenticatorId: authenticator.id,
    });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);
    await expectAccessible(page, 'account, key enrolled');
  });

  it('complete the sign-in after the password (German)', async () => {
    await signOut(page!);
    await signInWithPassword(page!, clerk.username!);
    await expect.poll(() => heading(page!)).toContain('Anmeldung bestätigen');
    await expectAccessible(page!, 'second factor: key');
    await page!.getByRole('button', { name: 'Sicherheitsschlüssel verwenden' }).click();
    await expect.poll(() => heading(page!)).toContain('Guten Tag');
    expect(page!.url()).toContain('/start');
  });

  it('sign in without a password (English)', async () => {
    await signOut(page!);
    await page!.goto(`${server.url}/anmelden?lang=en`);
    await expect.poll(() => heading(page!)).toContain('Staff sign-in');
    await expectAccessible(page!, 'sign-in (en)');
    await page!.getByRole('button', { name: 'Use a security key or passkey' }).click();
    await expect.poll(() => heading(page!)).toContain('Hello');
    const session = await page!.evaluate(() => fetch('/api/auth/session').then((r) => r.json()));
    expect(session).toMatchObject({ stage: 'active', user: { username: clerk.username } });
    // Back to German for the rest.
    await page!.evaluate(() => localStorage.setItem('bk-locale', 'de'));
  });

  it('are refused once an admin revoked the lost key, with the reason on record', async () => {
    const admin = await server.staff('admin');
    const opened = await newPage(browser);
    adminPage = opened.page;
    await signInBrowser(opened.context, server, admin);
    await adminPage.goto(`${server.url}/admin/personal`);
    await expect.poll(() => heading(adminPage!)).toContain('Mitarbeitende');
    const name = 'Test clerk (fiktiv)';
    await adminPage
      .getByRole('button', { name: `Sicherheitsschlüssel von ${name}` })
      .first()
      .click();
    const panel = adminPage.getByTestId(`keys-${clerk.userId}`);
    await expect.poll(() => panel.textContent()).toContain('Laptop Bürgerbüro');
    await expectAccessible(adminPage, 'staff admin, keys of a colleague');
    await panel.getByRole('button', { name: 'Schlüssel „Laptop Bürgerbüro“ sperren' }).click();
    await expect.poll(() => panel.textContent()).toContain('mindestens 3 Zeichen');
    await expectAccessible(adminPage, 'staff admin, revoke without reason');
    await panel.getByLabel('Grund der Sperrung').fill('Laptop im Zug vergessen');
    await panel.getByRole('button', { name: 'Schlüssel „Laptop Bürgerbüro“ sperren' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toContain('ist gesperrt');
    await expect.poll(() => panel.textContent()).toContain('Laptop im Zug vergessen');
    await expectAccessible(adminPage, 'staff admin, key revoked');

    // The clerk's session ended; the revoked key no longer signs in.
    await page!.goto(`${server.url}/anmelden`);
    await expect.poll(() => heading(page!)).toContain('Anmeldung für Mitarbeitende');
    await page!.getByRole('button', { name: 'Sicherheitsschlüssel oder Passkey benutzen' }).click();
    await expect
      .poll(() => page!.textContent('[data-error-summary]'))
      .toContain('Dieser Sicherheitsschlüssel wurde nicht erkannt oder ist gesperrt');
    await expectAccessible(page!, 'sign-in, revoked key');
    const audit = await server.db
      .selectFrom('audit_log')
      .select(['action', 'result'])
      .where('actor_user_id', '=', admin.userId)
      .where('action', '=', 'staff.security_key_revoke')
      .execute();
    expect(audit).toEqual([{ action: 'staff.security_key_revoke', result: 'success' }]);
  });

  it('refuse a key the server never saw (English)', async () => {
    await authenticator.cdp.send('WebAuthn.clearCredentials', { authenticatorId: authenticator.id });
    await addForeignPasskey(authenticator);
    await page!.goto(`${server.url}/anmelden?lang=en`);
    await expect.poll(() => heading(page!)).toContain('Staff sign-in');
    await page!.getByRole('button', { name: 'Use a security key or passkey' }).click();
    await expect
      .poll(() => page!.textContent('[data-error-summary]'))
      .toContain('This security key was not recognised or has been revoked');
    await expectAccessible(page!, 'sign-in, unknown key (en)');
    expect(await page!.evaluate(() => fetch('/api/auth/session').then((r) => r.status))).toBe(401);
  });

  it('are required by the admin for register readers: a clerk without a key enrols one at sign-in', async () => {
    await adminPage!.goto(`${server.url}/admin/personal`);
    await expect.poll(() => heading(adminPage!)).toContain('Mitarbeitende');
    await adminPage!
      .getByLabel('Sicherheitsschlüssel für Rollen vorschreiben, die das Melderegister lesen')
      .check();
    await adminPage!.getByRole('button', { name: 'Einstellung speichern' }).click();
    await expect.poll(() => adminPage!.getByRole('status').first().textContent()).toContain('gespeichert');
    await expectAccessible(adminPage!, 'staff admin, policy saved');

    const newcomer = await server.staff('clerk');
    const opened = await newPage(browser);
    page = opened.page;
    const own = await virtualAuthenticator(opened.context, page);
    await signInWithPassword(page, newcomer.username!);
    await expect.poll(() => heading(page!)).toContain('Sicherheitsschlüssel einrichten');
    await expectAccessible(page, 'required key enrolment');
    // Nothing else is open before the key is there.
    const register = await page.evaluate(() =>
      fetch('/api/register/persons?familyName=Muster&purpose=Test').then((r) => r.json()),
    );
    expect(register.code).toBe('SESSION_STAGE_INCOMPLETE');
    await page.getByLabel('Name des neuen Schlüssels').fill('Stick blau');
    await page.getByRole('button', { name: 'Sicherheitsschlüssel hinzufügen' }).click();
    await expect.poll(() => heading(page!)).toContain('Guten Tag');
    const { credentials } = await own.cdp.send('WebAuthn.getCredentials', { authenticatorId: own.id });
    expect(credentials).toHaveLength(1);
  });
});

describe('the code from the app', () => {
  it('is called wrong when it is wrong, and badly formed only when it is', async () => {
    const clerk = await server.staff('coordinator');
    await server.db
      .updateTable('staff_users')
      .set({ totp_secret: generateSecret(), totp_enabled: true })
      .where('id', '=', clerk.userId!)
      .execute();
    ({ page } = await newPage(browser));
    await signInWithPassword(page, clerk.username!);
    await expect.poll(() => heading(page!)).toContain('Sicherheitscode eingeben');
    await page.getByLabel('Sicherheitscode').fill('12ab');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await expect
      .poll(() => page!.textContent('[data-error-summary]'))
      .toContain('6-stelligen Sicherheitscode');
    await page.getByLabel('Sicherheitscode').fill('000000');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await expect
      .poll(() => page!.textContent('[data-error-summary]'))
      .toContain('Der Code ist falsch oder abgelaufen.');
    expect(await page.textContent('[data-error-summary]')).not.toContain('Format');
    await expectAccessible(page, 'second factor, wrong code');
  });
});

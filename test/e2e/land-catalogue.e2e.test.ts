import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, keepArtifactsOnFailure, launchBrowser, newPage } from './support/browser';
import { type E2EServer, signInBrowser, startE2EServer } from './support/server';

/**
 * The Land catalogue end to end (#12, ADR 30): the operator publishes a changed Land text, the
 * authority's admin finds it in the draft queue with the diff and accepts it, and the citizen
 * portal shows the new text — which it did not before the admin decided.
 */
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
const NEW_TEXT =
  'Neu vom Land: Das Führungszeugnis beantragen Sie persönlich oder online beim Bundesamt für Justiz.';

describe('the Land catalogue (#12)', () => {
  it('operator publishes a change, admin reviews the diff and accepts, the portal shows it', async () => {
    // Operator: list, edit, a wrong frame first, then publish.
    const ops = await newPage(browser);
    pages.push(ops.page);
    await signInBrowser(ops.context, server, await server.staff('operator'));
    const op = ops.page;
    await op.goto(`${server.url}/betrieb/landeskatalog`);
    await expect.poll(() => h1(op)).toBe('Landeskatalog');
    await expectAccessible(op, 'operator land catalogue');
    await op.getByRole('link', { name: 'Bearbeiten: Führungszeugnis beantragen' }).click();
    await expect.poll(() => h1(op)).toContain('Landesleistung bearbeiten');
    await op.getByLabel('Leistungsbeschreibung').fill(NEW_TEXT);
    await op.getByLabel('Einen Rahmen', { exact: false }).check();
    await op.getByLabel('Mindestbetrag in Euro').fill('zehn');
    await op.getByLabel('Höchstbetrag in Euro').fill('20');
    await op.getByRole('button', { name: 'Neue Fassung veröffentlichen' }).click();
    await expect.poll(() => op.title()).toMatch(/^Fehler: /);
    await expectAccessible(op, 'land service with errors');
    await op.getByLabel('Keinen', { exact: false }).check();
    await op.getByLabel('Was hat sich geändert?').fill('Online-Antrag ergänzt');
    await op.getByRole('button', { name: 'Neue Fassung veröffentlichen' }).click();
    await expect.poll(() => op.getByRole('status').textContent()).toContain('Fassung 2 ist veröffentlicht');
    await expectAccessible(op, 'land version published');

    // Nothing local changed yet.
    const portal = await newPage(browser);
    pages.push(portal.page);
    await portal.page.goto(`${server.url}/leistungen/fuehrungszeugnis-beantragen`);
    await expect.poll(() => h1(portal.page)).toContain('Führungszeugnis');
    expect(await portal.page.textContent('main')).not.toContain(NEW_TEXT);

    // Admin: the queue, the diff, accept.
    const adm = await newPage(browser);
    pages.push(adm.page);
    await signInBrowser(adm.context, server, await server.staff('admin'));
    const admin = adm.page;
    await admin.goto(`${server.url}/admin/landeskatalog`);
    await expect.poll(() => h1(admin)).toBe('Landeskatalog');
    await expectAccessible(admin, 'admin land catalogue');
    await admin.getByRole('link', { name: 'Änderungen des Landes prüfen (1)' }).click();
    await expect.poll(() => h1(admin)).toBe('Änderungen des Landes');
    await expectAccessible(admin, 'draft queue');
    await admin.getByRole('link', { name: 'Prüfen: Führungszeugnis beantragen' }).click();
    await expect.poll(() => h1(admin)).toContain('Landestext geändert');
    const main = admin.getByRole('main');
    await expect.poll(() => main.textContent()).toContain(NEW_TEXT);
    expect(await main.textContent()).toContain('Online-Antrag ergänzt');
    expect(await main.textContent()).toContain('Beim Übernehmen: neuer Landestext');
    await expectAccessible(admin, 'land text changed');
    await admin.getByRole('button', { name: 'Neuen Landestext übernehmen' }).click();
    await expect.poll(() => admin.getByRole('status').textContent()).toContain('Übernommen');
    await expectAccessible(admin, 'accepted');

    // The portal shows the effective text now.
    await portal.page.reload();
    await expect.poll(() => portal.page.textContent('main')).toContain(NEW_TEXT);
    await expectAccessible(portal.page, 'portal after accept');

    // English for the operator's list.
    const en = await newPage(browser, { locale: 'en-GB' });
    pages.push(en.page);
    await signInBrowser(en.context, server, await server.staff('operator'));
    await en.page.goto(`${server.url}/betrieb/landeskatalog`);
    await en.page.evaluate(() => window.localStorage.setItem('bk-locale', 'en'));
    await en.page.reload();
    await expect.poll(() => h1(en.page)).toBe('Land catalogue');
    await expectAccessible(en.page, 'operator land catalogue (English)');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../src/server/modules/places/demo-ids';
import type { Agent } from '../../src/server/test/test-app';
import { expectAccessible, keepArtifactsOnFailure } from './support/browser';
import { type KitBrowser, launchKitBrowser, removeProfile, signInOnKit } from './support/kit-browser';
import { type E2EServer, startE2EServer } from './support/server';

/**
 * The field kit as an installable, offline-starting PWA, its pairing, PIN, lock-out and
 * revocation (#6). The full working day is in kit-day.e2e.test.ts.
 */
let server: E2EServer;
let kit: KitBrowser | undefined;
let page: Page | undefined;
let coordinator: Agent;
let clerk: Agent;
let profile: string;
let kitId: string;

beforeAll(async () => {
  server = await startE2EServer();
  coordinator = await server.staff('coordinator');
  clerk = await server.staff('clerk');
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-kit-pwa-'));
  kit = await launchKitBrowser(profile);
});
afterAll(async () => {
  await kit?.close();
  await server?.close();
  if (profile) removeProfile(profile);
});
keepArtifactsOnFailure(() => [page]);

describe('field kit PWA', () => {
  it('pairs with a one-time code, sets a PIN and starts without network from the service worker (#6)', async () => {
    const res = await coordinator.post('/api/kits', {
      name: 'Koffer Schönberg',
      municipalityIds: [DEMO.municipalitySchoenberg],
      locationIds: [DEMO.locations.gemeindeamtSchoenberg],
      lockAfterMinutes: 10,
    });
    expect(res.statusCode).toBe(201);
    const { pairingCode, kit: created } = res.json();
    kitId = created.id;
    expect(created.prefix).toMatch(/^K\d+$/);

    page = await kit!.page();
    await page.goto(`${server.url}/koffer`);
    await expect.poll(() => page!.textContent('h1')).toContain('Bürgerkoffer einrichten');
    await expectAccessible(page, 'kit enrolment sign-in');
    await signInOnKit(page, clerk.username!);
    await page.getByLabel('Kopplungscode').fill('FALSCH-CODE-1');
    await page.getByRole('button', { name: 'Koppeln' }).click();
    await expect.poll(() => page!.textContent('[data-error-summary]')).toContain('Kopplungscode ist falsch');
    await expectAccessible(page, 'kit enrolment with error');
    await page.getByLabel('Kopplungscode').fill(pairingCode);
    await page.getByRole('button', { name: 'Koppeln' }).click();
    await expect.poll(() => page!.textContent('h1')).toContain('Geheimzahl');
    await page.getByLabel('Geheimzahl (PIN)').fill('kurz');
    await page.getByRole('button', { name: 'Geheimzahl speichern' }).click();
    await expect.poll(() => page!.textContent('[data-error-summary]')).toContain('mindestens 8 Zeichen');
    await expectAccessible(page, 'kit PIN with error');
    await page.getByLabel('Geheimzahl (PIN)').fill('Koffer-2026');
    await page.getByLabel('Geheimzahl wiederholen').fill('Koffer-2026');
    await page.getByRole('button', { name: 'Geheimzahl speichern' }).click();
    await expect.poll(() => page!.textContent('h1'), { timeout: 20_000 }).toContain('Übersicht');
    await expectAccessible(page, 'kit home');

    const listed = (await coordinator.get('/api/kits'))
      .json()
      .kits.find((k: { id: string }) => k.id === kitId);
    expect(listed.status).toBe('active');
    expect(listed.keyFingerprint).toMatch(/^[0-9a-f]{32}$/);

    // Installable, and the service worker controls /koffer.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    const cdp = await kit!.context.newCDPSession(page);
    const installability = await cdp.send('Page.getInstallabilityErrors');
    expect(installability.installabilityErrors).toEqual([]);
    await page.reload();
    await expect.poll(() => page!.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

    // No network: the kit still starts (locked, as after every start) and unlocks offline.
    await kit!.context.setOffline(true);
    await page.goto(`${server.url}/koffer/uebertragung`);
    await expect.poll(() => page!.textContent('h1')).toContain('Bürgerkoffer entsperren');
    await page.getByLabel('Geheimzahl (PIN)').fill('Koffer-2026');
    await page.getByRole('button', { name: 'Entsperren' }).click();
    await expect.poll(() => page!.textContent('h1'), { timeout: 20_000 }).toContain('Übertragung');
    await expect.poll(() => page!.getByTestId('kit-status').textContent()).toContain('Offline');
    // The service worker never caches the API.
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const r of await cache.keys()) urls.push(new URL(r.url).pathname);
      }
      return urls;
    });
    expect(cached.length).toBeGreaterThan(3);
    expect(cached.filter((u) => u.startsWith('/api'))).toEqual([]);
    await kit!.context.setOffline(false);
  });

  it('locks after wrong PINs without deleting anything, and unlocks again afterwards (#6)', async () => {
    page = await kit!.page();
    await page.getByRole('button', { name: 'Sperren' }).click();
    await expect.poll(() => page!.textContent('h1')).toContain('Bürgerkoffer entsperren');
    for (let i = 0; i < 4; i++) {
      await page.getByLabel('Geheimzahl (PIN)').fill(`falsch-${i}-xyz`);
      await page.getByRole('button', { name: 'Entsperren' }).click();
      await expect
        .poll(() => page!.textContent('[data-error-summary]'), { timeout: 15_000 })
        .toContain('falsch');
    }
    await expectAccessible(page, 'kit unlock with wrong PIN');
    await page.getByLabel('Geheimzahl (PIN)').fill('falsch-5-xyz');
    await page.getByRole('button', { name: 'Entsperren' }).click();
    await expect
      .poll(() => page!.textContent('[data-error-summary]'), { timeout: 15_000 })
      .toContain('gesperrt');
    // Even the right PIN is refused during the lock-out …
    await page.getByLabel('Geheimzahl (PIN)').fill('Koffer-2026');
    await page.getByRole('button', { name: 'Entsperren' }).click();
    await expect
      .poll(() => page!.textContent('[data-error-summary]'), { timeout: 15_000 })
      .toContain('gesperrt');
    // … and the vault is untouched: after the lock-out (clock moved on) the PIN opens it.
    await page.evaluate(async () => {
      const open = indexedDB.open('bk-kit');
      const db: IDBDatabase = await new Promise((r) => {
        open.onsuccess = () => r(open.result);
      });
      const tx = db.transaction('meta', 'readwrite');
      tx.objectStore('meta').put({ key: 'unlock', value: { failures: 5, lockedUntil: Date.now() - 1 } });
      await new Promise((r) => {
        tx.oncomplete = r;
      });
      db.close();
    });
    await page.reload();
    await page.getByLabel('Geheimzahl (PIN)').fill('Koffer-2026');
    await page.getByRole('button', { name: 'Entsperren' }).click();
    await expect.poll(() => page!.textContent('h1'), { timeout: 20_000 }).toContain('Übertragung');
  });

  it('is refused after revocation with a clear message, and keeps its outbox (#6)', async () => {
    page = await kit!.page();
    // Something in the outbox: a walk-in ticket drawn and served on the kit.
    await page.goto(`${server.url}/koffer/uebertragung`);
    await page.getByLabel('Geheimzahl (PIN)').fill('Koffer-2026');
    await page.getByRole('button', { name: 'Entsperren' }).click();
    await expect.poll(() => page!.textContent('h1'), { timeout: 20_000 }).toContain('Übertragung');
    await page.getByRole('link', { name: 'Warteschlange' }).first().click();
    await page.getByRole('button', { name: 'Wartenummer ziehen' }).click();
    await expect
      .poll(() => page!.getByTestId('queue-note').textContent())
      .toMatch(/Wartenummer K\d+-001 gezogen/);
    await page.getByRole('button', { name: 'Erledigt' }).click();
    await expect.poll(() => page!.getByTestId('kit-pending').textContent()).toContain('1 Vorgänge warten');
    await page.getByRole('link', { name: 'Übertragung' }).first().click();
    const revoke = await coordinator.post(`/api/kits/${kitId}/revoke`, { reason: 'Laptop gestohlen (Test)' });
    expect(revoke.statusCode).toBe(200);
    await page.getByRole('button', { name: 'Jetzt übertragen' }).click();
    await expect
      .poll(() => page!.textContent('[data-testid="kit-status"]'), { timeout: 20_000 })
      .toContain('gesperrt');
    await expectAccessible(page, 'kit revoked');
    // The outbox is untouched, waiting for the coordinator's decision.
    expect(await page.getByTestId('kit-pending').textContent()).toContain('1 Vorgänge warten');
    expect(await page.getByTestId('outbox-table').textContent()).toContain('wartet');
    const audit = await server.db
      .selectFrom('audit_log')
      .select(['action', 'result', 'actor_kit_id', 'error_code'])
      .where('actor_kit_id', '=', kitId)
      .execute();
    expect(audit.some((a) => a.error_code === 'KIT_REVOKED' && a.result === 'denied')).toBe(true);
    const revokeRow = await server.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('resource_id', '=', kitId)
      .where('action', '=', 'kit.revoke')
      .execute();
    expect(revokeRow).toHaveLength(1);
  });
});

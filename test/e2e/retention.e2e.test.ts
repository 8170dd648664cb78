import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RETENTION_SCHEDULE } from '../../src/core/retention/schedule';
import { localDate } from '../../src/core/time';
import { runNightlyRetention } from '../../src/server/modules/retention/nightly';
import { expectAccessible, keepArtifactsOnFailure, launchBrowser, newPage } from './support/browser';
import { type E2EServer, signInBrowser, startE2EServer } from './support/server';

/**
 * #15: an admin sees the retention schedule the code applies and a dry run of what the nightly
 * deletion would do today (counts only); opening it is audited; other roles neither see the menu
 * entry nor the page. German, then English; axe on each state.
 */
let server: E2EServer;
let browser: Browser;
let context: BrowserContext | undefined;
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

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

describe('admin: retention schedule and dry run (#15)', () => {
  it('lists every kind of record with its period and basis, and records who looked', async () => {
    const admin = await server.staff('admin');
    ({ context, page } = await newPage(browser));
    await signInBrowser(context, server, admin);
    const p = page;
    await p.goto(`${server.url}/admin`);
    await p.getByRole('navigation').getByRole('link', { name: 'Aufbewahrung' }).first().click();
    await poll(() => p.textContent('h1')).toContain('Aufbewahrung und Löschung');
    expect(p.url()).toContain('/admin/aufbewahrung');
    await poll(() => p.locator('tbody tr').count()).toBe(RETENTION_SCHEDULE.length);
    await expect
      .poll(() => p.getByTestId('retention-last-run').textContent())
      .toContain('noch nicht gelaufen');
    const auditRow = p.locator('tr[data-kind="audit.payloads"]');
    expect(await auditRow.textContent()).toContain('Einstellung AUDIT_RETENTION_YEARS');
    expect(await auditRow.textContent()).toContain('nicht im Probelauf');
    const register = p.locator('tr[data-kind="register.delete"]');
    expect(await register.getByRole('rowheader').textContent()).toBe(
      RETENTION_SCHEDULE.find((r) => r.kind === 'register.delete')!.record.de,
    );
    await expectAccessible(p, 'retention schedule');

    const looked = await server.db
      .selectFrom('audit_log')
      .select(['actor_username', 'details'])
      .where('action', '=', 'retention.preview')
      .execute();
    expect(looked.map((r) => r.actor_username)).toContain(admin.username);

    // After a nightly run the page says when it ran.
    const night = localDate(new Date());
    await server.db.insertInto('retention_runs').values({ night, finished_at: null, result: null }).execute();
    await runNightlyRetention(server.db, server.config, night);
    await p.reload();
    await poll(() => p.getByTestId('retention-last-run').textContent()).toContain('Letzter nächtlicher Lauf');
    expect(await p.getByTestId('retention-last-run').textContent()).toContain('beendet');
  });

  it('works in English', async () => {
    await context?.close();
    const admin = await server.staff('admin');
    ({ context, page } = await newPage(browser, { locale: 'en-GB' }));
    await signInBrowser(context, server, admin);
    const p = page;
    await p.goto(`${server.url}/admin/aufbewahrung`);
    await p
      .getByRole('button', { name: 'English' })
      .click()
      .catch(() => {});
    await poll(() => p.textContent('h1')).toContain('Retention and deletion');
    await poll(() => p.locator('tbody tr').count()).toBe(RETENTION_SCHEDULE.length);
    expect(await p.locator('tr[data-kind="register.delete"]').getByRole('rowheader').textContent()).toBe(
      RETENTION_SCHEDULE.find((r) => r.kind === 'register.delete')!.record.en,
    );
    await expectAccessible(p, 'retention schedule (English)');
  });

  it('is neither offered to nor opened for a clerk', async () => {
    await context?.close();
    const clerk = await server.staff('clerk');
    ({ context, page } = await newPage(browser));
    await signInBrowser(context, server, clerk);
    const p = page;
    await p.goto(`${server.url}/start`);
    await poll(() => p.textContent('h1')).toContain('Guten Tag');
    expect(await p.getByRole('link', { name: 'Aufbewahrung' }).count()).toBe(0);
    await p.goto(`${server.url}/admin/aufbewahrung`);
    await poll(() => p.textContent('h1')).toContain('Kein Zugriff');
    expect(await p.locator('table').count()).toBe(0);
    const status = await p.evaluate(() => fetch('/api/retention').then((r) => r.status));
    expect(status).toBe(403);
    await expectAccessible(p, 'retention forbidden');
  });
});

import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTaggedPdf } from '../../src/server/pdf/tag-check';
import { expectAccessible, keepArtifactsOnFailure, launchBrowser, newPage } from './support/browser';
import { type E2EServer, signInBrowser, startE2EServer } from './support/server';

/**
 * #14: an admin switches invitations before an ID expires on, runs the dry run, prepares the
 * invitations of the demo register and downloads the serial letter (a tagged PDF, one letter per
 * sheet); a coordinator uses the page in English without the switch; a clerk is refused.
 * axe on every state, including the error state of the window field.
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

async function download(p: Page, runId: string): Promise<Buffer> {
  const [file] = await Promise.all([
    p.waitForEvent('download'),
    p.locator(`tr[data-run="${runId}"]`).getByRole('link').click(),
  ]);
  return fs.readFileSync((await file.path())!);
}

describe('admin: invitations before an ID expires (#14)', () => {
  it('switches it on, previews, prepares and downloads the serial letter', async () => {
    const admin = await server.staff('admin');
    ({ context, page } = await newPage(browser, { acceptDownloads: true }));
    await signInBrowser(context, server, admin);
    const p = page;
    await p.goto(`${server.url}/admin`);
    await p.getByRole('navigation').getByRole('link', { name: 'Einladungen' }).first().click();
    await poll(() => p.textContent('h1')).toContain('Einladungen vor Ablauf des Ausweises');
    expect(p.url()).toContain('/admin/einladungen');
    await poll(() => p.getByTestId('invitation-state').textContent()).toContain('Ausgeschaltet');
    expect(await p.getByRole('button', { name: 'Jetzt vorbereiten' }).count()).toBe(0);
    await expectAccessible(p, 'invitations, switched off');

    // Error state: a window outside 14–365 days.
    await p.getByLabel('Einladungen monatlich vorbereiten').check();
    await p.getByLabel(/Zeitraum in Tagen/).fill('5');
    await p.getByRole('button', { name: 'Einstellung speichern' }).click();
    await poll(() => p.locator('[data-error-summary]').textContent()).toContain('14 bis 365');
    await expectAccessible(p, 'invitations, window error');
    expect(await server.db.selectFrom('invitation_settings').selectAll().execute()).toEqual([]);

    await p.getByLabel(/Zeitraum in Tagen/).fill('');
    await p.getByRole('button', { name: 'Einstellung speichern' }).click();
    await poll(() => p.getByTestId('invitation-state').textContent()).toContain(
      'Eingeschaltet – Zeitraum 120 Tage',
    );
    await poll(() => p.locator('[data-error-summary]').count()).toBe(0);

    await p.getByRole('button', { name: 'Probelauf starten' }).click();
    await poll(() => p.getByTestId('invitation-preview-result').textContent()).toMatch(
      /\d+ neue Einladungen/,
    );
    const previewText = (await p.getByTestId('invitation-preview-result').textContent())!;
    const expected = Number(/(\d+) neue Einladungen/.exec(previewText)![1]);
    expect(expected).toBeGreaterThan(0);
    await expectAccessible(p, 'invitations, dry run');

    await p.getByRole('button', { name: 'Jetzt vorbereiten' }).click();
    await poll(() => p.getByTestId('invitation-prepared').textContent()).toContain(`${expected} Einladungen`);
    await poll(() => p.locator('tbody tr[data-run]').count()).toBe(1);
    await expectAccessible(p, 'invitations, prepared');

    const run = await server.db.selectFrom('invitation_runs').selectAll().executeTakeFirstOrThrow();
    expect(run.prepared).toBe(expected);
    const pdf = await download(p, run.id);
    const report = checkTaggedPdf(new Uint8Array(pdf));
    expect(report.problems).toEqual([]);
    expect(report.pages).toBe(run.letters);
    expect(report.text).toContain('Bitte bringen Sie mit');
    const audit = await server.db
      .selectFrom('audit_log')
      .select(['action', 'actor_username'])
      .where('action', 'in', [
        'invitation.settings',
        'invitation.preview',
        'invitation.run',
        'invitation.letters',
      ])
      .where('result', '=', 'success')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'invitation.letters',
      'invitation.preview',
      'invitation.run',
      'invitation.settings',
    ]);
    expect(new Set(audit.map((a) => a.actor_username))).toEqual(new Set([admin.username]));

    // Pressing it again prepares nobody twice.
    await p.getByRole('button', { name: 'Jetzt vorbereiten' }).click();
    await poll(() => p.getByTestId('invitation-prepared').textContent()).toContain('0 Einladungen');
    await poll(() => p.locator('tbody tr[data-run]').count()).toBe(2);
    const prepared = await server.db.selectFrom('invitations').select('id').execute();
    expect(prepared).toHaveLength(expected);
  });

  it('works in English for a coordinator, who sees the setting but cannot change it', async () => {
    await context?.close();
    const coordinator = await server.staff('coordinator');
    ({ context, page } = await newPage(browser, { acceptDownloads: true, locale: 'en-GB' }));
    await signInBrowser(context, server, coordinator);
    const p = page;
    await p.goto(`${server.url}/admin/einladungen`);
    await p
      .getByRole('button', { name: 'English' })
      .click()
      .catch(() => {});
    await poll(() => p.textContent('h1')).toContain('Invitations before an ID expires');
    await poll(() => p.getByTestId('invitation-state').textContent()).toContain(
      'Switched on – window 120 days',
    );
    expect(await p.getByRole('button', { name: 'Save setting' }).count()).toBe(0);
    await p.getByRole('button', { name: 'Start dry run' }).click();
    await poll(() => p.getByTestId('invitation-preview-result').textContent()).toContain('0 new invitations');
    await poll(() => p.locator('tbody tr[data-run]').count()).toBe(2);
    await expectAccessible(p, 'invitations (English)');
    const run = await server.db
      .selectFrom('invitation_runs')
      .select(['id', 'letters'])
      .where('prepared', '>', 0)
      .executeTakeFirstOrThrow();
    const report = checkTaggedPdf(new Uint8Array(await download(p, run.id)));
    expect(report.problems).toEqual([]);
    expect(report.pages).toBe(run.letters);
  });

  it('is neither offered to nor opened for a clerk', async () => {
    await context?.close();
    const clerk = await server.staff('clerk');
    ({ context, page } = await newPage(browser));
    await signInBrowser(context, server, clerk);
    const p = page;
    await p.goto(`${server.url}/admin/einladungen`);
    await poll(() => p.textContent('h1')).toContain('Kein Zugriff');
    expect(await p.getByRole('link', { name: 'Einladungen' }).count()).toBe(0);
    const status = await p.evaluate(() => fetch('/api/invitations').then((r) => r.status));
    expect(status).toBe(403);
    await expectAccessible(p, 'invitations forbidden');
  });
});

import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkAllPendingAuditRows } from '../../src/server/modules/audit/chain';
import { writeCheckpoint } from '../../src/server/modules/audit/checkpoints';
import { loadAuditKeys } from '../../src/server/modules/audit/keys';
import { recordAudit, SYSTEM_ACTOR } from '../../src/server/modules/audit/service';
import { expectAccessible, keepArtifactsOnFailure, launchBrowser, newPage } from './support/browser';
import { type E2EServer, signInBrowser, startE2EServer } from './support/server';

/**
 * The auditor's page shows the audit chain (ADR 15): how far it is linked, the signed checkpoints,
 * and a verification that catches a row changed behind the database's back (#13).
 */
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

describe('the audit chain on the auditor’s page', () => {
  it('shows links, lag and checkpoints, verifies, and names a tampered entry — in German and English', async () => {
    const keys = loadAuditKeys(server.config);
    await recordAudit(
      server.db,
      { ...SYSTEM_ACTOR, username: 'sb.clerk', reason: 'Vorgang 4711' },
      { action: 'register.person.read', resourceType: 'person', details: { purpose: 'Test' } },
    );
    await linkAllPendingAuditRows(server.db, keys);
    await writeCheckpoint(server.db, keys, server.config.auditCheckpointFile);

    const auditor = await server.staff('auditor');
    const opened = await newPage(browser);
    page = opened.page;
    await signInBrowser(opened.context, server, auditor);
    await page.goto(`${server.url}/admin/protokoll`);
    await expect.poll(() => page!.textContent('h1')).toContain('Protokoll');
    await expect.poll(() => page!.locator('[data-testid=checkpoints] tbody tr').count()).toBe(1);
    expect(await page.locator('[data-testid=checkpoints]').textContent()).toContain('gültig');
    expect(await page.locator('[data-testid=chain-status]').textContent()).toContain('Verkettete Einträge');
    await expectAccessible(page, 'audit chain');

    await page.getByRole('button', { name: 'Integrität prüfen' }).click();
    await expect.poll(() => page!.textContent('[role=status]')).toContain('unverändert');
    expect(await page.textContent('[role=status]')).toContain('1 von 1 signierten Kontrollpunkten');

    // Someone with write access to the database changes a reason behind the triggers' back.
    await sql`alter table audit_log disable trigger user`.execute(server.db);
    await sql`update audit_log set reason = 'geändert' where reason = 'Vorgang 4711'`.execute(server.db);
    await sql`alter table audit_log enable trigger user`.execute(server.db);
    await page.getByRole('button', { name: 'Integrität prüfen' }).click();
    await expect
      .poll(() => page!.textContent('[role=alert]'))
      .toContain('personenbezogene Angaben verändert');
    await expectAccessible(page, 'audit chain, tampered');

    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page!.textContent('h1')).toContain('Audit trail');
    await page.getByRole('button', { name: 'Check integrity' }).click();
    await expect.poll(() => page!.textContent('[role=alert]')).toContain('personal data changed');
    expect(await page.locator('[data-testid=checkpoints]').textContent()).toContain('valid');
    await expectAccessible(page, 'audit chain (en), tampered');
  });
});

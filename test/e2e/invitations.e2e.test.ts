import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { select } from '../../src/server/modules/invitations/service';
import { sendOutboxMessage } from '../../src/server/modules/notify/service';
import { DEMO } from '../../src/server/modules/places/demo-ids';
import { checkTaggedPdf } from '../../src/server/pdf/tag-check';
import { mailText, startTestSmtp } from '../../src/server/test/smtp';
import { expectAccessible, keepArtifactsOnFailure, launchBrowser, newPage } from './support/browser';
import { type E2EServer, signInBrowser, startE2EServer } from './support/server';

/**
 * #14: an admin switches invitations before an ID expires on, runs the dry run, prepares the
 * invitations of the demo register and downloads the serial letter (a tagged PDF, one letter per
 * sheet); a coordinator uses the page in English without the switch; a clerk is refused.
 * axe on every state, including the error state of the window field.
 *
 * By e-mail (ADR 34): a clerk records a resident's consent in the register's person view, the
 * resident confirms the address by the link in the mail (double opt-in), the run mails the
 * invitation to a real SMTP server, and the resident withdraws by its link, in German and English.
 */
let server: E2EServer;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
const CONSENT_EMAIL = 'e2e.einladung@example.org';
let consentPerson = '';
let browser: Browser;
let context: BrowserContext | undefined;
let page: Page | undefined;

beforeAll(async () => {
  smtp = await startTestSmtp();
  server = await startE2EServer({ config: { smtpUrl: `smtp://127.0.0.1:${smtp.port}` } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await smtp?.close();
});

const mailsTo = (to: string) => smtp.received.filter((m) => m.to.includes(to)).map((m) => mailText(m.raw));
const linkIn = (text: string) => /(https?:\/\/\S+\/einwilligung\/[A-Za-z0-9_-]+)/.exec(text)![1]!;
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
  it('clerk records a consent to e-mail; the resident confirms the address by the link', async () => {
    // A resident the run will invite, without a block and without a consent of the demo seed.
    const { selection } = await select(server.db, server.config, DEMO.authorityMeerane, new Date());
    const seeded = new Set(
      (await server.db.selectFrom('invitation_consents').select('person_id').execute()).map(
        (r) => r.person_id,
      ),
    );
    consentPerson = selection.invitations.find((i) => !i.blocked && !seeded.has(i.personId))!.personId;
    expect(consentPerson).toBeTruthy();

    const clerk = await server.staff('clerk');
    ({ context, page } = await newPage(browser));
    await signInBrowser(context, server, clerk);
    const p = page;
    const who = await server.db
      .selectFrom('register_persons')
      .select(['family_name', 'birth_date'])
      .where('id', '=', consentPerson)
      .executeTakeFirstOrThrow();
    await p.goto(`${server.url}/desk/register`);
    await p.getByLabel('Zweck der Einsicht').fill('Einwilligung Einladung e2e');
    await p.getByLabel('Familienname (optional)').fill(who.family_name);
    await p.getByLabel('Geburtsdatum (optional)').fill(who.birth_date);
    await p.getByRole('button', { name: 'Suchen' }).click();
    await p.locator(`a[href="/desk/register/${consentPerson}"]`).click();
    await poll(() => p.getByTestId('consent-state').textContent()).toContain('Keine Einwilligung');
    await p.getByRole('button', { name: 'E-Mail-Adresse für Einladungen aufnehmen' }).click();
    // Error state: no address, consent not ticked.
    await p.getByRole('button', { name: 'Aufnehmen und Bestätigungs-E-Mail senden' }).click();
    await poll(() => p.locator('[data-error-summary]').textContent()).toContain('eingewilligt');
    await expectAccessible(p, 'consent form with errors');
    await p.getByLabel('E-Mail-Adresse', { exact: true }).fill(CONSENT_EMAIL);
    await p.getByLabel('Die Person hat eingewilligt.').check();
    await p.getByRole('button', { name: 'Aufnehmen und Bestätigungs-E-Mail senden' }).click();
    await poll(() => p.getByTestId('consent-state').textContent()).toContain('wartet auf die Bestätigung');
    await expectAccessible(p, 'consent recorded');

    await server.app.jobs.drain();
    await poll(() => mailsTo(CONSENT_EMAIL).length).toBe(1);
    await p.goto(linkIn(mailsTo(CONSENT_EMAIL)[0]!));
    await poll(() => p.textContent('h1')).toContain('Bitte bestätigen Sie Ihre E-Mail-Adresse');
    await expectAccessible(p, 'consent confirmation page');
    await p.getByRole('button', { name: 'Adresse bestätigen' }).click();
    await poll(() => p.getByRole('status').first().textContent()).toContain('Ihre Adresse ist bestätigt');
    await expectAccessible(p, 'consent confirmed');
    await context.close();
  });

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

    // The consenting resident got a mail, not a letter — at the SMTP server, once.
    expect(run.mails).toBeGreaterThanOrEqual(1);
    await poll(() => p.locator(`tr[data-run="${run.id}"] [data-testid="run-mails"]`).textContent()).toBe(
      String(run.mails),
    );
    // Sent as the send job sends them (a drain would also start this month's scheduled run).
    const queued = await server.db
      .selectFrom('outbox_messages')
      .select('id')
      .where('template', '=', 'invitations.invitation')
      .execute();
    expect(queued).toHaveLength(run.mails);
    for (const m of queued)
      await sendOutboxMessage(
        server.db,
        { smtpUrl: server.config.smtpUrl, mailFrom: server.config.mailFrom },
        m.id,
        1,
      );
    await poll(() => mailsTo(CONSENT_EMAIL).length).toBe(2);
    const invitation = mailsTo(CONSENT_EMAIL)[1]!;
    expect(invitation).toContain('/termin?leistungen=');
    expect(invitation).toContain('Bitte bringen Sie mit');
    expect(invitation).toContain('Art. 6 Abs. 1 lit. a DSGVO');
    const channel = await server.db
      .selectFrom('invitations')
      .select('channel')
      .where('person_id', '=', consentPerson)
      .execute();
    expect(channel.map((c) => c.channel)).toContain('email');

    // Pressing it again prepares nobody twice.
    await p.getByRole('button', { name: 'Jetzt vorbereiten' }).click();
    await poll(() => p.getByTestId('invitation-prepared').textContent()).toContain('0 Einladungen');
    await poll(() => p.locator('tbody tr[data-run]').count()).toBe(2);
    const prepared = await server.db.selectFrom('invitations').select('id').execute();
    expect(prepared).toHaveLength(expected);
  });

  it('lets the resident withdraw by the link in the invitation, in German and in English', async () => {
    await context?.close();
    ({ context, page } = await newPage(browser));
    const p = page;
    const link = linkIn(mailsTo(CONSENT_EMAIL)[1]!);
    await p.goto(link);
    await poll(() => p.textContent('h1')).toContain('Einladungen per E-Mail');
    await expectAccessible(p, 'withdrawal page');
    await p
      .getByRole('button', { name: 'English' })
      .click()
      .catch(() => {});
    await poll(() => p.textContent('h1')).toContain('Invitations by email');
    await expectAccessible(p, 'withdrawal page (English)');
    await p.getByRole('button', { name: 'Withdraw consent' }).click();
    await poll(() => p.textContent('h1')).toContain('Your consent is withdrawn');
    await expectAccessible(p, 'withdrawn (English)');
    // Again, in German: the same answer (idempotent).
    await p
      .getByRole('button', { name: 'Deutsch' })
      .click()
      .catch(() => {});
    await p.goto(link);
    await poll(() => p.textContent('h1')).toContain('Ihre Einwilligung ist widerrufen');
    await expectAccessible(p, 'withdrawn (German)');
    // A forged link: the error state.
    await p.goto(`${link.slice(0, -4)}AAAA`);
    await poll(() => p.textContent('h1')).toContain('Link nicht gefunden');
    await expectAccessible(p, 'consent link not found');
    const row = await server.db
      .selectFrom('invitation_consents')
      .select(['email', 'end_reason'])
      .where('person_id', '=', consentPerson)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ email: null, end_reason: 'withdrawn_by_citizen' });
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

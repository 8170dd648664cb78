import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../src/server/modules/places/demo-ids';
import {
  expectAccessible,
  keepArtifactsOnFailure,
  launchBrowser,
  newPage,
  securityCheckPassed,
} from './support/browser';
import { type E2EServer, startE2EServer } from './support/server';

/**
 * Issue #14, "nobody waits in vain": a walk-in leaves an e-mail address at the desk, the clerks'
 * calls move the queue, and the heads-up arrives at a real SMTP server; the portal shows the
 * waiting time; a citizen's form passes the proof-of-work security check in the browser.
 */
let server: E2EServer;
let browser: Browser;
let smtp: SMTPServer;
const received: { to: string[]; raw: string }[] = [];
const pages: Page[] = [];
const L = DEMO.locations.koethel;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const port = (smtp.server.address() as { port: number }).port;
  server = await startE2EServer({ config: { smtpUrl: `smtp://127.0.0.1:${port}`, queueHeadsUpMinutes: 10 } });
  browser = await launchBrowser();
  // A known pace at this place: every recent service took ten minutes.
  await server.db
    .updateTable('tickets')
    .set({ served_at: sql`finished_at - interval '10 minutes'` })
    .where('location_id', '=', L)
    .where('status', '=', 'done')
    .execute();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});
keepArtifactsOnFailure(() => pages);

const h1 = (page: Page) => page.textContent('h1');

describe('queue heads-up (#14)', () => {
  it('takes an address at the desk, and the mail arrives when the calls bring the turn near', async () => {
    const clerk = await server.staff(['clerk']);
    // Two people are already waiting.
    for (let i = 0; i < 2; i++)
      expect((await clerk.post('/api/queue/tickets', { locationId: L })).statusCode).toBe(201);

    const opened = await newPage(browser);
    pages.push(opened.page);
    const page = opened.page;
    await opened.context.addCookies([{ name: 'bk_session', value: clerk.cookie!, url: server.url }]);
    await page.goto(`${server.url}/desk/warteschlange`);
    await expect.poll(() => h1(page)).toBe('Warteschlange');
    await page.locator('#queue-location').selectOption({ value: L });
    await page.getByLabel('Ihr Platz').fill('Platz 1');
    await page.getByText('Benachrichtigung kurz vor dem Aufruf (optional)').click();
    const email = `heads.up.${Date.now().toString(36)}@example.org`;
    await page.getByLabel(/E-Mail-Adresse/).fill(email);
    // Without the consent: an error, nothing issued.
    await page.getByRole('button', { name: 'Wartenummer ausgeben' }).click();
    await expect.poll(() => page.title()).toMatch(/^Fehler: /);
    await expectAccessible(page, 'queue heads-up error');
    await page.getByRole('checkbox', { name: /einverstanden/ }).check();
    await expectAccessible(page, 'queue heads-up form');
    await page.getByRole('button', { name: 'Wartenummer ausgeben' }).click();
    await expect
      .poll(() => page.getByTestId('walk-in-code').textContent())
      .toMatch(/etwa 20 Minuten.*etwa 10 Minuten dran/);
    // The fields are empty for the next person.
    expect(await page.getByLabel(/E-Mail-Adresse/).inputValue()).toBe('');
    await expectAccessible(page, 'queue heads-up issued');

    // The first call: one ahead, about ten minutes — the heads-up goes out.
    await page.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
    await expect.poll(() => page.getByTestId('my-ticket').count()).toBe(1);
    await expect
      .poll(async () => {
        await server.app.jobs.drain();
        return received.filter((m) => m.to.includes(email)).length;
      })
      .toBe(1);
    expect(received.find((m) => m.to.includes(email))!.raw).toMatch(/Sie sind in etwa 10 Minuten dran/);

    // More calls send nothing more.
    await page.getByRole('button', { name: 'Bedienung beginnen' }).click();
    await page.getByRole('button', { name: 'Fertig' }).click();
    await page.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
    await server.app.jobs.drain();
    expect(received.filter((m) => m.to.includes(email))).toHaveLength(1);
  });

  it('shows the waiting time on the portal, server-rendered, in German and English', async () => {
    const { page } = await newPage(browser);
    pages.push(page);
    await page.goto(`${server.url}/`);
    const section = page.getByTestId('waiting-times');
    await expect.poll(() => section.textContent()).toMatch(/Aktuelle Wartezeit/);
    await expect.poll(() => section.textContent()).toMatch(/wartend, etwa \d+ Minuten|1 Person wartend/);
    await expectAccessible(page, 'portal home with waiting times');
    // Rendered on the server: the HTML has it before any script ran.
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html).toContain('Aktuelle Wartezeit');
    await page.goto(`${server.url}/?lang=en`);
    await expect.poll(() => section.textContent()).toMatch(/Current waiting time/);
    await expectAccessible(page, 'portal home with waiting times (en)');
  });
});

describe('security check in the browser (#14, ADR 33)', () => {
  it('solves the proof of work for a demand signal, announced to screen readers, and keyboard users pass', async () => {
    const { page } = await newPage(browser);
    pages.push(page);
    const before = Number(
      (
        await server.db
          .selectFrom('demand_signals')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    await page.goto(`${server.url}/sprechtage/wunsch`);
    await expect.poll(() => page.locator('#demand-village option').count()).toBeGreaterThan(1);
    await securityCheckPassed(page);
    await expectAccessible(page, 'demand form with security check');
    await page.locator('#demand-village').selectOption({ index: 1 });
    // Keyboard only: focus the submit button and press Enter.
    await page.getByRole('button', { name: 'Wunsch absenden' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => h1(page)).toBe('Danke! Wir haben Ihren Wunsch notiert.');
    await expect
      .poll(async () =>
        Number(
          (
            await server.db
              .selectFrom('demand_signals')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      )
      .toBe(before + 1);
    await expectAccessible(page, 'demand done');

    // In English, the check speaks English.
    await page.goto(`${server.url}/sprechtage/wunsch?lang=en`);
    await securityCheckPassed(page);
    expect(await page.locator('.bk-botcheck legend').textContent()).toBe('Security check');
    await expectAccessible(page, 'demand form with security check (en)');
  });
});

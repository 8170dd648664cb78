import { sql } from 'kysely';
import { generate } from 'otplib';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withInstallation } from '../../src/server/db/scope';
import { SYSTEM_ACTOR } from '../../src/server/modules/audit/service';
import { DEMO } from '../../src/server/modules/places/demo-ids';
import { todayInBerlin } from '../../src/server/modules/schedule/service';
import { createStaffSession } from '../../src/server/test/test-app';
import {
  expectAccessible,
  keepArtifactsOnFailure,
  launchBrowser,
  newPage,
  securityCheckPassed,
} from './support/browser';
import { type E2EServer, signInBrowser, startE2EServer } from './support/server';

/**
 * Issue #12's "done when", end to end in one browser: an operator onboards two more authorities
 * in /betrieb, each one's first admin signs in (own password, TOTP), adopts a Land service and
 * plans an office day; a citizen books on each authority's own portal `/<slug>/…` (German, and
 * English) and sees nothing of the others; the 115 service centre's agent picks the caller's
 * authority and books for all three (Meerane's demo authority and the two new ones). Axe on every
 * citizen page and error state.
 */
let server: E2EServer;
let browser: Browser;
const pages: Page[] = [];

const CENTRE_ID = '0190a000-0000-7000-8000-000000115000';

beforeAll(async () => {
  // Meerane's demo authority is the installation's default portal: it also answers at `/`.
  server = await startE2EServer({ config: { portalDefaultAuthority: 'meerane' } });
  browser = await launchBrowser();
  // The 115 service centre as the operator's tooling sets it up (no portal, no register), and
  // Meerane joining it: installation work (ADR 27).
  await sql`insert into authorities (id, authority_id, name, short_name, kind, slug, joined_115,
      street, postal_code, city)
    values (${CENTRE_ID}, ${CENTRE_ID}, 'Servicecenter 115 Sachsen (fiktiv)', 'SC 115', 'service_centre',
      'servicecenter-115', false, 'Am Callcenter 1', '01099', 'Dresden')`.execute(server.db);
  await server.db
    .updateTable('authorities')
    .set({ joined_115: true })
    .where('id', '=', DEMO.authorityMeerane)
    .execute();
  server.app.authorities.invalidate();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
keepArtifactsOnFailure(() => pages);

const h1 = (page: Page) => page.textContent('h1');

interface NewAuthority {
  slug: string;
  name: string;
  town: string;
  ags: string;
  postalCode: string;
  admin: string;
  password?: string;
  id?: string;
}
const A: NewAuthority = {
  slug: 'lindenau',
  name: 'Gemeindeverwaltung Lindenau (fiktiv)',
  town: 'Lindenau',
  ags: '14524091',
  postalCode: '08391',
  admin: 'lindenau.admin',
};
const B: NewAuthority = {
  slug: 'waldbach',
  name: 'Stadtverwaltung Waldbach (fiktiv)',
  town: 'Waldbach',
  ags: '14524092',
  postalCode: '08392',
  admin: 'waldbach.admin',
};
const SERVICE_DE = 'Anmeldung einer Wohnung (Zuzug)';
const SERVICE_EN = 'Registering your new home (moving in)';

/** First sign-in with a one-time password: own password, then TOTP. Ends on `next`. */
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

/** React reports a server/browser mismatch on the console; a portal page must hydrate cleanly. */
function watchHydration(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warning') && /hydrat/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => {
    if (/hydrat|Minified React error #4(18|19|23|25)/i.test(e.message)) problems.push(e.message);
  });
  return problems;
}

describe('many authorities in one installation, end to end (#12)', () => {
  it('an operator onboards two authorities that joined the 115; each admin adopts a service and plans an office day', async () => {
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
    const { page: op } = await newPage(browser);
    pages.push(op);
    await firstSignIn(op, 'it.betrieb', created.oneTimePassword, '/betrieb');
    for (const a of [A, B]) {
      await op.goto(`${server.url}/betrieb/behoerden/neu`);
      await expect.poll(() => h1(op)).toBe('Behörde aufnehmen');
      await op.getByLabel('Gemeindeschlüssel (AGS, 8 Ziffern)').fill(a.ags);
      await op.getByLabel('Name der Gemeinde').fill(a.town);
      await op.getByLabel('Postleitzahl').first().fill(a.postalCode);
      await op.getByRole('button', { name: 'Gemeinde hinzufügen' }).click();
      await op.getByLabel('Name der Behörde').fill(a.name);
      await op.getByLabel('Kurzname').fill(a.town);
      await op.getByLabel('Art der Körperschaft').selectOption('einheitsgemeinde');
      await op.getByLabel('Portal-Adresse').fill(a.slug);
      await op.getByLabel('Straße und Hausnummer').fill('Markt 1');
      await op.getByLabel('Postleitzahl').last().fill(a.postalCode);
      await op.getByLabel('Ort', { exact: true }).fill(a.town);
      await op.getByRole('checkbox', { name: 'Die Behörde ist dem 115-Verbund beigetreten' }).check();
      await op.getByLabel('Hauptfarbe').fill('#00366f');
      // B's coat of arms: a real PNG (one pixel), shown in its portal's header.
      if (a === B)
        await op.getByLabel(/Wappen oder Logo/).setInputFiles({
          name: 'wappen.png',
          mimeType: 'image/png',
          buffer: Buffer.from(
            'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
            'base64',
          ),
        });
      await op.getByLabel('Vertretungsberechtigte Person (Impressum)').fill('Bürgermeisterin (fiktiv)');
      await op.getByLabel('Benutzername').fill(a.admin);
      await op.getByLabel('Name', { exact: true }).fill(`Admin ${a.town} (fiktiv)`);
      await op.getByRole('button', { name: 'Behörde anlegen' }).click();
      await expect.poll(() => op.getByRole('status').first().textContent()).toContain('ist angelegt');
      a.password = (await op.getByTestId('one-time-password').textContent())!.trim();
      const row = await server.db
        .selectFrom('authorities')
        .select(['id', 'joined_115'])
        .where('slug', '=', a.slug)
        .executeTakeFirstOrThrow();
      expect(row.joined_115).toBe(true);
      a.id = row.id;
    }

    const date = (() => {
      const d = new Date(`${todayInBerlin()}T12:00:00Z`);
      d.setUTCDate(d.getUTCDate() + 14);
      return d.toISOString().slice(0, 10);
    })();
    for (const a of [A, B]) {
      const { page } = await newPage(browser);
      pages.push(page);
      await firstSignIn(page, a.admin, a.password!, '/admin/landeskatalog');
      await page.getByRole('button', { name: `„${SERVICE_DE}“ in den eigenen Katalog übernehmen` }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('veröffentlicht');
      await page.goto(`${server.url}/admin/sprechtage`);
      await expect.poll(() => h1(page)).toBe('Sprechtage');
      await page
        .getByLabel('Standort', { exact: true })
        .last()
        .selectOption({ label: `Rathaus ${a.town}` });
      await page.getByLabel('Datum (erster Tag)').fill(date);
      await page.getByLabel('Beginn').fill('09:00');
      await page.getByLabel('Ende').fill('12:00');
      await page.getByRole('button', { name: 'Vorschau' }).click();
      await expect.poll(() => page.locator('#preview-title').textContent()).toMatch(/Vorschau: 1 Sprechtag/);
      await page.getByRole('button', { name: /Sprechtag(e)? planen/ }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/geplant/);
      await page.context().close();
    }
  });

  it('a citizen books on each authority’s own portal /<slug>/ (German and English) and sees only its services and office days', async () => {
    const { page } = await newPage(browser);
    pages.push(page);
    const hydration = watchHydration(page);
    const api: string[] = [];
    const onRequest = (r: Request) => {
      const path = new URL(r.url()).pathname;
      if (path.includes('/api/')) api.push(path);
    };
    page.on('request', onRequest);
    const serviceHrefs = new Map<string, string>();
    const manageLinks = new Map<string, string>();

    for (const [a, other, lang] of [
      [A, B, 'de'],
      [B, A, 'en'],
    ] as const) {
      const w =
        lang === 'de'
          ? {
              next: 'Weiter',
              prefix: /^Fehler: /,
              service: SERVICE_DE,
              day: 'An welchem Tag möchten Sie kommen?',
              name: 'Ihr Name',
              email: 'E-Mail-Adresse',
              confirm: 'Termin verbindlich buchen',
              done: 'Ihr Termin ist gebucht',
              tagline: `Bürgerbüro: ${a.name}`,
              navDays: 'Sprechtage',
              navBook: 'Termin buchen',
            }
          : {
              next: 'Continue',
              prefix: /^Error: /,
              service: SERVICE_EN,
              day: 'Which day do you want to come?',
              name: 'Your name',
              email: 'Email address',
              confirm: 'Book the appointment',
              done: 'Your appointment is booked',
              tagline: `Citizens’ office: ${a.name}`,
              navDays: 'Office days',
              navBook: 'Book an appointment',
            };
      const base = `${server.url}/${a.slug}`;

      // The portal's home page names its authority, and nothing of the demo authority's.
      await page.goto(`${base}/?lang=${lang}`);
      await expect.poll(() => page.locator('main p').first().textContent()).toContain(a.name);
      expect(await page.textContent('body')).not.toContain('Meerane');
      await expectAccessible(page, `${a.slug} home (${lang})`);
      // Its look: the colour set at onboarding is KERN's action colour; B's header shows its logo.
      expect(
        await page.evaluate(() =>
          getComputedStyle(document.documentElement).getPropertyValue('--kern-color-action-default').trim(),
        ),
      ).toBe('#00366f');
      expect(await page.getByTestId('portal-logo').count()).toBe(a === B ? 1 : 0);
      if (a === B)
        expect(
          await page
            .getByTestId('portal-logo')
            .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
        ).toBe(1);
      // Its legal notice: its own name and representative, nothing of Meerane's.
      await page.goto(`${base}/impressum?lang=${lang}`);
      await expect.poll(() => page.getByTestId('imprint-name').textContent()).toBe(a.name);
      expect(await page.textContent('main')).toContain('Bürgermeisterin (fiktiv)');
      expect(await page.textContent('body')).not.toContain('Meerane');
      await expectAccessible(page, `${a.slug} legal notice (${lang})`);
      // Its accessibility statement names it as the contact for feedback.
      await page.goto(`${base}/barrierefreiheit?lang=${lang}`);
      await expect.poll(() => page.getByTestId('portal-contact').textContent()).toContain(a.name);
      expect(await page.textContent('body')).not.toContain('Meerane');
      await expectAccessible(page, `${a.slug} accessibility statement (${lang})`);

      // The service list, rendered on the server below /<slug>: only this authority's service.
      await page.goto(`${base}/leistungen?lang=${lang}`);
      await expect.poll(() => page.locator('.bk-brand__tagline').textContent()).toBe(w.tagline);
      await expect.poll(() => page.getByRole('link', { name: w.service }).count()).toBe(1);
      const serviceHref = (await page.getByRole('link', { name: w.service }).getAttribute('href'))!;
      expect(serviceHref).toMatch(new RegExp(`^/${a.slug}/leistungen/`));
      serviceHrefs.set(a.slug, serviceHref);
      // Meerane's catalogue has some twenty services; this portal shows the one adopted.
      expect(await page.locator('main a[href*="/leistungen/"]').count()).toBe(1);
      await expectAccessible(page, `${a.slug} services (${lang})`);

      // The office days: this authority's town hall only, with its calendar feed below /<slug>.
      await page.locator('.bk-nav').getByRole('link', { name: w.navDays }).click();
      await expect.poll(() => page.url()).toBe(`${base}/sprechtage`);
      await expect.poll(() => page.textContent('main')).toContain(`Rathaus ${a.town}`);
      const main = (await page.textContent('main'))!;
      expect(main).not.toContain(`Rathaus ${other.town}`);
      expect(main).not.toContain('Schönberg');
      const feed = page.locator('main a[href$=".ics"]').first();
      expect(await feed.getAttribute('href')).toMatch(new RegExp(`^/${a.slug}/api/schedule/feeds/`));
      const ics = await page.request.get(`${server.url}${await feed.getAttribute('href')}`);
      expect(ics.status()).toBe(200);
      expect(await ics.text()).toContain(`Rathaus ${a.town}`);
      await expectAccessible(page, `${a.slug} office days (${lang})`);

      // Booking, one question per page, every address below /<slug>.
      await page.locator('.bk-nav').getByRole('link', { name: w.navBook }).click();
      await expect.poll(() => page.url()).toBe(`${base}/termin`);
      await expect.poll(() => page.getByRole('checkbox').count()).toBe(1);
      await expectAccessible(page, `${a.slug} booking: services (${lang})`);
      await page.getByRole('button', { name: w.next, exact: true }).click();
      await expect.poll(() => page.title()).toMatch(w.prefix);
      await expectAccessible(page, `${a.slug} booking: services error (${lang})`);
      await page.getByRole('checkbox', { name: w.service }).check();
      await page.getByRole('button', { name: w.next, exact: true }).click();
      await expect.poll(() => page.url()).toBe(`${base}/termin/ort`);
      await expect.poll(() => page.locator('input[name="location"]').count()).toBe(1);
      await expectAccessible(page, `${a.slug} booking: place (${lang})`);
      await page.locator('input[name="location"]').check();
      await page.getByRole('button', { name: w.next, exact: true }).click();
      await expect.poll(() => h1(page)).toBe(w.day);
      expect(page.url().startsWith(`${base}/termin/`)).toBe(true);
      await expectAccessible(page, `${a.slug} booking: day (${lang})`);
      await page.locator('input[name="day"]').first().check();
      await page.getByRole('button', { name: w.next, exact: true }).click();
      await expect.poll(() => page.locator('input[name="time"]').count()).toBeGreaterThan(0);
      await expectAccessible(page, `${a.slug} booking: time (${lang})`);
      await page.locator('input[name="time"]').first().check();
      await securityCheckPassed(page);
      await page.getByRole('button', { name: w.next, exact: true }).click();
      await expect.poll(() => page.getByLabel(w.name).count()).toBe(1);
      await page.getByRole('button', { name: w.next, exact: true }).click();
      await expect.poll(() => page.title()).toMatch(w.prefix);
      await expectAccessible(page, `${a.slug} booking: contact error (${lang})`);
      await page.getByLabel(w.name).fill(`Bürgerin ${a.town} (fiktiv)`);
      await page.getByLabel(w.email).fill(`buergerin@${a.slug}.example`);
      await page.getByRole('button', { name: w.next, exact: true }).click();
      await expect.poll(() => page.getByRole('button', { name: w.confirm }).count()).toBe(1);
      await expectAccessible(page, `${a.slug} booking: check (${lang})`);
      await page.getByRole('button', { name: w.confirm }).click();
      await expect.poll(() => h1(page), { timeout: 10_000 }).toBe(w.done);
      await expectAccessible(page, `${a.slug} booking: confirmation (${lang})`);
      const calendar = page.locator('main a[href*="calendar.ics"]');
      expect(await calendar.getAttribute('href')).toMatch(new RegExp(`^/${a.slug}/api/booking/manage/`));
      const booked = await server.db
        .selectFrom('appointments')
        .select(['authority_id', 'channel'])
        .where('email', '=', `buergerin@${a.slug}.example`)
        .execute();
      expect(booked).toEqual([{ authority_id: a.id, channel: 'portal' }]);
      // The confirmation mail's manage link leads to this portal, and works there.
      const mail = await server.db
        .selectFrom('outbox_messages')
        .selectAll()
        .where('recipient', '=', `buergerin@${a.slug}.example`)
        .executeTakeFirstOrThrow();
      const link = new RegExp(`https?://[^\\s"]+/${a.slug}/termin/verwalten/[A-Za-z0-9_-]+`).exec(
        JSON.stringify(mail),
      )?.[0];
      expect(link, 'manage link below the portal').toBeDefined();
      manageLinks.set(a.slug, link!);
    }

    // B's manage link, opened as from the mail (in English, as booked): B's appointment, below B's prefix.
    await page.goto(manageLinks.get(B.slug)!);
    await expect.poll(() => page.textContent('main')).toContain(`Rathaus ${B.town}`);
    expect(new URL(page.url()).pathname.startsWith(`/${B.slug}/termin/verwalten/`)).toBe(true);
    await expectAccessible(page, `${B.slug} manage booking`);

    // Every API request of both journeys went below the portal's own prefix.
    page.off('request', onRequest);
    expect(api.length).toBeGreaterThan(10);
    expect(api.filter((p) => !/^\/(lindenau|waldbach)\/api\//.test(p))).toEqual([]);

    // A's service page (rendered on the server, hydrated below /<slug>) names A's office, nothing of B.
    await page.goto(`${server.url}${serviceHrefs.get(A.slug)}`);
    await expect.poll(() => page.textContent('main')).toContain(A.name);
    expect(await page.textContent('main')).not.toContain(B.town);
    await expectAccessible(page, `${A.slug} service page`);
    await page.goto(`${server.url}/gibt-es-nicht/leistungen`);
    await expect.poll(() => page.locator('h1').count()).toBe(1);
    await expectAccessible(page, 'unknown portal (404)');
    // The installation's default portal at / is Meerane's, unchanged: no prefix, its own services.
    await page.goto(`${server.url}/leistungen`);
    await expect.poll(() => page.locator('main a[href*="/leistungen/"]').count()).toBeGreaterThan(5);
    expect(await page.locator('main a[href^="/lindenau"], main a[href^="/waldbach"]').count()).toBe(0);
    expect(hydration).toEqual([]);
  });

  it('the 115 service centre picks the caller’s authority and books for all three, every request acting for it', async () => {
    const agent = await createStaffSession(server.db, server.app, ['hotline'], { authorityId: CENTRE_ID });
    const { context, page } = await newPage(browser);
    pages.push(page);
    await signInBrowser(context, server, agent);
    const acting: Array<{ path: string; header: string | undefined }> = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (/^\/api\/(catalog|booking)\//.test(path))
        acting.push({ path, header: r.headers()['x-acting-for'] });
    });

    // The knowledge base asks first: the caller's authority is required.
    await page.goto(`${server.url}/desk/115`);
    await expect.poll(() => page.getByLabel('Behörde der anrufenden Person').count()).toBe(1);
    // The picker shows only once its list has loaded; polled like every other wait here.
    await expect
      .poll(() => page.locator('#caller-authority option').allTextContents())
      .toEqual(expect.arrayContaining([expect.stringContaining(A.name), expect.stringContaining(B.name)]));
    const options = await page.locator('#caller-authority option').allTextContents();
    expect(options.some((o) => o.includes('Servicecenter'))).toBe(false);
    expect(await page.getByRole('searchbox').count()).toBe(0);
    await page.getByRole('button', { name: 'Behörde wählen' }).click();
    await expect.poll(() => page.title()).toMatch(/^Fehler: /);
    await expectAccessible(page, '115: authority missing');

    const meerane = (await page.locator('#caller-authority option').allTextContents()).find((o) =>
      o.includes('Meerane'),
    )!;
    const bookings: Array<{ authority: string; label: string; service: string; location?: string }> = [
      { authority: DEMO.authorityMeerane, label: meerane, service: 'Personalausweis beantragen' },
      {
        authority: A.id!,
        label: `${A.name} (${A.town})`,
        service: SERVICE_DE,
        location: `Rathaus ${A.town}`,
      },
      {
        authority: B.id!,
        label: `${B.name} (${B.town})`,
        service: SERVICE_DE,
        location: `Rathaus ${B.town}`,
      },
    ];
    for (const [i, b] of bookings.entries()) {
      if (i > 0) {
        // Another caller: choosing another authority clears what was shown for the last one.
        await page.goto(`${server.url}/desk/115`);
        await expect.poll(() => page.getByLabel('Behörde der anrufenden Person').count()).toBe(1);
      }
      await page.locator('#caller-authority').selectOption({ label: b.label });
      await page.getByRole('button', { name: 'Behörde wählen' }).click();
      await expect
        .poll(() => page.getByTestId('caller-authority').textContent())
        .toContain(b.label.replace(/ \([^)]*\)$/, ''));
      await page.getByRole('searchbox').fill(b.service.split(' ')[0]!);
      await page.getByRole('button', { name: 'Suchen' }).click();
      await expect.poll(() => page.getByTestId('read-out').count()).toBe(1);
      await page
        .getByRole('button', { name: new RegExp(b.service.replace(/[()]/g, '.')) })
        .first()
        .click();
      await expect.poll(() => page.locator('#hotline-answer-title').textContent()).toBe(b.service);
      // The responsible office is the caller's authority's.
      expect(await page.locator('.bk-office').textContent()).toContain(b.label.replace(/ \([^)]*\)$/, ''));
      if (i === 1) await expectAccessible(page, '115: knowledge base for a caller');
      await page.getByRole('link', { name: 'Termin für die anrufende Person buchen' }).click();
      await expect.poll(() => h1(page)).toBe('Termin buchen (Telefon und Schalter)');
      expect(new URL(page.url()).searchParams.get('fuer')).toBe(b.authority);
      await expect.poll(() => page.getByRole('checkbox', { name: b.service }).isChecked()).toBe(true);
      await expect.poll(() => page.locator('#db-location option').count()).toBeGreaterThan(1);
      const locations = await page.locator('#db-location option').allTextContents();
      if (b.location) {
        expect(locations.slice(1)).toEqual([expect.stringContaining(b.location)]);
      } else {
        expect(locations.join()).not.toMatch(/Lindenau|Waldbach/);
      }
      await page.locator('#db-location').selectOption({ index: 1 });
      await expect.poll(() => page.locator('#db-day option').count()).toBeGreaterThan(1);
      await page.locator('#db-day').selectOption({ index: 1 });
      await expect.poll(() => page.locator('#db-time option').count()).toBeGreaterThan(1);
      await page.locator('#db-time').selectOption({ index: 1 });
      const caller = `Anrufer ${i + 1} (fiktiv)`;
      await page.getByLabel('Name', { exact: true }).fill(caller);
      await page.getByLabel('Telefonnummer').fill(`03764 55512${i}`);
      await page.getByRole('button', { name: 'Termin buchen' }).click();
      await expect.poll(() => page.getByTestId('desk-booking-number').textContent()).toContain(caller);
      if (i === 2) await expectAccessible(page, '115: booked for a caller');
      const row = await server.db
        .selectFrom('appointments')
        .select(['authority_id', 'channel'])
        .where('name', '=', caller)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ authority_id: b.authority, channel: 'hotline' });
    }
    // Every catalogue and booking request of the flow acted for the caller's authority.
    expect(acting.length).toBeGreaterThan(10);
    const ids = new Set(bookings.map((b) => b.authority));
    expect(acting.filter((r) => !r.header || !ids.has(r.header))).toEqual([]);
  });
});

import AxeBuilder from '@axe-core/playwright';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeWorkingDay, planDay } from '../../src/server/modules/booking/test-support';
import type { TestApp } from '../../src/server/test/test-app';
import {
  expectAccessible,
  keepArtifactsOnFailure,
  launchBrowser,
  newPage,
  securityCheckPassed,
} from './support/browser';
import { type E2EServer, startE2EServer } from './support/server';

/**
 * Issue #10 for citizens: server-rendered pages that show without JavaScript, axe (with the
 * `region` and duplicate-id rules) on every citizen page in German and English at desktop and
 * 375 px, focus after navigation only, the German-only notice, the booking confirmation, and the
 * terminal that never lets the next person see anything of the last.
 */
let server: E2EServer;
let browser: Browser;
const pages: Page[] = [];

beforeAll(async () => {
  server = await startE2EServer();
  browser = await launchBrowser();
  const coordinator = await server.staff(['coordinator']);
  await planDay({} as TestApp, coordinator, {
    date: freeWorkingDay(3),
    startTime: '09:00',
    endTime: '12:00',
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
keepArtifactsOnFailure(() => pages);

async function open(options: Parameters<typeof newPage>[1] = {}): Promise<Page> {
  const { page } = await newPage(browser, options);
  pages.push(page);
  return page;
}

const h1 = (page: Page) => page.locator('h1').first().textContent();

/** The page has its heading and nothing is loading any more. */
async function settled(page: Page) {
  await page.locator('main h1').first().waitFor();
  // <Loading /> is a paragraph with role=status; empty live regions (search results) stay.
  await page.waitForFunction(() => !document.querySelector('main p[role="status"][aria-live="polite"]'));
}

/** Rules beyond WCAG's tags that #10 names: every content inside a landmark, ids unique. */
async function expectLandmarksAndIds(page: Page, label: string) {
  const result = await new AxeBuilder({ page })
    .withRules(['region', 'duplicate-id', 'duplicate-id-active', 'duplicate-id-aria', 'landmark-one-main'])
    .analyze();
  expect(
    result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `landmarks/ids on ${label}`,
  ).toEqual([]);
}

const CITIZEN_PAGES = [
  '/',
  '/leistungen',
  '/leistungen/personalausweis-beantragen',
  '/sprechtage',
  '/termin',
  '/status',
  '/pruefen',
  '/hausbesuch',
  '/barrierefreiheit',
  '/impressum',
  '/datenschutz',
  '/leichte-sprache',
  '/terminal',
  '/terminal/leistungen',
  '/terminal/termin',
];

describe('server-rendered citizen pages (#10)', () => {
  it('shows home, service and office-day pages with JavaScript switched off', async () => {
    const page = await open({ javaScriptEnabled: false });
    await page.goto(`${server.url}/`);
    expect(await h1(page)).toBe('Ihr Bürgerbüro – im Rathaus, im Dorf, online und am Telefon');
    expect(await page.getByRole('link', { name: 'Leistungen', exact: true }).count()).toBeGreaterThan(0);
    expect(await page.content()).not.toContain('Bitte aktivieren Sie JavaScript');

    await page.goto(`${server.url}/leistungen/personalausweis-beantragen`);
    expect(await h1(page)).toBe('Personalausweis beantragen');
    expect(await page.locator('main').textContent()).toContain('Ein aktuelles biometrisches Passfoto');
    expect(await page.title()).toBe('Personalausweis beantragen – Bürgerkoffer');

    await page.goto(`${server.url}/sprechtage?lang=en`);
    expect(await h1(page)).toBe('When is the citizens’ office coming to me?');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('#village option').count()).toBeGreaterThan(3);
  });

  it('hydrates without fetching the data again and without moving anything', async () => {
    const page = await open();
    const api: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) api.push(r.url());
    });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.addInitScript(() => {
      (window as unknown as { cls: number }).cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & {
          value: number;
          hadRecentInput: boolean;
        })[])
          if (!e.hadRecentInput) (window as unknown as { cls: number }).cls += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${server.url}/leistungen/personalausweis-beantragen`, { waitUntil: 'networkidle' });
    expect(api).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { cls: number }).cls)).toBeLessThan(0.05);
    // Hydrated: a click is handled in the page (no new document), and fetches fresh data.
    await page.getByRole('link', { name: 'Sprechtage', exact: true }).first().click();
    await expect.poll(() => h1(page)).toBe('Wann kommt das Bürgerbüro zu mir?');
    expect(api.some((u) => u.includes('/api/schedule/public/villages'))).toBe(true);
  });
});

describe('accessibility of the citizen pages (#10)', () => {
  for (const [width, label] of [
    [1280, 'desktop'],
    [375, '375 px'],
  ] as const) {
    it(`passes axe on every citizen page in German and English at ${label}`, async () => {
      const page = await open({ viewport: { width, height: 900 } });
      for (const lang of ['de', 'en'] as const) {
        for (const path of CITIZEN_PAGES) {
          await page.goto(`${server.url}${path}?lang=${lang}`);
          await settled(page);
          await expectAccessible(page, `${path} (${lang}, ${label})`);
          await expectLandmarksAndIds(page, `${path} (${lang}, ${label})`);
        }
      }
    });
  }

  it('leaves focus alone at page load and moves it to the heading after a navigation, without a ring', async () => {
    const page = await open();
    await page.goto(`${server.url}/`);
    await page.locator('main h1').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
    await page.getByRole('link', { name: 'Leistungen', exact: true }).first().click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    const ring = await page.evaluate(() => {
      const h = document.activeElement as HTMLElement;
      const s = getComputedStyle(h);
      return {
        tabindex: h.getAttribute('tabindex'),
        outline: s.outlineStyle,
        visible: h.matches(':focus-visible'),
      };
    });
    expect(ring).toEqual({ tabindex: '-1', outline: 'none', visible: false });
    // A reload is a page load again: no focused heading.
    await page.reload();
    await page.locator('main h1').waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
  });

  it('says on English pages which text is only in German, and marks it lang="de"', async () => {
    const page = await open();
    await page.goto(`${server.url}/leistungen/personalausweis-beantragen?lang=en`);
    await expect.poll(() => h1(page)).toBe('Applying for an identity card');
    await expect
      .poll(() => page.locator('[data-german-only-notice]').textContent())
      .toContain('available in German only');
    const checklist = page.locator('.bk-checklist [lang="de"]').first();
    expect(await checklist.textContent()).toContain('Passfoto');
    await page.goto(`${server.url}/leistungen/personalausweis-beantragen?lang=de`);
    await expect.poll(() => h1(page)).toBe('Personalausweis beantragen');
    expect(await page.locator('[data-german-only-notice]').count()).toBe(0);
  });

  it('lists the services A to Z in German order (Ü with U; the countries are checked in src/core)', async () => {
    const page = await open();
    await page.goto(`${server.url}/leistungen`);
    const names = await page.locator('main li a').allTextContents();
    expect(names.length).toBeGreaterThan(5);
    const sorted = [...names].sort(new Intl.Collator('de', { numeric: true, sensitivity: 'base' }).compare);
    expect(names).toEqual(sorted);
  });
});

describe('booking confirmation (#10)', () => {
  it('shows what, when, where, the calendar file, what to bring and what happens next', async () => {
    const page = await open();
    await page.goto(`${server.url}/termin`);
    await page.getByRole('checkbox', { name: 'Personalausweis beantragen' }).check();
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await page.getByRole('radio', { name: 'Gemeindeverwaltung Schönberg' }).check();
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await page.locator('input[name="day"]').first().check();
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await page.locator('input[name="time"]').first().check();
    await securityCheckPassed(page);
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    const email = `bestaetigung.${Date.now()}@example.org`;
    await page.getByLabel('Ihr Name').fill('Bea Bestätigung (fiktiv)');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await page.getByRole('button', { name: 'Termin verbindlich buchen' }).click();
    await expect.poll(() => h1(page), { timeout: 10_000 }).toBe('Ihr Termin ist gebucht');

    const row = await server.db
      .selectFrom('appointments')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const summary = page.getByTestId('appointment-summary');
    expect(await summary.textContent()).toContain('Personalausweis beantragen');
    const when = new Intl.DateTimeFormat('de-DE', {
      timeZone: 'Europe/Berlin',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    }).format(row.starts_at);
    const time = (d: Date) =>
      new Intl.DateTimeFormat('de-DE', {
        timeZone: 'Europe/Berlin',
        hour: '2-digit',
        minute: '2-digit',
      }).format(d);
    expect(await page.getByTestId('appointment-when').textContent()).toBe(
      `${when}, ${time(row.starts_at)} bis ${time(row.ends_at)} Uhr`,
    );
    const where = await page.getByTestId('appointment-where').textContent();
    expect(where).toContain('Gemeindeverwaltung Schönberg');
    await expect
      .poll(() => page.getByTestId('what-to-bring').textContent())
      .toContain('Ein aktuelles biometrisches Passfoto');
    const next = await page.getByTestId('what-next').textContent();
    expect(next).toContain(email);
    expect(next).toContain('Buchungsnummer');
    await expectAccessible(page, 'confirmation (de)');
    await expectLandmarksAndIds(page, 'confirmation (de)');

    // The calendar file is valid iCalendar with the right time in Berlin and the address.
    const href = await page.getByTestId('add-to-calendar').getAttribute('href');
    const res = await page.request.get(`${server.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(await res.text()));
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.startDate.toJSDate().getTime()).toBe(row.starts_at.getTime());
    expect(event.endDate.toJSDate().getTime()).toBe(row.ends_at.getTime());
    expect(event.summary).toContain('Personalausweis beantragen');
    expect(event.location).toContain('Schönberg');
    expect(event.description).toContain(row.booking_number);

    // In English, with the German-only list of documents marked and announced.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => h1(page)).toBe('Your appointment is booked');
    await expect
      .poll(() => page.getByTestId('what-to-bring').textContent())
      .toContain('available in German only');
    expect(await page.locator('[data-testid="what-to-bring"] ul[lang="de"]').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'confirmation (en)');
  });
});

describe('the terminal in a public place (#10)', () => {
  const secret = { name: 'Zoe Zufall (fiktiv)', email: 'zoe.zufall@example.org' };

  /** Citizen 1 starts a booking on the terminal up to the contact page and types name and e-mail. */
  async function halfFill(page: Page) {
    await page.goto(`${server.url}/terminal`);
    await expect.poll(() => h1(page)).toBe('Bürgerterminal');
    const historyAtStart = await page.evaluate(() => history.length);
    // She switches to English (the choice lands in localStorage and a cookie) …
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => h1(page)).toBe('Citizens’ terminal');
    // … and a feature of the terminal left data in IndexedDB and Cache Storage.
    await page.evaluate(async () => {
      await new Promise<void>((resolve) => {
        const r = indexedDB.open('kiosk-scratch', 1);
        r.onupgradeneeded = () => r.result.createObjectStore('s').put('Zoe Zufall (fiktiv)', 'name');
        r.onsuccess = () => {
          r.result.close();
          resolve();
        };
      });
      await (await caches.open('kiosk-cache')).put('/x', new Response('Zoe Zufall (fiktiv)'));
    });
    await page.getByRole('link', { name: 'Book an appointment' }).click();
    await page.getByRole('checkbox', { name: 'Applying for an identity card' }).check();
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.getByRole('radio', { name: 'Gemeindeverwaltung Schönberg' }).check();
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.locator('input[name="day"]').first().check();
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.locator('input[name="time"]').first().check();
    await securityCheckPassed(page);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await page.getByLabel('Your name').fill(secret.name);
    await page.getByLabel('Email address').fill(secret.email);
    // The browser is told not to remember these for the next person.
    expect(await page.getByLabel('Your name').getAttribute('autocomplete')).toBe('off');
    expect(await page.getByLabel('Email address').getAttribute('autocomplete')).toBe('off');
    // The terminal adds no history entries: Back has nothing of hers to return to.
    expect(await page.evaluate(() => history.length)).toBe(historyAtStart);
    const held = await heldSlots();
    expect(held).toBe(1);
  }

  const heldSlots = async () =>
    Number(
      (
        await server.db
          .selectFrom('appointments')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('channel', '=', 'terminal')
          .where('status', '=', 'held')
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** Citizen 2 steps up: nothing of citizen 1 on screen, in the page's storage, or behind Back. */
  async function expectNothingLeft(page: Page) {
    await expect.poll(() => h1(page), { timeout: 15_000 }).toBe('Bürgerterminal');
    expect(new URL(page.url()).pathname).toBe('/terminal');
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    const html = await page.content();
    for (const v of Object.values(secret)) expect(html).not.toContain(v);
    const left = await page.evaluate(async () => ({
      session: sessionStorage.length,
      local: localStorage.length,
      cookie: document.cookie,
      databases: (await indexedDB.databases()).map((d) => d.name),
      caches: await caches.keys(),
      history: history.length,
    }));
    expect(left).toMatchObject({ session: 0, local: 0, cookie: '', databases: [], caches: [] });
    // Back leaves the terminal's single history entry (to the blank tab it was opened in) …
    await page.goBack();
    expect(page.url()).not.toContain('/terminal/');
    expect(await page.content()).not.toContain(secret.name);
    // … and Forward comes back to a fresh start page.
    await page.goForward();
    await expect.poll(() => h1(page)).toBe('Bürgerterminal');
    expect(await page.locator('input').count()).toBe(0);
    expect(await page.content()).not.toContain(secret.email);
    // The slot she held is free again.
    await expect.poll(heldSlots).toBe(0);
  }

  it('has no way out: every link stays inside /terminal, no staff sign-in, the logo leads to the start', async () => {
    const page = await open();
    for (const path of [
      '/terminal',
      '/terminal/leistungen',
      '/terminal/leistungen/personalausweis-beantragen',
      '/terminal/sprechtage',
      '/terminal/barrierefreiheit',
      '/terminal/impressum',
      '/terminal/datenschutz',
    ]) {
      await page.goto(`${server.url}${path}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      const outside = hrefs.filter((h) => !h.startsWith('/terminal') && !h.startsWith('#'));
      expect(outside, path).toEqual([]);
      expect(await page.locator('header a').first().getAttribute('href')).toBe('/terminal');
    }
  });

  it('asks after inactivity, keeps everything on "Weiter", and wipes everything when nobody answers', async () => {
    server.config.kioskIdleSeconds = 6;
    server.config.kioskCountdownSeconds = 4;
    try {
      const page = await open();
      await halfFill(page);
      // Walks away: the question appears, visible and announced, with "Weiter" focused.
      const dialog = page.getByRole('dialog', { name: 'Are you still there?' });
      await dialog.waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('kiosk-countdown').locator('[aria-live]').textContent()).toMatch(
        /deleted in \d seconds/,
      );
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Continue');
      await expectAccessible(page, 'terminal countdown');
      // Comes back in time: nothing is lost.
      await dialog.getByRole('button', { name: 'Continue', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await page.getByLabel('Your name').inputValue()).toBe(secret.name);
      // Walks away for good.
      await dialog.waitFor({ timeout: 15_000 });
      const first = Number(await page.getByTestId('kiosk-seconds').textContent());
      await expect
        .poll(async () => Number(await page.getByTestId('kiosk-seconds').textContent()))
        .toBeLessThan(first);
      await expectNothingLeft(page);
    } finally {
      server.config.kioskIdleSeconds = 60;
      server.config.kioskCountdownSeconds = 30;
    }
  });

  it('leaves an untouched start page alone (no countdown for nobody)', async () => {
    server.config.kioskIdleSeconds = 1;
    server.config.kioskCountdownSeconds = 1;
    try {
      const page = await open();
      await page.goto(`${server.url}/terminal`);
      await expect.poll(() => h1(page)).toBe('Bürgerterminal');
      const loadedAt = await page.evaluate(() => performance.timeOrigin);
      await page.waitForTimeout(3000);
      expect(await page.getByRole('dialog').count()).toBe(0);
      expect(await page.evaluate(() => performance.timeOrigin)).toBe(loadedAt);
    } finally {
      server.config.kioskIdleSeconds = 60;
      server.config.kioskCountdownSeconds = 30;
    }
  });

  it('wipes everything at once on "Fertig"', async () => {
    const page = await open();
    await halfFill(page);
    await page.getByTestId('kiosk-finish').click();
    await expectNothingLeft(page);
  });
});

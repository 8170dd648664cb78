import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/core/ids';
import { addDays } from '../../src/core/time';
import { SYSTEM_ACTOR } from '../../src/server/modules/audit/service';
import { registerKit } from '../../src/server/modules/kits/service';
import { DEMO } from '../../src/server/modules/places/demo-ids';
import { todayInBerlin } from '../../src/server/modules/schedule/service';
import { expectAccessible, keepArtifactsOnFailure, launchBrowser, newPage } from './support/browser';
import { type E2EServer, signInBrowser, startE2EServer } from './support/server';

/**
 * #14: a coordinator turns a week of demand into accepted tours — proposal, a refused change
 * (the error state), a change of office hours, accept with a double click (one set of office
 * days), the waiting told; in German and English, axe on every state.
 */
let server: E2EServer;
let browser: Browser;
let context: BrowserContext | undefined;
let page: Page | undefined;
const A = DEMO.authorityMeerane;
const WAITING = 'wartend.e2e-tour@example.org';

beforeAll(async () => {
  server = await startE2EServer();
  browser = await launchBrowser();
  await registerKit(server.db, { ...SYSTEM_ACTOR, authorityId: A }, A, {
    name: 'Koffer Nord (Test)',
    municipalityIds: [DEMO.municipalitySchoenberg],
    locationIds: [],
  });
  // A week of demand: people asked for an office day in Köthel and Tettau.
  const rows = [
    ...Array.from({ length: 6 }, () => DEMO.villages.koethel),
    ...Array.from({ length: 3 }, () => DEMO.villages.tettau),
  ].map((villageId) => ({
    id: uuidv7(),
    authority_id: A,
    municipality_id: DEMO.municipalitySchoenberg,
    village_id: villageId,
    email: null,
    phone: null,
    locale: 'de' as const,
    note: null,
  }));
  await server.db.insertInto('demand_signals').values(rows).execute();
  // Someone waits for a full office day at Köthel.
  const day = uuidv7();
  const date = addDays(todayInBerlin(), 2);
  await server.db
    .insertInto('office_days')
    .values({
      id: day,
      authority_id: A,
      location_id: DEMO.locations.koethel,
      series_id: null,
      date,
      start_time: '09:00',
      end_time: '10:00',
      starts_at: new Date(`${date}T08:00:00Z`),
      ends_at: new Date(`${date}T09:00:00Z`),
      desks: 1,
      kit_id: null,
      service_ids: null,
      cancel_reason: null,
      note: null,
    })
    .execute();
  await server.db
    .insertInto('waitlist_entries')
    .values({ id: uuidv7(), authority_id: A, office_day_id: day, email: WAITING, phone: null, locale: 'de' })
    .execute();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
keepArtifactsOnFailure(() => [page]);

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

describe('coordinator: tour planner (#14)', () => {
  it('turns a week of demand into accepted tours', async () => {
    const coordinator = await server.staff('coordinator');
    ({ context, page } = await newPage(browser));
    await signInBrowser(context, server, coordinator);
    const p = page;
    await p.goto(`${server.url}/admin`);
    await p.getByRole('navigation').getByRole('link', { name: 'Tourenplanung' }).first().click();
    await poll(() => p.textContent('h1')).toContain('Tourenplanung');
    await poll(() => p.getByText('Noch kein Vorschlag').count()).toBe(1);
    await expectAccessible(p, 'tour planner, empty');

    await p.getByLabel('Zeitraum').selectOption('2');
    await p.getByRole('button', { name: 'Vorschlag erstellen' }).click();
    await poll(() => p.getByRole('heading', { name: /^Tour 1:/ }).count()).toBe(1);
    await poll(() => p.locator('svg[role="img"] title').textContent()).toBe('Karte der Orte und Touren');
    expect(await p.locator('figcaption').textContent()).toContain(
      'Die Liste unten enthält alle Angaben der Karte',
    );
    const rowsText = await p.locator('main').textContent();
    expect(rowsText).toContain('Köthel');
    expect(rowsText).toContain('Tettau');
    await expectAccessible(p, 'tour planner, proposal');

    // A refused change: a new tour to Köthel, which already is in a tour.
    const option = p.locator('#new-tour-village option', { hasText: /^Köthel \(schon in Tour \d\)$/ });
    await p.getByLabel('Ort der neuen Tour').selectOption((await option.getAttribute('value'))!);
    await p.getByRole('button', { name: 'Tour anlegen' }).click();
    // (on the first working day the kit already drives, so either rule may speak first)
    await poll(() => p.locator('[data-error-summary]').textContent()).toMatch(
      /Ein Ort steht zweimal im Vorschlag|Ein Koffer ist am .* zweimal eingeplant/,
    );
    await expectAccessible(p, 'tour planner, refused change');

    // Köthel gets two hours.
    await p.getByLabel('Dauer in Köthel').selectOption('120');
    await poll(() => p.getByRole('status').textContent()).toContain('Vorschlag geändert');
    await poll(() => p.locator('[data-error-summary]').count()).toBe(0);
    const changed = await p.evaluate(() => fetch('/api/tours/plans/latest').then((r) => r.json()));
    const koethel = changed.plan.proposal.tours
      .flatMap((x: { stops: { villageName: string; startTime: string; endTime: string }[] }) => x.stops)
      .find((s: { villageName: string }) => s.villageName === 'Köthel');
    const mins = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
    expect(mins(koethel.endTime) - mins(koethel.startTime)).toBe(120);
    await expectAccessible(p, 'tour planner, changed');

    // Accept with a hurried double click: one set of office days.
    const before = (
      await server.db.selectFrom('office_days').select('id').where('authority_id', '=', A).execute()
    ).length;
    await p.getByRole('button', { name: 'Vorschlag annehmen und Sprechtage anlegen' }).dblclick();
    await poll(() => p.getByRole('status').textContent()).toMatch(/Angenommen: \d+ Sprechtage angelegt/);
    const accepted = await server.db
      .selectFrom('tour_plans')
      .select(['status', 'office_day_ids'])
      .where('authority_id', '=', A)
      .where('status', '=', 'accepted')
      .execute();
    expect(accepted).toHaveLength(1);
    const stops = changed.plan.proposal.tours.reduce(
      (n: number, x: { stops: unknown[] }) => n + x.stops.length,
      0,
    );
    expect(accepted[0]!.office_day_ids).toHaveLength(stops);
    const after = (
      await server.db.selectFrom('office_days').select('id').where('authority_id', '=', A).execute()
    ).length;
    expect(after - before).toBe(stops);
    const mail = await server.db
      .selectFrom('outbox_messages')
      .select('template')
      .where('recipient', '=', WAITING)
      .execute();
    expect(mail).toEqual([{ template: 'booking.waitlist-new-days' }]);
    expect(await p.getByRole('link', { name: 'Zu den Sprechtagen' }).count()).toBe(1);
    await expectAccessible(p, 'tour planner, accepted');

    // The same page in English.
    await p.getByRole('button', { name: 'English' }).click();
    await poll(() => p.textContent('h1')).toContain('Tour planning');
    await poll(() => p.locator('svg[role="img"] title').textContent()).toBe('Map of villages and tours');
    await expectAccessible(p, 'tour planner, English');
  });
});

import fs from 'node:fs';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeWorkingDay } from '../../src/server/modules/booking/test-support';
import { tempDataDir } from '../../src/server/modules/cases/test-support';
import { DEMO } from '../../src/server/modules/places/demo-ids';
import { todayInBerlin } from '../../src/server/modules/schedule/service';
import {
  expectAccessible,
  FAKE_CAMERA_FLAGS,
  keepArtifactsOnFailure,
  launchBrowser,
  newPage,
  securityCheckPassed,
} from './support/browser';
import { type E2EServer, signInBrowser, startE2EServer } from './support/server';
import { startTurnServer, type TurnServer } from './support/turn';

/**
 * Video consultation at the citizens' terminal (#11), in real Chromium with fake camera and
 * microphone: the terminal and the clerk's desk in two browser contexts (an invited interpreter
 * in a third), signalling through our server, media peer-to-peer — and once through coturn only
 * (iceTransportPolicy 'relay'). axe on every state of both pages.
 */
let server: E2EServer;
let turn: TurnServer;
let browser: Browser;
let terminal: { context: BrowserContext; page: Page };
let desk: { context: BrowserContext; page: Page };
let guest: { context: BrowserContext; page: Page } | undefined;

/** Every RTCPeerConnection of a page, for the test to read its statistics (not part of the app). */
const RECORD_PEER_CONNECTIONS = () => {
  const Original = window.RTCPeerConnection;
  const all: RTCPeerConnection[] = [];
  (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
  window.RTCPeerConnection = function (this: unknown, config?: RTCConfiguration) {
    const pc = new Original(config);
    all.push(pc);
    return pc;
  } as unknown as typeof RTCPeerConnection;
  window.RTCPeerConnection.prototype = Original.prototype;
};

beforeAll(async () => {
  turn = await startTurnServer();
  server = await startE2EServer({
    config: { dataDir: tempDataDir(), turnUrls: [turn.url], turnSecret: turn.secret },
  });
  browser = await launchBrowser(FAKE_CAMERA_FLAGS);
  const permissions = ['camera', 'microphone'];
  terminal = await newPage(browser, { permissions, hasTouch: true, viewport: { width: 1280, height: 1024 } });
  desk = await newPage(browser, { permissions, viewport: { width: 1400, height: 1000 } });
  await terminal.context.addInitScript(RECORD_PEER_CONNECTIONS);
  await desk.context.addInitScript(RECORD_PEER_CONNECTIONS);
  await signInBrowser(desk.context, server, await server.staff('clerk'));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await turn?.stop();
  if (server) fs.rmSync(server.config.dataDir, { recursive: true, force: true });
});
keepArtifactsOnFailure(() => [terminal?.page, desk?.page, guest?.page]);

const poll = <T>(fn: () => T | Promise<T>, timeout = 20_000) => expect.poll(fn, { timeout });
const h1 = (p: Page) => p.locator('h1').first().textContent();

/** A remote video plays: it has a size and its time advances. */
async function playing(p: Page, testId: string): Promise<boolean> {
  return p.evaluate(async (id) => {
    const v = document.querySelector<HTMLVideoElement>(`[data-testid="${id}"]`);
    if (!v || v.videoWidth === 0) return false;
    const t0 = v.currentTime;
    await new Promise((r) => setTimeout(r, 400));
    return v.currentTime > t0 && v.videoWidth > 0;
  }, testId);
}

/** The local candidate type of each connected peer connection's selected pair. */
async function selectedCandidateTypes(p: Page): Promise<string[]> {
  return p.evaluate(async () => {
    const out: string[] = [];
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState !== 'connected') continue;
      const stats = await pc.getStats();
      let pairId: string | undefined;
      stats.forEach((s) => {
        if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
      });
      const pair = pairId ? stats.get(pairId) : undefined;
      const local = pair ? stats.get(pair.localCandidateId) : undefined;
      if (local) out.push(local.candidateType);
    }
    return out;
  });
}

/** Draws a signature with the finger (touch events), as on the terminal's screen. */
async function signByTouch(p: Page, cdp: CDPSession, selector: string) {
  const pad = p.locator(selector).first();
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const y = box.y + box.height / 2;
  const point = (i: number) => ({ x: box.x + 30 + i * 30, y: y + (i % 2 ? 20 : -20) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point(0)] });
  for (let i = 1; i <= 12; i++)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point(i)] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function enrolTerminalInBrowser(p: Page) {
  const coordinator = await server.staff('coordinator');
  const created = await coordinator.post('/api/video/terminals', {
    locationId: DEMO.locations.gemeindeamtSchoenberg,
    name: 'Terminal im Foyer',
  });
  expect(created.statusCode).toBe(201);
  await p.goto(`${server.url}/terminal/einrichten`);
  await poll(() => h1(p)).toBe('Terminal einrichten');
  await p.getByRole('button', { name: 'Terminal einrichten' }).tap();
  await poll(() => p.title()).toMatch(/^Fehler: /);
  await expectAccessible(p, 'terminal set-up with error');
  await p.getByLabel('Einrichtungscode').fill(created.json().code);
  await p.getByRole('button', { name: 'Terminal einrichten' }).tap();
  await poll(() => p.getByRole('status').first().textContent()).toContain('Dieses Terminal ist eingerichtet');
  await expectAccessible(p, 'terminal set-up done');
}

describe('video consultation at the terminal (#11)', () => {
  it('terminal and clerk see and hear each other, write, show a document, fill and sign a pushed form that becomes a case, add an interpreter, survive a dropped network and hang up', async () => {
    const t = terminal.page;
    const d = desk.page;
    const touch = await terminal.context.newCDPSession(t);

    // --- The terminal is set up; no clerk on the video page yet: next video hours and the phone number.
    await enrolTerminalInBrowser(t);
    await t.goto(`${server.url}/terminal`);
    await poll(() => t.getByTestId('video-unavailable').textContent()).toContain('03764 54-0');
    expect(await t.getByTestId('video-unavailable').textContent()).toMatch(
      /Nächste Sprechzeit per Video|heute bis/,
    );
    await expectAccessible(t, 'terminal start, nobody available');

    // --- The clerk opens "Videoberatung" from the staff menu and is available.
    await d.goto(`${server.url}/desk`);
    await d.getByRole('link', { name: 'Videoberatung' }).first().click();
    await poll(() => h1(d)).toBe('Videoberatung');
    await poll(() => d.getByTestId('lobby-status').textContent()).toContain('erreichbar');
    await poll(() => d.getByTestId('lobby-empty').count()).toBe(1);
    await expectAccessible(d, 'desk video, nobody waiting');

    // --- The citizen sees someone is there, consents and calls.
    await poll(() => t.getByTestId('video-available').count(), 25_000).toBe(1);
    await expectAccessible(t, 'terminal start, clerk available');
    await t.getByTestId('video-start').tap();
    await poll(() => h1(t)).toBe('Videoberatung – bevor es losgeht');
    expect(await t.locator('main').textContent()).toContain('Nichts wird aufgezeichnet');
    await expectAccessible(t, 'terminal consent');
    await t.getByTestId('video-consent').tap();
    await poll(() => t.getByTestId('video-waiting').count()).toBe(1);
    await expectAccessible(t, 'terminal waiting');

    // --- The clerk sees the caller (place, walk-in) and answers.
    await poll(() => d.getByTestId('lobby-waiting').textContent()).toContain('Gemeindeverwaltung Schönberg');
    expect(await d.getByTestId('lobby-waiting').textContent()).toContain('ohne Termin');
    await expectAccessible(d, 'desk video, a caller waiting');
    await d.getByTestId('accept-call').click();
    await poll(() => d.getByTestId('desk-call').count()).toBe(1);

    // --- Both remote videos play.
    await poll(() => playing(d, 'remote-video-terminal')).toBe(true);
    await poll(() => playing(t, 'remote-video-clerk')).toBe(true);
    await expectAccessible(t, 'terminal in the call');
    await expectAccessible(d, 'desk in the call');

    // --- Chat both ways, with captions on the picture.
    await t.getByLabel('Ihre Nachricht').fill('Ich höre schlecht, bitte schreiben Sie.');
    await t.getByRole('button', { name: 'Senden', exact: true }).tap();
    await poll(() => d.locator('.bk-chat__log').textContent()).toContain('Ich höre schlecht');
    await poll(() => d.getByTestId('chat-caption').textContent()).toContain('Ich höre schlecht');
    await d.getByLabel('Ihre Nachricht').fill('Gern. Was kann ich für Sie tun?');
    await d.getByRole('button', { name: 'Senden', exact: true }).click();
    await poll(() => t.getByTestId('chat-caption').textContent()).toContain('Was kann ich für Sie tun?');
    // An empty message is an error at the field, not a silent nothing.
    await t.getByRole('button', { name: 'Senden', exact: true }).tap();
    await poll(() => t.getByText('Bitte schreiben Sie zuerst eine Nachricht.').count()).toBeGreaterThan(0);
    await expectAccessible(t, 'terminal chat with an error');

    // --- Microphone and camera off show on the other side.
    await t.getByTestId('toggle-video').tap();
    await poll(() => d.locator('.bk-video-tile__notice').textContent()).toContain('Kamera ausgeschaltet');
    await t.getByTestId('toggle-video').tap();
    await poll(() => d.locator('.bk-video-tile__notice').count()).toBe(0);
    await t.getByTestId('toggle-audio').tap();
    expect(await t.getByTestId('toggle-audio').getAttribute('aria-pressed')).toBe('true');
    await poll(() => d.locator('.bk-video-tile__notice').textContent()).toContain('Mikrofon ausgeschaltet');
    // Muted means the microphone's track sends nothing, not only a label.
    const micSenders = await t.evaluate(() =>
      (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs
        .filter((pc) => pc.connectionState === 'connected')
        .flatMap((pc) => pc.getSenders())
        .filter((s) => s.track?.kind === 'audio')
        .map((s) => s.track!.enabled),
    );
    expect(micSenders.length).toBeGreaterThan(0);
    expect(micSenders.every((enabled) => !enabled)).toBe(true);
    await t.getByTestId('toggle-audio').tap();
    await poll(() => d.locator('.bk-video-tile__notice').count()).toBe(0);

    // --- A still image of the document camera reaches the clerk.
    await t.getByTestId('show-document').tap();
    await poll(() =>
      t.evaluate(
        () =>
          document.querySelector<HTMLVideoElement>('[data-testid="document-camera"] video')?.videoWidth ?? 0,
      ),
    ).toBeGreaterThan(0);
    await expectAccessible(t, 'terminal document camera');
    await t.getByTestId('document-send').tap();
    await poll(() => t.getByTestId('document-status').textContent()).toContain('angekommen');
    await poll(() => d.getByTestId('call-image').count()).toBe(1);
    await t.getByTestId('show-document').tap();

    // --- The clerk pushes a form; the citizen fills and signs it; it comes back as a case.
    await d
      .getByLabel('Leistung')
      .selectOption({ label: 'Übermittlungssperren (Widerspruch gegen Datenweitergabe)' });
    await d.getByLabel('Familienname der Person').fill('Mustermann');
    await d.getByLabel('Geburtsdatum (optional)').fill('1964-08-12');
    await d.getByTestId('push-search').click();
    await d.getByLabel('Mustermann, Erika Johanna (12.08.1964)').check();
    await d.getByTestId('push-send').click();
    await poll(() => t.getByTestId('terminal-form').count()).toBe(1);
    await expectAccessible(t, 'terminal with a pushed form');
    // Sent empty: the same rules as at the desk say what is missing.
    await t.getByTestId('terminal-form-send').tap();
    await poll(() => t.title()).toMatch(/^Fehler: /);
    await expectAccessible(t, 'terminal form with errors');
    await signByTouch(t, touch, '[data-testid="terminal-form"] [data-testid="signature-pad"]');
    await poll(() => t.getByTestId('signature-status').textContent()).toContain(
      'Unterschrift ist gespeichert',
    );
    // A tap right after a stroke can be taken for the second half of a double tap; like a person,
    // the test taps again until the screen shows the result.
    const box = t.getByLabel(/Parteien und Wählergruppen/);
    await poll(async () => {
      if (!(await box.isChecked())) await t.getByText(/Parteien und Wählergruppen/).tap();
      return box.isChecked();
    }).toBe(true);
    await poll(async () => {
      const send = t.getByTestId('terminal-form-send');
      if (await send.count()) await send.tap();
      return t.getByTestId('terminal-form').textContent();
    }).toContain('Gesendet');
    await poll(() => d.getByTestId('received-form').count()).toBe(1);
    await expectAccessible(d, 'desk with the received form');
    await d.getByTestId('capture-case').click();
    await poll(() => t.getByTestId('video-case').textContent()).toMatch(/MEE-\d{4}-\d+/);
    const caseNumber = /MEE-\d{4}-\d+/.exec((await t.getByTestId('video-case').textContent()) ?? '')![0];
    await poll(() => d.locator('main').textContent()).toContain(caseNumber);
    await expectAccessible(t, 'terminal with the case number');
    const row = await server.db
      .selectFrom('cases')
      .select(['channel', 'form_key'])
      .where('number', '=', caseNumber)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ channel: 'terminal', form_key: 'uebermittlungssperre' });

    // --- An interpreter joins by link in a browser.
    await d.getByLabel('Wen laden Sie ein?').selectOption('interpreter');
    await d.getByTestId('invite-create').click();
    const url = await d.getByTestId('invite-url').inputValue();
    expect(url).toContain('/videoberatung/gast#');
    guest = await newPage(browser, { permissions: ['camera', 'microphone'] });
    const g = guest.page;
    await g.goto(url);
    await poll(() => h1(g)).toBe('Einladung zur Videoberatung');
    await poll(() => g.url()).not.toContain('#');
    await expectAccessible(g, 'guest invitation');
    await g.getByTestId('guest-join').click();
    await poll(() => playing(g, 'remote-video-terminal')).toBe(true);
    await poll(() => playing(g, 'remote-video-clerk')).toBe(true);
    await poll(() => playing(t, 'remote-video-guest')).toBe(true);
    await expectAccessible(g, 'guest in the call');
    // The link is spent.
    const again = await newPage(browser);
    await again.page.goto(url);
    await again.page.getByTestId('guest-join').click();
    await poll(() => again.page.title()).toMatch(/^Fehler: /);
    expect(await again.page.locator('main').textContent()).toContain('Einladung ist abgelaufen');
    await expectAccessible(again.page, 'guest with a used link');
    await again.context.close();

    // --- The terminal's network drops: a clear message, then it rejoins the same call.
    await touch.send('Network.enable');
    await touch.send('Network.emulateNetworkConditions', {
      offline: true,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await poll(() => t.getByTestId('video-lost').count(), 30_000).toBe(1);
    await expectAccessible(t, 'terminal with a lost connection');
    await touch.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await t.getByTestId('video-reconnect').tap();
    await poll(() => t.getByTestId('video-call').count()).toBe(1);
    await poll(() => playing(t, 'remote-video-clerk'), 30_000).toBe(true);
    await poll(() => playing(d, 'remote-video-terminal'), 30_000).toBe(true);

    // --- The citizen hangs up: both sides end, the guest too; the terminal wipes itself.
    await t.getByTestId('hang-up').tap();
    await poll(() => t.getByTestId('video-ended').count()).toBe(1);
    expect(await t.getByTestId('video-case').textContent()).toContain(caseNumber);
    await expectAccessible(t, 'terminal after hang-up');
    await poll(() => d.getByTestId('desk-call-ended').count()).toBe(1);
    expect(await d.locator('main').textContent()).toContain('Vorgang angelegt');
    await expectAccessible(d, 'desk after hang-up');
    await poll(() => g.getByTestId('guest-ended').count()).toBe(1);
    await t.getByTestId('video-done').tap();
    await poll(() => t.url()).toBe(`${server.url}/terminal`);
    await poll(() => h1(t)).toBe('Bürgerterminal');
    expect(await t.locator('main').textContent()).not.toContain(caseNumber);
    await d.getByRole('button', { name: 'Zurück zur Liste' }).click();
    await poll(() => d.getByTestId('lobby-empty').count()).toBe(1);

    const call = await server.db
      .selectFrom('video_calls')
      .select(['outcome', 'ended_by', 'guests', 'images'])
      .executeTakeFirstOrThrow();
    expect(call).toEqual({ outcome: 'case', ended_by: 'terminal', guests: 1, images: 1 });
  });

  it('connects through coturn only (iceTransportPolicy relay), in English, and the clerk’s hang-up ends the terminal’s call', async () => {
    server.config.turnRelayOnly = true;
    await guest?.context.close();
    guest = undefined;
    const t = terminal.page;
    const d = desk.page;
    await t.goto(`${server.url}/terminal?lang=en`);
    await poll(() => t.getByTestId('video-available').count(), 25_000).toBe(1);
    await expectAccessible(t, 'terminal start (en)');
    await t.getByTestId('video-start').tap();
    await poll(() => h1(t)).toBe('Video consultation – before we start');
    await expectAccessible(t, 'terminal consent (en)');
    await t.getByTestId('video-consent').tap();
    await poll(() => t.getByTestId('video-waiting').count()).toBe(1);

    await d.goto(`${server.url}/desk/videoberatung?lang=en`);
    await poll(() => d.getByTestId('lobby-waiting').textContent()).toContain('English');
    await expectAccessible(d, 'desk video (en), a caller waiting');
    await d.getByTestId('accept-call').click();
    await poll(() => playing(d, 'remote-video-terminal')).toBe(true);
    await poll(() => playing(t, 'remote-video-clerk')).toBe(true);
    expect(await selectedCandidateTypes(t)).toEqual(['relay']);
    expect(await selectedCandidateTypes(d)).toEqual(['relay']);
    await expectAccessible(t, 'terminal in the call (en)');
    await expectAccessible(d, 'desk in the call (en)');

    await d.getByTestId('hang-up').click();
    await poll(() => t.getByTestId('video-ended').count()).toBe(1);
    expect(await h1(t)).toBe('The call has ended');
    await poll(() => d.getByTestId('desk-call-ended').count()).toBe(1);
    expect(await d.locator('main').textContent()).toContain('Outcome: advice');
    // Left alone, the ended page wipes the terminal by itself.
    await poll(() => t.url(), 30_000).toBe(`${server.url}/terminal`);
    server.config.turnRelayOnly = false;
  });

  it('books video hours in the portal and starts the booked call at the terminal with the booking number', async () => {
    // --- The coordinator plans video hours at the terminal's location.
    const date = freeWorkingDay(7, 2);
    const admin = await newPage(browser);
    await signInBrowser(admin.context, server, await server.staff('coordinator'));
    const a = admin.page;
    await a.goto(`${server.url}/admin/sprechtage`);
    await poll(() => h1(a)).toBe('Sprechtage');
    await a
      .getByLabel('Standort', { exact: true })
      .last()
      .selectOption({ label: 'Gemeindeverwaltung Schönberg' });
    await a.getByLabel('Datum (erster Tag)').fill(date);
    await a.getByLabel('Beginn').fill('09:00');
    await a.getByLabel('Ende').fill('10:00');
    await a.getByRole('radio', { name: 'Per Video am Bürgerterminal dieses Standorts' }).check();
    await expectAccessible(a, 'planning video hours');
    await a.getByRole('button', { name: 'Sprechtage planen' }).click();
    await poll(() => a.getByRole('status').first().textContent()).toMatch(/1 Sprechtag/);
    await admin.context.close();
    const { id: dayId } = await server.db
      .selectFrom('office_days')
      .select('id')
      .where('location_id', '=', DEMO.locations.gemeindeamtSchoenberg)
      .where('date', '=', date)
      .where('mode', '=', 'video')
      .where('start_time', '=', '09:00')
      .executeTakeFirstOrThrow();

    // --- The citizen books in the portal; the day says it is by video at the terminal.
    const citizen = await newPage(browser);
    const p = citizen.page;
    await p.goto(`${server.url}/termin`);
    await poll(() => h1(p)).toBe('Wofür möchten Sie einen Termin buchen?');
    await p.getByRole('checkbox', { name: 'Meldebescheinigung' }).check();
    await p.getByRole('button', { name: 'Weiter', exact: true }).click();
    await poll(() => p.locator('input[name="location"]').count()).toBeGreaterThan(0);
    await p.getByRole('radio', { name: /Gemeindeverwaltung Schönberg/ }).check();
    await p.getByRole('button', { name: 'Weiter', exact: true }).click();
    await poll(() => h1(p)).toBe('An welchem Tag möchten Sie kommen?');
    // The demo's weekly video hours and the in-person office days at the same place: each says which.
    const videoDay = p.locator(`input[name="day"][value="${dayId}"]`);
    expect(await videoDay.count()).toBe(1);
    const labelOf = (id: string) => p.locator(`label[for="${id}"]`).textContent();
    expect(await labelOf((await videoDay.getAttribute('id'))!)).toContain('per Video am Bürgerterminal');
    const names = await p
      .locator('input[name="day"]')
      .evaluateAll((inputs) =>
        inputs.map((i) => document.querySelector(`label[for="${i.id}"]`)?.textContent ?? ''),
      );
    expect(names.some((n) => !n.includes('per Video'))).toBe(true);
    await expectAccessible(p, 'portal day with video hours');
    await videoDay.check();
    await p.getByRole('button', { name: 'Weiter', exact: true }).click();
    await poll(() => h1(p)).toBe('Um wie viel Uhr möchten Sie kommen?');
    await p.locator('input[name="time"]').first().check();
    await securityCheckPassed(p);
    await p.getByRole('button', { name: 'Weiter', exact: true }).click();
    await poll(() => h1(p)).toBe('Wie können wir Sie erreichen?');
    await p.getByLabel('Ihr Name').fill('Erika Mustermann (fiktiv)');
    await p.getByLabel('E-Mail-Adresse').fill('erika.video@example.org');
    await p.getByRole('button', { name: 'Weiter', exact: true }).click();
    await poll(() => h1(p)).toBe('Prüfen Sie Ihre Angaben');
    await p.getByRole('button', { name: 'Termin verbindlich buchen' }).click();
    await poll(() => h1(p)).toBe('Ihr Termin ist gebucht');
    expect(await p.getByTestId('appointment-video').textContent()).toBe('Per Video am Bürgerterminal');
    expect(await p.getByTestId('what-next').textContent()).toContain('Buchungsnummer ein');
    await expectAccessible(p, 'portal confirmation of a video appointment');
    const number = (await p.getByTestId('booking-number').textContent())!.trim();
    await citizen.context.close();

    // --- The day has come (the clock cannot be set): the video hours and the appointment move to now.
    const appointment = await server.db
      .selectFrom('appointments')
      .select(['id', 'starts_at', 'ends_at', 'office_day_id'])
      .where('booking_number', '=', number)
      .executeTakeFirstOrThrow();
    expect(appointment.office_day_id).toBe(dayId);
    const shift = Date.now() + 10 * 60_000 - appointment.starts_at.getTime();
    const moved = (d: Date) => new Date(d.getTime() + shift);
    const day = await server.db
      .selectFrom('office_days')
      .select(['starts_at', 'ends_at'])
      .where('id', '=', dayId)
      .executeTakeFirstOrThrow();
    await server.db
      .updateTable('office_days')
      .set({ date: todayInBerlin(), starts_at: moved(day.starts_at), ends_at: moved(day.ends_at) })
      .where('id', '=', dayId)
      .execute();
    await server.db
      .updateTable('appointments')
      .set({ starts_at: moved(appointment.starts_at), ends_at: moved(appointment.ends_at) })
      .where('id', '=', appointment.id)
      .execute();

    // --- At the terminal: "I have a video appointment", a wrong number is an error at the field.
    const t = terminal.page;
    const d = desk.page;
    await d.goto(`${server.url}/desk/videoberatung`);
    await poll(() => d.getByTestId('lobby-empty').count()).toBe(1);
    await t.goto(`${server.url}/terminal`);
    await poll(() => t.getByTestId('video-booked').count(), 25_000).toBe(1);
    await t.getByTestId('video-booked').tap();
    await poll(() => h1(t)).toBe('Videoberatung – bevor es losgeht');
    await t.getByLabel(/Buchungsnummer/).fill('T-2222-2222');
    await t.getByTestId('video-consent').tap();
    await poll(() => t.title()).toMatch(/^Fehler: /);
    expect(await t.locator('[data-error-summary]').textContent()).toContain('Bitte prüfen Sie die Nummer');
    await expectAccessible(t, 'terminal with a wrong booking number');
    await t.getByLabel(/Buchungsnummer/).fill(number.toLowerCase());
    await t.getByTestId('video-consent').tap();
    await poll(() => t.getByTestId('video-waiting').count()).toBe(1);
    expect(await t.locator('main').textContent()).toContain('Ihr Termin ist gefunden');
    await expectAccessible(t, 'terminal waiting with a booking');

    // --- The clerk sees a booked caller with the booked service (no name) and answers.
    await poll(() => d.getByTestId('lobby-waiting').textContent()).toContain('Meldebescheinigung');
    const waiting = (await d.getByTestId('lobby-waiting').textContent())!;
    expect(waiting).toContain('Termin');
    expect(waiting).not.toContain('Erika');
    await expectAccessible(d, 'desk video, a booked caller waiting');
    await d.getByTestId('accept-call').click();
    await poll(() => playing(d, 'remote-video-terminal')).toBe(true);
    await poll(() => playing(t, 'remote-video-clerk')).toBe(true);
    await t.getByTestId('hang-up').tap();
    await poll(() => d.getByTestId('desk-call-ended').count()).toBe(1);
    await t.getByTestId('video-done').tap();
    await poll(() => t.url()).toBe(`${server.url}/terminal`);
    const row = await server.db
      .selectFrom('appointments')
      .select('status')
      .where('id', '=', appointment.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('attended');
  });

  it('shows the calls’ metadata on the evaluation page beside the other channels, in German and English', async () => {
    const evaluation = await newPage(browser);
    await signInBrowser(evaluation.context, server, await server.staff('evaluator'));
    const e = evaluation.page;
    await e.goto(`${server.url}/admin/auswertung`);
    const section = e.getByTestId('stats-video');
    await poll(() => section.count()).toBe(1);
    expect(await e.locator('#video-stats-title').textContent()).toBe('Videoberatung am Bürgerterminal');
    // Three calls above at one place: all answered, one booked, one ended with a case.
    const cells = async (name: RegExp) => section.getByRole('row', { name }).locator('td').allTextContents();
    expect((await cells(/Gemeindeverwaltung Schönberg/)).slice(0, 6)).toEqual(['3', '1', '3', '1', '0', '0']);
    expect((await cells(/Alle Terminals/)).slice(0, 6)).toEqual(['3', '1', '3', '1', '0', '0']);
    await expectAccessible(e, 'evaluation with video calls');
    await e.goto(`${server.url}/admin/auswertung?lang=en`);
    await poll(() => e.locator('#video-stats-title').textContent()).toBe(
      'Video consultation at the citizens’ terminal',
    );
    expect(await section.getByRole('columnheader').allTextContents()).toContain('Waiting time (median, min)');
    await expectAccessible(e, 'evaluation with video calls (en)');
    await evaluation.context.close();
  });
});

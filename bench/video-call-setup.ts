/**
 * Call set-up time of the video consultation (#11): from the clerk's click on "Anruf annehmen"
 * to the first decoded remote frame — on the clerk's screen and on the terminal's — on the direct
 * path (peer-to-peer over loopback) and through coturn only (iceTransportPolicy 'relay').
 *
 *   npm run bench -- video-call-setup            (VIDEO_RUNS=5 calls per path by default)
 *
 * Builds the web apps (vite build), starts the server on a fresh embedded database with the demo
 * data, Debian's coturn on a free port (as the e2e does) and Debian's Chromium with a fake camera
 * and microphone: the terminal and the clerk in two browser contexts. Both paths run in the same
 * run, alternating, so the direct path is the baseline of the relay figure. Everything runs on one
 * machine: the figures are the set-up cost of our signalling, ICE and TURN allocation, not of a
 * real network's latency.
 *
 * The last line is JSON: setup_ms_direct_median, setup_ms_turn_median (the later of the two sides'
 * first frame, median over the runs), per-side medians, p95 and the run count.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { SESSION_COOKIE } from '../src/server/http/auth';
import { DEMO } from '../src/server/modules/places/demo-ids';
import { enrolTerminal } from '../src/server/modules/video/test-support';
import { seedDatabase } from '../src/server/seed/seed';
import { createStaffSession } from '../src/server/test/test-app';
import { CHROMIUM, CHROMIUM_FLAGS, FAKE_CAMERA_FLAGS } from '../test/e2e/support/browser';
import { startTurnServer } from '../test/e2e/support/turn';

const RUNS = Math.max(1, Number(process.env.VIDEO_RUNS ?? 5));

if (!fs.existsSync('dist/web/index.html')) {
  const build = spawnSync(path.resolve('node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('vite build failed');
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-bench-video-'));
const turn = await startTurnServer();
const database = await openDatabase({});
await migrateToLatest(database.db);
const config = {
  ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', BUILD_WEB_ON_START: 'false' }),
  dataDir,
  seedDemo: true,
  turnUrls: [turn.url],
  turnSecret: turn.secret,
};
await seedDatabase(database.db, config);
const app = await buildApp(config, database);
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const url = address.replace('127.0.0.1', 'localhost');
config.publicUrl = url;

let browser: Browser | undefined;
try {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_FLAGS, ...FAKE_CAMERA_FLAGS],
    headless: true,
  });
  const permissions = ['camera', 'microphone'];
  const coordinator = await createStaffSession(database.db, app, ['coordinator']);
  const clerk = await createStaffSession(database.db, app, ['clerk']);
  const deskContext = await browser.newContext({ permissions, viewport: { width: 1400, height: 1000 } });
  await deskContext.addCookies([
    { name: SESSION_COOKIE, value: clerk.cookie!, url, httpOnly: true, sameSite: 'Strict' },
  ]);
  const desk = await deskContext.newPage();
  await desk.goto(`${url}/desk/videoberatung`);
  await desk.getByTestId('lobby-empty').waitFor();

  /** A fresh terminal device per path: the per-device rate limit of call starts stays out of the way. */
  async function terminalPage(name: string): Promise<Page> {
    const device = await enrolTerminal({ app }, coordinator, DEMO.locations.gemeindeamtSchoenberg, name);
    const [cookieName, value] = device.cookie.split('=') as [string, string];
    const context = await browser!.newContext({
      permissions,
      hasTouch: true,
      viewport: { width: 1280, height: 1024 },
    });
    await context.addCookies([{ name: cookieName, value, url, httpOnly: true, sameSite: 'Strict' }]);
    return context.newPage();
  }
  const terminals = { direct: await terminalPage('Bench direkt'), turn: await terminalPage('Bench TURN') };

  const firstFrame = (p: Page, testId: string) =>
    p.waitForFunction(
      (id) => {
        const v = document.querySelector<HTMLVideoElement>(`[data-testid="${id}"]`);
        return !!v && v.videoWidth > 0 && v.readyState >= 2;
      },
      testId,
      { polling: 'raf', timeout: 30_000 },
    );

  async function oneCall(mode: 'direct' | 'turn') {
    config.turnRelayOnly = mode === 'turn';
    const t = terminals[mode];
    await t.goto(`${url}/terminal/videoberatung`);
    await t.getByTestId('video-consent').tap();
    await t.getByTestId('video-waiting').waitFor();
    await desk.getByTestId('accept-call').waitFor();
    const start = performance.now();
    await desk.getByTestId('accept-call').click();
    const [deskMs, terminalMs] = await Promise.all([
      firstFrame(desk, 'remote-video-terminal').then(() => performance.now() - start),
      firstFrame(t, 'remote-video-clerk').then(() => performance.now() - start),
    ]);
    await desk.getByTestId('hang-up').click();
    await desk.getByTestId('desk-call-ended').waitFor();
    await t.getByTestId('video-ended').waitFor();
    await desk.getByRole('button', { name: 'Zurück zur Liste' }).click();
    await desk.getByTestId('lobby-empty').waitFor();
    return { deskMs, terminalMs, bothMs: Math.max(deskMs, terminalMs) };
  }

  const results: Record<'direct' | 'turn', { deskMs: number; terminalMs: number; bothMs: number }[]> = {
    direct: [],
    turn: [],
  };
  await oneCall('direct'); // warm-up: first page loads and camera start are not call set-up
  for (let i = 0; i < RUNS; i++) {
    for (const mode of ['direct', 'turn'] as const) {
      const r = await oneCall(mode);
      results[mode].push(r);
      console.log(
        `${mode.padEnd(6)} run ${i + 1}: clerk sees terminal ${r.deskMs.toFixed(0)} ms, terminal sees clerk ${r.terminalMs.toFixed(0)} ms`,
      );
    }
  }

  const quantile = (xs: number[], q: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return Math.round(s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))]!);
  };
  const figures = (mode: 'direct' | 'turn') => ({
    both: quantile(
      results[mode].map((r) => r.bothMs),
      0.5,
    ),
    desk: quantile(
      results[mode].map((r) => r.deskMs),
      0.5,
    ),
    terminal: quantile(
      results[mode].map((r) => r.terminalMs),
      0.5,
    ),
    p95: quantile(
      results[mode].map((r) => r.bothMs),
      0.95,
    ),
  });
  const direct = figures('direct');
  const relay = figures('turn');
  console.log(`\nclick "Anruf annehmen" → first remote frame on both screens (median of ${RUNS}):`);
  console.log(`  direct (baseline): ${direct.both} ms   (p95 ${direct.p95} ms)`);
  console.log(`  through coturn:    ${relay.both} ms   (p95 ${relay.p95} ms)`);
  console.log(
    JSON.stringify({
      setup_ms_direct_median: direct.both,
      setup_ms_turn_median: relay.both,
      setup_ms_direct_p95: direct.p95,
      setup_ms_turn_p95: relay.p95,
      setup_ms_direct_clerk_median: direct.desk,
      setup_ms_direct_terminal_median: direct.terminal,
      setup_ms_turn_clerk_median: relay.desk,
      setup_ms_turn_terminal_median: relay.terminal,
      runs: RUNS,
    }),
  );
} finally {
  await browser?.close();
  await app.close();
  await database.close();
  await turn.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

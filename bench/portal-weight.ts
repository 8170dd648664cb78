/**
 * Portal weight on a village's mobile link (#10 point 8): what the first visit of the home page
 * transfers, and Lighthouse 12.2.3 (mobile, simulated slow 4G and a 4× slower CPU — Lighthouse's
 * default) on the home page and a service page.
 *
 *   npm run bench -- portal-weight
 *   BENCH_URL=http://localhost:8080 npm run bench -- portal-weight    (measure a running server)
 *
 * Without BENCH_URL it builds the web apps (vite build), starts the server on a fresh embedded
 * database with the demo data and measures there. Each page is measured twice in the same run:
 * - baseline: the same server and build, fetched with "Accept-Encoding: identity", i.e. without
 *   any compression (what the portal sent before #10: no Brotli, no gzip);
 * - after: as a browser fetches it (Brotli).
 * Lighthouse runs LIGHTHOUSE_RUNS times per page (default 3) and reports the median score.
 * Chromium is Debian's (/usr/bin/chromium) with the flags of shared/TESTING.md.
 *
 * The last line is JSON: bytes_first_visit, js_bytes_gz, lighthouse_home, lighthouse_service
 * (the "after" figures), plus the baseline figures and the goals.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../test/e2e/support/browser';

const SERVICE_PATH = '/leistungen/personalausweis-beantragen';
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3));
const GOALS = { bytes_first_visit: 150 * 1024, lighthouse: 95, cls: 0.05 };

interface Visit {
  total: number;
  byType: Record<string, number>;
  jsUrls: string[];
}

/** Bytes on the wire (headers and bodies, as received) of a first visit with an empty cache. */
async function firstVisit(url: string, compressed: boolean): Promise<Visit> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  try {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (!compressed)
      await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
    const types = new Map<string, { type: string; url: string }>();
    const visit: Visit = { total: 0, byType: {}, jsUrls: [] };
    cdp.on('Network.responseReceived', (e) => types.set(e.requestId, { type: e.type, url: e.response.url }));
    cdp.on('Network.loadingFinished', (e) => {
      const info = types.get(e.requestId);
      const type = info?.type ?? 'Other';
      visit.total += e.encodedDataLength;
      visit.byType[type] = (visit.byType[type] ?? 0) + e.encodedDataLength;
      if (type === 'Script' && info) visit.jsUrls.push(info.url);
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    await context.close();
    return visit;
  } finally {
    await browser.close();
  }
}

/**
 * The gzip size of the scripts a page loads: as the server sends them to a browser that accepts
 * only gzip, or — from a server that does not compress — their size gzipped here (level 9, as the
 * build does), so that builds can be compared.
 */
async function gzipBytes(urls: string[]): Promise<number> {
  let sum = 0;
  for (const url of urls) {
    const res = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
    const sent = res.headers.get('content-encoding') === 'gzip' ? res.headers.get('content-length') : null;
    const body = Buffer.from(await res.arrayBuffer()); // fetch has decoded it
    sum += sent ? Number(sent) : zlib.gzipSync(body, { level: 9 }).length;
  }
  return sum;
}

interface LighthouseFigures {
  score: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  si: number;
  bytes: number;
}

async function runLighthouse(url: string, compressed: boolean): Promise<LighthouseFigures> {
  const runs: LighthouseFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: CHROMIUM_FLAGS,
      userDataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'bk-lh-')),
    });
    try {
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance'],
        ...(compressed ? {} : { extraHeaders: { 'Accept-Encoding': 'identity' } }),
      });
      const lhr = result!.lhr;
      const n = (id: string) => Number(lhr.audits[id]?.numericValue ?? Number.NaN);
      runs.push({
        score: Math.round((lhr.categories.performance?.score ?? 0) * 100),
        fcp: n('first-contentful-paint'),
        lcp: n('largest-contentful-paint'),
        tbt: n('total-blocking-time'),
        cls: n('cumulative-layout-shift'),
        si: n('speed-index'),
        bytes: n('total-byte-weight'),
      });
    } finally {
      chrome.kill();
    }
  }
  runs.sort((a, b) => a.score - b.score);
  return runs[Math.floor(runs.length / 2)]!;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${Math.round(n)} ms`;

async function startServer(): Promise<{ base: string; stop(): Promise<void> }> {
  console.log('building the web apps (vite build) …');
  const build = spawnSync(path.resolve('node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('vite build failed');
  const { loadConfig } = await import('../src/server/config');
  const { openDatabase } = await import('../src/server/db/connection');
  const { migrateToLatest } = await import('../src/server/db/migrate');
  const { seedDatabase } = await import('../src/server/seed/seed');
  const { buildApp } = await import('../src/server/app');
  const handle = await openDatabase({});
  await migrateToLatest(handle.db);
  await seedDatabase(handle.db, { seedDemo: true });
  const config = {
    ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', BUILD_WEB_ON_START: 'false' }),
  };
  const app = await buildApp(config, handle);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    base: address.replace('127.0.0.1', 'localhost'),
    async stop() {
      await app.close();
      await handle.close();
    },
  };
}

const external = process.env.BENCH_URL?.replace(/\/$/, '');
const server = external ? { base: external, stop: async () => {} } : await startServer();
try {
  const home = `${server.base}/`;
  const service = `${server.base}${SERVICE_PATH}`;
  console.log(
    `measuring ${server.base} (load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
  );
  // Warm the server (lazy renderer, first queries) so that neither variant pays for it.
  for (const url of [home, service]) await fetch(url, { headers: { accept: 'text/html' } });

  const before = await firstVisit(home, false);
  const after = await firstVisit(home, true);
  const jsGz = await gzipBytes(after.jsUrls);
  console.log('\nfirst visit of / (empty cache, bytes on the wire incl. headers)');
  console.log(`  ${'type'.padEnd(12)}${'baseline'.padStart(12)}${'after'.padStart(12)}`);
  for (const type of [...new Set([...Object.keys(before.byType), ...Object.keys(after.byType)])].sort())
    console.log(
      `  ${type.padEnd(12)}${kb(before.byType[type] ?? 0).padStart(12)}${kb(after.byType[type] ?? 0).padStart(12)}`,
    );
  console.log(`  ${'total'.padEnd(12)}${kb(before.total).padStart(12)}${kb(after.total).padStart(12)}`);
  console.log(`  scripts loaded: ${after.jsUrls.length}, gzip ${kb(jsGz)}`);

  const lh: Record<string, { baseline: LighthouseFigures; after: LighthouseFigures }> = {};
  for (const [name, url] of [
    ['home', home],
    ['service', service],
  ] as const) {
    lh[name] = { baseline: await runLighthouse(url, false), after: await runLighthouse(url, true) };
  }
  console.log(`\nLighthouse 12.2.3, mobile, median of ${RUNS} run(s)`);
  console.log(
    `  ${'page'.padEnd(18)}${'score'.padStart(7)}${'FCP'.padStart(9)}${'LCP'.padStart(9)}${'TBT'.padStart(8)}${'CLS'.padStart(7)}${'SI'.padStart(9)}${'bytes'.padStart(11)}`,
  );
  for (const [name, v] of Object.entries(lh))
    for (const [variant, f] of Object.entries(v))
      console.log(
        `  ${`${name} ${variant}`.padEnd(18)}${String(f.score).padStart(7)}${ms(f.fcp).padStart(9)}${ms(f.lcp).padStart(9)}${ms(f.tbt).padStart(8)}${f.cls.toFixed(3).padStart(7)}${ms(f.si).padStart(9)}${kb(f.bytes).padStart(11)}`,
      );
  const result = {
    bytes_first_visit: after.total,
    js_bytes_gz: jsGz,
    lighthouse_home: lh.home!.after.score,
    lighthouse_service: lh.service!.after.score,
    cls_home: lh.home!.after.cls,
    cls_service: lh.service!.after.cls,
    baseline_uncompressed: {
      bytes_first_visit: before.total,
      lighthouse_home: lh.home!.baseline.score,
      lighthouse_service: lh.service!.baseline.score,
    },
    goals_met:
      after.total <= GOALS.bytes_first_visit &&
      lh.home!.after.score >= GOALS.lighthouse &&
      lh.service!.after.score >= GOALS.lighthouse &&
      lh.home!.after.cls < GOALS.cls &&
      lh.service!.after.cls < GOALS.cls,
    load_average: os.loadavg()[0],
  };
  console.log(JSON.stringify(result));
} finally {
  await server.stop();
}

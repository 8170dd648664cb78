/**
 * Catalogue search benchmark (#3): p50/p95 latency and requests per second of
 * GET /api/catalog/search over real HTTP on a listening server, on the seeded catalogue and on a
 * generated catalogue of 1,500 services (the size of Saxony's Amt24), next to the same server's
 * /health throughput. The load comes from a worker thread (its own event loop) with keep-alive.
 *
 *   npm run bench -- catalog-search
 *   BENCH_DATABASE_URL=postgres://bk:bk@127.0.0.1:5432/postgres npm run bench -- catalog-search
 *
 * PGlite (embedded) by default; with BENCH_DATABASE_URL a scratch database is created on that
 * server and dropped afterwards. The last line is JSON for the 1,500-service catalogue.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { type DatabaseHandle, openDatabase } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { inTransaction } from '../src/server/db/transaction';
import { SYSTEM_ACTOR } from '../src/server/modules/audit/service';
import { applyImport, checkImportEntries } from '../src/server/modules/catalog/transfer';
import { DEMO } from '../src/server/modules/places/demo-ids';
import { seedDatabase } from '../src/server/seed/seed';
import { generateServices } from './support/catalog-generator';

const TARGET_SERVICES = 1500;
const LATENCY_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 800);
const THROUGHPUT_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

/** What people type (the search-quality table of #3 and more), cycled through. */
const QUERIES = [
  'perso',
  'personalausweiß',
  'Personalausweis beantragen',
  'neuer ausweis',
  'reisepas',
  'reisepass express',
  'pass verloren',
  'fürungszeugnis',
  'polizeiliches führungszeugnis',
  'ich ziehe um',
  'wohnung anmelden',
  'umzug',
  'auswandern',
  'hund anmelden',
  'hundesteur',
  'meldebescheinigung',
  'beglaubigen',
  'gewerbe anmelden',
  'briefwahl',
  'fundbüro',
  'wohngeld',
  'pin vergessen',
  'adresse im ausweis ändern',
  'ausweis',
  'beantragen',
  'baugenehmigung',
  'kita platz',
  'passport',
  'certificate of good conduct',
  'xylophon',
];

// ---- the database, the server and the load -----------------------------------------------------

async function openBenchDatabase(label: string): Promise<{ handle: DatabaseHandle; drop(): Promise<void> }> {
  const admin = process.env.BENCH_DATABASE_URL;
  if (!admin) {
    const handle = await openDatabase({});
    return { handle, drop: async () => {} };
  }
  const name = `bk_bench_${label}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database "${name}"`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolMax: 10 });
  return {
    handle,
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
function get(url) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.get(url, { agent, headers: { accept: 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ok: res.statusCode === 200, ms: performance.now() - started }));
    });
    req.on('error', () => resolve({ ok: false, ms: performance.now() - started }));
  });
}
parentPort.on('message', async (job) => {
  let errors = 0;
  if (job.mode === 'latency') {
    const ms = [];
    for (let i = 0; i < job.n; i++) {
      const r = await get(job.urls[i % job.urls.length]);
      if (!r.ok) errors++;
      ms.push(r.ms);
    }
    parentPort.postMessage({ ms, errors });
  } else {
    let done = 0;
    let i = 0;
    const deadline = performance.now() + job.durationMs;
    const started = performance.now();
    await Promise.all(Array.from({ length: job.concurrency }, async () => {
      while (performance.now() < deadline) {
        const r = await get(job.urls[i++ % job.urls.length]);
        if (!r.ok) errors++;
        done++;
      }
    }));
    parentPort.postMessage({ rps: done / ((performance.now() - started) / 1000), errors });
  }
});
`;

type LoadResult = { ms?: number[]; rps?: number; errors: number };

function runJob(worker: Worker, job: Record<string, unknown>): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.postMessage(job);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

interface Figures {
  services: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  rps: number;
  health_rps: number;
  ratio: number;
  errors: number;
}

async function measure(extra: number): Promise<Figures> {
  const label = extra ? 'large' : 'seed';
  const { handle, drop } = await openBenchDatabase(label);
  try {
    await migrateToLatest(handle.db);
    await seedDatabase(handle.db, { seedDemo: false });
    const existing = await handle.db.selectFrom('catalog_published').select('slug').execute();
    if (extra > 0) {
      const generated = generateServices(extra - existing.length, new Set(existing.map((r) => r.slug)));
      const { entries, problems } = checkImportEntries(
        generated.map((content) => ({ content })),
        'de',
      );
      if (problems.length) throw new Error(`generated catalogue invalid: ${JSON.stringify(problems[0])}`);
      const actor = { ...SYSTEM_ACTOR, authorityId: DEMO.authorityMeerane };
      await inTransaction(handle.db, (trx) =>
        applyImport(trx, actor, DEMO.authorityMeerane, entries, true, 'de'),
      );
    }
    const services = Number(
      (
        await handle.db
          .selectFrom('catalog_published')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const config = {
      ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', BUILD_WEB_ON_START: 'false' }),
      publicRateLimitPerMinute: 1_000_000,
    };
    const app = await buildApp(config, handle);
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    try {
      const searchUrls = QUERIES.map(
        (q) => `${address}/api/catalog/search?q=${encodeURIComponent(q)}&channel=api`,
      );
      await runJob(worker, { mode: 'latency', urls: searchUrls, n: 150 }); // warm-up
      const latency = await runJob(worker, { mode: 'latency', urls: searchUrls, n: LATENCY_REQUESTS });
      const sorted = [...latency.ms!].sort((a, b) => a - b);
      const search = await runJob(worker, {
        mode: 'throughput',
        urls: searchUrls,
        concurrency: CONCURRENCY,
        durationMs: THROUGHPUT_MS,
      });
      const health = await runJob(worker, {
        mode: 'throughput',
        urls: [`${address}/health`],
        concurrency: CONCURRENCY,
        durationMs: THROUGHPUT_MS,
      });
      return {
        services,
        p50_ms: round(percentile(sorted, 50)),
        p95_ms: round(percentile(sorted, 95)),
        p99_ms: round(percentile(sorted, 99)),
        rps: round(search.rps!, 1),
        health_rps: round(health.rps!, 1),
        ratio: round(search.rps! / health.rps!, 3),
        errors: latency.errors + search.errors + health.errors,
      };
    } finally {
      await worker.terminate();
      await app.close();
    }
  } finally {
    await handle.close();
    await drop();
  }
}

const kind = process.env.BENCH_DATABASE_URL ? 'PostgreSQL server' : 'PGlite (embedded)';
console.log(
  `catalogue search benchmark — ${kind}, Node ${process.version}, ${os.cpus().length} CPUs, ` +
    `${LATENCY_REQUESTS} sequential requests for latency, ${CONCURRENCY} concurrent for ${THROUGHPUT_MS / 1000} s for throughput`,
);
console.log('services  p50_ms  p95_ms  p99_ms      rps  health_rps   ratio  errors');
const results: Figures[] = [];
for (const extra of [0, TARGET_SERVICES]) {
  const f = await measure(extra);
  results.push(f);
  console.log(
    `${String(f.services).padStart(8)}  ${f.p50_ms.toFixed(2).padStart(6)}  ${f.p95_ms.toFixed(2).padStart(6)}  ${f.p99_ms
      .toFixed(2)
      .padStart(6)}  ${f.rps.toFixed(1).padStart(7)}  ${f.health_rps.toFixed(1).padStart(10)}  ${f.ratio
      .toFixed(3)
      .padStart(6)}  ${String(f.errors).padStart(6)}`,
  );
}
const large = results[results.length - 1]!;
console.log(
  JSON.stringify({
    services: large.services,
    p50_ms: large.p50_ms,
    p95_ms: large.p95_ms,
    rps: large.rps,
    health_rps: large.health_rps,
    ratio: large.ratio,
  }),
);

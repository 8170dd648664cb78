import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppConfig } from '../config';
import type { DatabaseHandle } from '../db/connection';
import { withInstallation } from '../db/scope';

/** Scrapes read the database at most this often; in between they get the last figures. */
const DB_FIGURES_TTL_MS = 5_000;

interface DbFigures {
  jobs: Array<{ status: string; n: number }>;
  oldestPendingSeconds: number;
  outbox: Array<{ authority: string; n: number }>;
  kitsPending: Array<{ authority: string; n: number }>;
  authorities: Array<{ status: string; n: number }>;
}

/**
 * /metrics for the operator's monitoring (#12): Prometheus text format through prom-client, one
 * registry per app. Labels are bounded: the route *template* (never the URL), the status code,
 * and the authority's slug (as many as the installation has authorities). No personal data:
 * nothing about a person, session or address is ever a label or a value.
 *
 * Protected by METRICS_TOKEN (`Authorization: Bearer …`); without the setting the endpoint
 * does not exist (404), so nothing is exposed by default.
 */
export function registerMetrics(app: FastifyInstance, config: AppConfig, database: DatabaseHandle): Registry {
  const registry = new Registry();
  const requests = new Counter({
    name: 'bk_http_requests_total',
    help: 'HTTP requests by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'bk_http_request_duration_seconds',
    help: 'HTTP request latency by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route template keeps the label set bounded; an unmatched URL is one label value.
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    const method = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].includes(request.method)
      ? request.method
      : 'OTHER';
    requests.inc({ method, route, status: String(reply.statusCode) });
    latency.observe({ method, route }, reply.elapsedTime / 1000);
  });

  let cached: { at: number; figures: Promise<DbFigures> } | undefined;
  const figures = (): Promise<DbFigures> => {
    if (!cached || Date.now() - cached.at > DB_FIGURES_TTL_MS) {
      cached = { at: Date.now(), figures: readFigures(database) };
      cached.figures.catch(() => {
        cached = undefined;
      });
    }
    return cached.figures;
  };

  new Gauge({
    name: 'bk_jobs',
    help: 'Background jobs by status (pending, running, done, failed)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of (await figures()).jobs) this.set({ status: row.status }, row.n);
    },
  });
  new Gauge({
    name: 'bk_jobs_oldest_pending_age_seconds',
    help: 'Age of the oldest job that is due and not yet done (0 if none)',
    registers: [registry],
    async collect() {
      this.set((await figures()).oldestPendingSeconds);
    },
  });
  new Gauge({
    name: 'bk_outbox_backlog',
    help: 'Messages (mail, text) waiting to be sent, per authority',
    labelNames: ['authority'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of (await figures()).outbox) this.set({ authority: row.authority }, row.n);
    },
  });
  new Gauge({
    name: 'bk_kits_with_pending_commands',
    help: 'Active field kits that last reported commands not yet synchronised, per authority',
    labelNames: ['authority'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of (await figures()).kitsPending) this.set({ authority: row.authority }, row.n);
    },
  });
  new Gauge({
    name: 'bk_authorities',
    help: 'Authorities of this installation by status',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of (await figures()).authorities) this.set({ status: row.status }, row.n);
    },
  });
  const pool = database.pool;
  new Gauge({
    name: 'bk_db_pool_connections',
    help: 'Database pool connections by state (PostgreSQL server; PGlite has one in-process connection)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      if (pool) {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
        this.set({ state: 'max' }, config.databasePoolMax);
      } else {
        this.set({ state: 'total' }, 1);
      }
    },
  });
  new Gauge({
    name: 'bk_process_start_time_seconds',
    help: 'Start time of this server process (Unix seconds)',
    registers: [registry],
  }).set(Math.floor(Date.now() / 1000 - process.uptime()));

  if (!config.metricsToken) return registry;
  const expected = Buffer.from(`Bearer ${config.metricsToken}`);
  app.get(
    '/metrics',
    { schema: { hide: true }, config: { rateLimit: false } as never },
    async (request, reply) => {
      const sent = Buffer.from(String(request.headers.authorization ?? ''));
      if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        return reply.code(401).type('text/plain; charset=utf-8').send('metrics token required\n');
      }
      const text = await registry.metrics();
      return reply.header('cache-control', 'no-store').type(registry.contentType).send(text);
    },
  );
  return registry;
}

/** Figures across every authority: installation work (ADR 27), behind the metrics token. */
function readFigures(database: DatabaseHandle): Promise<DbFigures> {
  return withInstallation(database.db, (db) => readFiguresIn(db), 'metrics');
}

async function readFiguresIn(db: DatabaseHandle['db']): Promise<DbFigures> {
  const jobs = await db
    .selectFrom('jobs')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const oldest = await sql<{ age: number | null }>`
    select extract(epoch from (now() - min(run_at)))::float8 as age from jobs
    where status in ('pending','running') and run_at <= now()`.execute(db);
  const outbox = await sql<{ authority: string | null; n: number }>`
    select a.slug as authority, count(*)::int as n from outbox_messages o
    left join authorities a on a.id = o.authority_id
    where o.status = 'queued' group by a.slug`.execute(db);
  const kits = await sql<{ authority: string; n: number }>`
    select a.slug as authority, count(*)::int as n from kits k join authorities a on a.id = k.authority_id
    where k.status = 'active' and coalesce(k.pending_commands, 0) > 0 group by a.slug`.execute(db);
  const authorities = await db
    .selectFrom('authorities')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return {
    jobs: jobs.map((j) => ({ status: j.status, n: Number(j.n) })),
    oldestPendingSeconds: Math.max(0, Number(oldest.rows[0]?.age ?? 0)),
    outbox: outbox.rows.map((r) => ({ authority: r.authority ?? 'installation', n: Number(r.n) })),
    kitsPending: kits.rows.map((r) => ({ authority: r.authority, n: Number(r.n) })),
    authorities: authorities.map((r) => ({ status: r.status, n: Number(r.n) })),
  };
}

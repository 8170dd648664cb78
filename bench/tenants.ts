/**
 * npm run bench -- tenants [--authorities 50]
 *
 * Does an authority's work get slower when the installation holds many authorities (#12)? Two
 * fresh databases on a PostgreSQL server (BENCH_DATABASE_URL, default: the local one), filled by
 * the generator (npm run generate -- --authorities): a baseline with one generated authority and
 * one with 50, every generated authority shaped alike (BENCH_RESIDENTS_PER_AUTHORITY residents,
 * the seed catalogue, office days for 8 weeks). Each installation's
 * HTTP server runs in a child process of its own (bench/support/server.ts), so the load
 * generator's event loop and garbage collection are not in the servers' latencies; each round sends
 * the two installations' requests in pairs, one after the other from the same client, so that
 * other load on the machine hits both alike. The warm-up visits
 * every authority once (as a server that has run for a while has), so that the 50 authorities'
 * first requests (process caches, plans) are not counted against them. Each round, for a random
 * authority at a time: catalogue search scoped to it (public), a booking on one of its office
 * days (public), a register search by its clerk (audited). Prints p50/p95/p99 per operation, the
 * CPU time per request of each server process and its PostgreSQL backends, and the ratio to the
 * baseline (must be ≤ 1.2); the last line is JSON with `authorities`, `search_p95_ms`,
 * `booking_p99_ms`, `register_p95_ms`, `cpu_ms_per_request` and the same under `baseline`.
 *
 * It also reports the server's shared_buffers, both databases' sizes and the blocks each read
 * from outside the buffer pool per request (pg_stat_database): with the default 128 MB the
 * 50-authority database (~360 MB) does not fit in it. A buffer pool of 1 GB did not settle the
 * ratios, though (#12: medians of search and register 1.05–1.19 over two runs either way).
 *
 * Both databases also hold the reference authority the seed always creates (Meerane with its
 * catalogue, no residents); it is not one of the authorities measured.
 */

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { uuidv7 } from '../src/core/ids';
import { openDatabase } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { hashToken, SESSION_COOKIE } from '../src/server/http/auth';
import { hashPassword } from '../src/server/modules/identity/password';
import { FICTITIOUS_SLUG_PREFIX, generateAuthorities } from '../src/server/modules/operations/generate';
import { seedDatabase } from '../src/server/seed/seed';
import { ChallengePool } from './support/challenges';
import { BackendCpu, cpuMs, startServer } from './support/processes';

const ADMIN_URL = process.env.BENCH_DATABASE_URL || 'postgres://bk:bk@127.0.0.1:5432/postgres';
const argIndex = process.argv.indexOf('--authorities');
const AUTHORITIES = Number(
  (argIndex >= 0 ? process.argv[argIndex + 1] : process.env.BENCH_AUTHORITIES) ?? 50,
);
const RESIDENTS = Number(process.env.BENCH_RESIDENTS_PER_AUTHORITY || 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 10);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND || 100);
const CLIENTS = Number(process.env.BENCH_CLIENTS || 4);
const LIMIT = 1.2;
const SEARCH_TERMS = [
  'Personalausweis',
  'Anmeldung',
  'Reisepass',
  'Meldebescheinigung',
  'ausweis',
  'Wohnung',
];

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
/** A small deterministic random source, so both databases get the same sequence of choices. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Tenant {
  id: string;
  slug: string;
  serviceId: string;
  days: { id: string; startsAt: Date }[];
  headers: Record<string, string>;
  sample: { family_name: string; birth_date: string }[];
}

interface Installation {
  label: string;
  name: string;
  address: string;
  tenants: Tenant[];
  search: number[];
  booking: number[];
  register: number[];
  /** CPU time of the server process over the measured rounds, and of its PostgreSQL backends. */
  serverCpuMs: number;
  backends: BackendCpu;
  pid: number;
  requests: number;
  /** Blocks PostgreSQL read from outside its buffer pool (pg_stat_database) over the measured rounds. */
  blocksRead: number;
  /** The database's size after the measured rounds. */
  databaseMb: number;
  close(): Promise<void>;
}

/** The database's blocks read from outside the buffer pool so far, and its size in MB. */
async function databaseFigures(admin: pg.Client, name: string): Promise<{ blocksRead: number; mb: number }> {
  const r = await admin.query<{ blks_read: string; bytes: string }>(
    'select blks_read, pg_database_size(datname) as bytes from pg_stat_database where datname = $1',
    [name],
  );
  return { blocksRead: Number(r.rows[0]?.blks_read ?? 0), mb: Number(r.rows[0]?.bytes ?? 0) / 1048576 };
}

async function prepare(label: string, authorities: number, admin: pg.Client): Promise<Installation> {
  const name = `bk_bench_tenants_${label}_${Date.now().toString(36)}`;
  await admin.query(`create database "${name}"`);
  const url = withDatabase(ADMIN_URL, name);
  const database = await openDatabase({ databaseUrl: url, poolMax: 10 });
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `bk-bench-${label}-`));
  const db = database.db;
  await migrateToLatest(db);
  await seedDatabase(db, { seedDemo: false });
  const real = Number(
    (
      await db
        .selectFrom('authorities')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const started = performance.now();
  const generated = await generateAuthorities(db, {
    authorities: real + authorities,
    residentsPerAuthority: RESIDENTS,
    weeks: 8,
    dataDir,
  });
  console.log(
    `${label}: database ${name}, ${generated.created} generated authorities, ${generated.residents.toLocaleString('en')} residents, ${generated.officeDays} office days (${round((performance.now() - started) / 1000)} s)`,
  );

  const rows = await db
    .selectFrom('authorities')
    .select(['id', 'slug'])
    .where('slug', 'like', `${FICTITIOUS_SLUG_PREFIX}%`)
    .orderBy('slug')
    .execute();
  const passwordHash = await hashPassword(randomBytes(16).toString('hex'));
  const tenants: Tenant[] = [];
  for (const a of rows) {
    const service = await db
      .selectFrom('catalog_services')
      .select('id')
      .where('authority_id', '=', a.id)
      .where('slug', 'like', 'personalausweis-beantragen-%')
      .executeTakeFirstOrThrow();
    const days = await db
      .selectFrom('office_days')
      .select(['id', 'starts_at'])
      .where('authority_id', '=', a.id)
      // Not the days that close for online booking during the run (12 hours before by default):
      // run in the evening, tomorrow morning's day answered BOOKING_CLOSED.
      .where('starts_at', '>', new Date(Date.now() + 48 * 3_600_000))
      .execute();
    // A clerk of this authority with a session, as the sign-in would create it.
    const userId = uuidv7();
    const token = randomBytes(32).toString('base64url');
    await db
      .insertInto('staff_users')
      .values({
        id: userId,
        authority_id: a.id,
        username: `bench-${userId.slice(-12)}`,
        display_name: 'Benchmark (fiktiv)',
        email: null,
        roles: ['clerk'],
        password_hash: passwordHash,
        must_change_password: false,
        password_changed_at: new Date(),
        totp_secret: null,
        totp_enabled: false,
        totp_last_step: null,
        locked_until: null,
        disabled_at: null,
        last_login_at: null,
      })
      .execute();
    await db
      .insertInto('staff_sessions')
      .values({
        id: uuidv7(),
        authority_id: a.id,
        user_id: userId,
        token_hash: hashToken(token),
        csrf_token: randomBytes(24).toString('base64url'),
        stage: 'active',
        absolute_expires_at: new Date(Date.now() + 12 * 3_600_000),
        revoked_at: null,
        user_agent: 'bench',
      })
      .execute();
    const sample = (
      await sql<{ family_name: string; birth_date: string }>`
        select family_name, birth_date::text as birth_date from register_persons
        where authority_id = ${a.id} order by id limit 200`.execute(db)
    ).rows;
    tenants.push({
      id: a.id,
      slug: a.slug,
      serviceId: service.id,
      days: days.map((d) => ({ id: d.id, startsAt: new Date(d.starts_at) })),
      headers: { cookie: `${SESSION_COOKIE}=${token}`, 'x-audit-reason': 'Benchmark' },
      sample,
    });
  }
  await sql`analyze`.execute(db);
  await database.close();
  const applicationName = `bk-bench-tenants-${label}`;
  const serverUrl = new URL(url);
  serverUrl.searchParams.set('application_name', applicationName);
  const server = await startServer(
    {
      BENCH_SERVER_DATABASE_URL: serverUrl.toString(),
      BENCH_SERVER_DATA_DIR: dataDir,
      BENCH_SERVER_POOL_MAX: '10',
    },
    // BENCH_PROFILE_DIR: a V8 CPU profile of each server, in a folder named after the installation.
    process.env.BENCH_PROFILE_DIR ? { profileDir: path.join(process.env.BENCH_PROFILE_DIR, label) } : {},
  );
  return {
    label,
    name,
    address: server.url,
    tenants,
    search: [],
    booking: [],
    register: [],
    serverCpuMs: 0,
    backends: new BackendCpu(admin, name, applicationName),
    pid: server.pid,
    requests: 0,
    blocksRead: 0,
    databaseMb: 0,
    async close() {
      await server.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
      // BENCH_KEEP_DATABASES=1 keeps both databases for a look with EXPLAIN afterwards.
      if (process.env.BENCH_KEEP_DATABASES === '1') console.log(`kept database ${name}`);
      else await admin.query(`drop database if exists "${name}" with (force)`);
    },
  };
}

async function pool(clients: number, jobs: (() => Promise<void>)[]) {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
}

async function timed(
  into: number[],
  url: string,
  init: RequestInit,
  ok: (status: number, body: unknown) => boolean,
) {
  const t0 = performance.now();
  const res = await fetch(url, init);
  const body = await res.json();
  into.push(performance.now() - t0);
  if (!ok(res.status, body)) throw new Error(`${url}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
}

let bookingNumber = 0;
const challengePools = new Map<string, ChallengePool>();
function challengesFor(address: string): ChallengePool {
  let pool = challengePools.get(address);
  if (!pool) {
    pool = new ChallengePool(address, 128);
    challengePools.set(address, pool);
  }
  return pool;
}
/**
 * Every authority once — its catalogue search, a booking and a register search — as a server that
 * has been running for a while has seen them (process caches, prepared plans), not measured.
 */
async function warmUp(inst: Installation) {
  await challengesFor(inst.address).fill(inst.tenants.length + 70);
  const sink: number[] = [];
  const ok = () => true;
  await pool(
    CLIENTS,
    inst.tenants.map((tenant, i) => async () => {
      await timed(sink, `${inst.address}/${tenant.slug}/api/catalog/search?q=Personalausweis`, {}, ok);
      const day = tenant.days[i % tenant.days.length]!;
      await timed(
        sink,
        `${inst.address}/${tenant.slug}/api/booking/appointments`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `tenants-${inst.name}-warm-${i}`,
            'x-altcha': await challengesFor(inst.address).take(),
          },
          body: JSON.stringify({
            officeDayId: day.id,
            startsAt: day.startsAt.toISOString(),
            serviceIds: [tenant.serviceId],
            contact: { name: `Bench warm ${i} (fiktiv)`, email: `warm${i}@example.org` },
          }),
        },
        ok,
      );
      const s = tenant.sample[0]!;
      const q = new URLSearchParams({ familyName: s.family_name, birthDate: s.birth_date });
      await timed(sink, `${inst.address}/api/register/persons?${q}`, { headers: tenant.headers }, ok);
    }),
  );
}

type Job = () => Promise<void>;

/** One round's requests of one installation, per operation (not yet run). */
function roundJobs(inst: Installation, seed: number, measure: boolean) {
  const next = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!;
  const sink: number[] = [];
  const search: Job[] = Array.from({ length: PER_ROUND }, () => {
    const tenant = pick(inst.tenants);
    const q = new URLSearchParams({ q: pick(SEARCH_TERMS) });
    return () =>
      timed(
        measure ? inst.search : sink,
        // On the authority's portal (ADR 27), as its citizens search.
        `${inst.address}/${tenant.slug}/api/catalog/search?${q}`,
        {},
        (status, body) => status === 200 && (body as { results: unknown[] }).results.length > 0,
      );
  });
  const booking: Job[] = Array.from({ length: PER_ROUND }, () => {
    const tenant = pick(inst.tenants);
    const day = pick(tenant.days);
    const startsAt = new Date(day.startsAt.getTime() + Math.floor(next() * 12) * 15 * 60_000);
    const n = bookingNumber++;
    return async () => {
      // The citizen's browser solved the check while the form was filled in (not timed).
      const altcha = await challengesFor(inst.address).take();
      return timed(
        measure ? inst.booking : sink,
        `${inst.address}/${tenant.slug}/api/booking/appointments`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': `tenants-${inst.name}-${n}`,
            'x-altcha': altcha,
          },
          body: JSON.stringify({
            officeDayId: day.id,
            startsAt: startsAt.toISOString(),
            serviceIds: [tenant.serviceId],
            contact: { name: `Bench ${n} (fiktiv)`, email: `bench${n}@example.org` },
          }),
        },
        // A slot another client took first is an answer too (the same for both databases).
        (status, body) => status === 201 || (body as { code?: string }).code === 'SLOT_TAKEN',
      );
    };
  });
  const register: Job[] = Array.from({ length: PER_ROUND }, () => {
    const tenant = pick(inst.tenants);
    const s = pick(tenant.sample);
    const q = new URLSearchParams({ familyName: s.family_name, birthDate: s.birth_date });
    return () =>
      timed(
        measure ? inst.register : sink,
        `${inst.address}/api/register/persons?${q}`,
        { headers: tenant.headers },
        (status, body) => status === 200 && (body as { persons: unknown[] }).persons.length > 0,
      );
  });
  return [search, booking, register];
}

/**
 * One round on both installations, paired request by request: each client sends the baseline's
 * request and the 50 authorities' request of a pair one after the other (which one first
 * alternates), so a moment of noise on the machine falls on both alike instead of on whichever
 * installation's round it happened in.
 */
async function pairedRound(base: Installation, many: Installation, seed: number, measure: boolean) {
  // Solved before the round (a citizen's browser solves while the form is filled in), so that no
  // refill runs beside the timed requests; issuing them is the servers' work and counted.
  for (const inst of [base, many]) await challengesFor(inst.address).fill(PER_ROUND + 70);
  const cpuBefore = [cpuMs(base.pid), cpuMs(many.pid)];
  const a = roundJobs(base, seed, measure);
  const b = roundJobs(many, seed, measure);
  for (let op = 0; op < a.length; op++) {
    await pool(
      CLIENTS,
      a[op]!.map((first, i) => async () => {
        const second = b[op]![i]!;
        if (i % 2 === 0) {
          await first();
          await second();
        } else {
          await second();
          await first();
        }
      }),
    );
  }
  if (measure) {
    base.serverCpuMs += cpuMs(base.pid) - cpuBefore[0]!;
    many.serverCpuMs += cpuMs(many.pid) - cpuBefore[1]!;
    for (const inst of [base, many]) {
      inst.requests += 3 * PER_ROUND;
      await inst.backends.sample();
    }
  }
}

function figures(inst: Installation) {
  return {
    search_p95_ms: round(percentile(inst.search, 95)),
    booking_p99_ms: round(percentile(inst.booking, 99)),
    register_p95_ms: round(percentile(inst.register, 95)),
    cpu_ms_per_request: round((inst.serverCpuMs + inst.backends.total()) / inst.requests, 2),
  };
}

async function main() {
  if (!Number.isInteger(AUTHORITIES) || AUTHORITIES < 2 || AUTHORITIES > 500) {
    console.error('usage: npm run bench -- tenants [--authorities <2 … 500>]');
    process.exit(2);
  }
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const installations: Installation[] = [];
  try {
    installations.push(await prepare('baseline', 1, admin));
    installations.push(await prepare('many', AUTHORITIES, admin));
    const [base, many] = installations as [Installation, Installation];
    // Warm-up on both (every authority once, then a round), then the measured rounds.
    for (const inst of installations) await warmUp(inst);
    await pairedRound(base, many, 1, false);
    for (const inst of installations) await inst.backends.reset();
    // Backends report their block counts when idle (at most once a second).
    await sleep(1500);
    const readBefore = await Promise.all(installations.map((i) => databaseFigures(admin, i.name)));
    for (let r = 0; r < ROUNDS; r++) await pairedRound(base, many, 100 + r, true);
    await sleep(1500);
    const readAfter = await Promise.all(installations.map((i) => databaseFigures(admin, i.name)));
    installations.forEach((inst, i) => {
      inst.blocksRead = readAfter[i]!.blocksRead - readBefore[i]!.blocksRead;
      inst.databaseMb = readAfter[i]!.mb;
    });
    // Whether the buffer pool holds the database: one larger than it is read partly from the
    // operating system's cache.
    const sharedBuffersMb =
      Number(
        (
          await admin.query<{ bytes: string }>(
            "select setting::bigint * pg_size_bytes(unit) as bytes from pg_settings where name = 'shared_buffers'",
          )
        ).rows[0]?.bytes ?? 0,
      ) / 1048576;
    for (const inst of installations) {
      const line = (name: string, v: number[]) =>
        `  ${name.padEnd(9)} p50 ${round(percentile(v, 50))} ms, p95 ${round(percentile(v, 95))} ms, p99 ${round(percentile(v, 99))} ms (${v.length})`;
      console.log(`${inst.label} (${inst.tenants.length} generated authorities):`);
      console.log(line('search', inst.search));
      console.log(line('booking', inst.booking));
      console.log(line('register', inst.register));
      console.log(
        `  CPU       ${round(inst.serverCpuMs / inst.requests, 2)} ms server + ${round(inst.backends.total() / inst.requests, 2)} ms PostgreSQL per request (${inst.requests} requests)`,
      );
      console.log(
        `  database  ${round(inst.databaseMb)} MB; ${round(inst.blocksRead / inst.requests, 2)} blocks per request read from outside the buffer pool`,
      );
    }
    console.log(
      `PostgreSQL shared_buffers ${round(sharedBuffersMb)} MB${
        many.databaseMb > sharedBuffersMb
          ? ` — smaller than the ${AUTHORITIES}-authority database (${round(many.databaseMb)} MB): part of its reads come from outside the buffer pool`
          : ''
      }`,
    );
    const b = figures(base);
    const m = figures(many);
    const ratio = {
      search: round(m.search_p95_ms / b.search_p95_ms, 2),
      booking: round(m.booking_p99_ms / b.booking_p99_ms, 2),
      register: round(m.register_p95_ms / b.register_p95_ms, 2),
    };
    // CPU per request moves least with the machine's noise; reported beside the named figures.
    const cpuRatio = round(m.cpu_ms_per_request / b.cpu_ms_per_request, 2);
    // The medians as well: under the noise of a shared machine they move less than the tails.
    const median = (a: number[], b: number[]) => round(percentile(a, 50) / percentile(b, 50), 2);
    const ratioP50 = {
      search: median(many.search, base.search),
      booking: median(many.booking, base.booking),
      register: median(many.register, base.register),
    };
    const worst = Math.max(ratio.search, ratio.booking, ratio.register);
    console.log(
      `ratio of the medians: search ${ratioP50.search}, booking ${ratioP50.booking}, register ${ratioP50.register}`,
    );
    console.log(
      `ratio ${AUTHORITIES} authorities / 1: search ${ratio.search}, booking ${ratio.booking}, register ${ratio.register} (limit ${LIMIT}) → ${worst <= LIMIT ? 'within' : 'OVER'}; CPU per request ${cpuRatio}`,
    );
    console.log(
      JSON.stringify({
        authorities: many.tenants.length,
        ...m,
        baseline: { authorities: base.tenants.length, ...b },
        ratio,
        ratio_p50: ratioP50,
        ratio_cpu_per_request: cpuRatio,
        ratio_limit: LIMIT,
        within_limit: worst <= LIMIT,
        residents_per_authority: RESIDENTS,
        shared_buffers_mb: round(sharedBuffersMb),
        database_mb: round(many.databaseMb),
        baseline_database_mb: round(base.databaseMb),
        blocks_read_per_request: round(many.blocksRead / many.requests, 2),
        baseline_blocks_read_per_request: round(base.blocksRead / base.requests, 2),
        clients: CLIENTS,
        samples_per_operation: ROUNDS * PER_ROUND,
      }),
    );
  } finally {
    for (const inst of installations) await inst.close().catch(() => undefined);
    await admin.end();
  }
}

await main();

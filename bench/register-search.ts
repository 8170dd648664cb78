/**
 * npm run bench -- register-search [--residents 4000000]
 *
 * Register search at Saxony scale on a PostgreSQL server (BENCH_DATABASE_URL, default
 * postgres://bk:bk@127.0.0.1:5432/bk_bench; created if missing). The database is filled with the
 * generator (npm run generate) unless it already holds exactly that many residents. The server runs
 * in a child process (bench/support/server.ts); this process is the client (fetch, keep-alive). A
 * signed-in clerk searches by family name (spelt loosely: Mueller for Müller, lower case) and date
 * of birth, and by street and house number — every search audited as in production.
 *
 * - cold: the server process is started afresh and the first BENCH_COLD_SEARCHES (200) name
 *   searches are timed (new process, new connections; the database itself stays up);
 * - warm: BENCH_NAME_SEARCHES (1,000) name searches and BENCH_ADDRESS_SEARCHES (500) address
 *   searches after that;
 * - /health of the same server as the baseline.
 *
 * The last line is JSON.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { uuidv7 } from '../src/core/ids';
import { openDatabase } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { hashToken, SESSION_COOKIE } from '../src/server/http/auth';
import { hashPassword } from '../src/server/modules/identity/password';
import { DEMO } from '../src/server/modules/places/demo-ids';
import { generateIntoDatabase, wipeRegister } from '../src/server/modules/register/bulk-generate';
import { seedDatabase } from '../src/server/seed/seed';
import { startServer } from './support/processes';

const URL_ = process.env.BENCH_DATABASE_URL || 'postgres://bk:bk@127.0.0.1:5432/bk_bench';
const argIndex = process.argv.indexOf('--residents');
const RESIDENTS = Number(
  (argIndex >= 0 ? process.argv[argIndex + 1] : process.env.BENCH_RESIDENTS) ?? 4_000_000,
);
const CLIENTS = Number(process.env.BENCH_CLIENTS || 4);
const COLD_SEARCHES = Number(process.env.BENCH_COLD_SEARCHES || 200);
const NAME_SEARCHES = Number(process.env.BENCH_NAME_SEARCHES || 1000);
const ADDRESS_SEARCHES = Number(process.env.BENCH_ADDRESS_SEARCHES || 500);
const HEALTH_SECONDS = Number(process.env.BENCH_HEALTH_SECONDS || 5);
const HEALTH_CLIENTS = Number(process.env.BENCH_HEALTH_CLIENTS || 32);

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** How a clerk might type the name: umlauts spelt out, lower case, one part of a double name. */
function typed(familyName: string, i: number): string {
  const first = familyName.split('-')[i % 2 === 0 ? 0 : familyName.split('-').length - 1]!;
  const spelt = first.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
  return i % 3 === 0 ? spelt.toLowerCase() : i % 3 === 1 ? spelt : first.toUpperCase();
}

async function ensureDatabase(url: string) {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '')}"`);
  await client.end();
}

async function run(clients: number, jobs: (() => Promise<void>)[]) {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
}

async function main() {
  await ensureDatabase(URL_);
  const database = await openDatabase({ databaseUrl: URL_, poolMax: 4 });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bk-bench-register-'));
  try {
    const db = database.db;
    console.log(
      `database ${new URL(URL_).pathname.slice(1)} on ${new URL(URL_).host}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    await migrateToLatest(db);
    await seedDatabase(db, { seedDemo: false });
    const count = Number(
      (await sql<{ n: string }>`select count(*) as n from register_persons`.execute(db)).rows[0]!.n,
    );
    if (count !== RESIDENTS) {
      console.log(
        `generating ${RESIDENTS.toLocaleString('en')} fictitious residents (the database holds ${count.toLocaleString('en')}) …`,
      );
      await wipeRegister(db);
      let shown = 0;
      const generated = await generateIntoDatabase(db, {
        residents: RESIDENTS,
        onProgress(done, total) {
          if (done - shown >= 250_000 || done === total) {
            shown = done;
            console.log(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')}`);
          }
        },
      });
      console.log(`generated in ${round(generated.seconds)} s`);
    } else {
      console.log(`using the ${count.toLocaleString('en')} residents already generated`);
    }

    // A clerk with a session (as the sign-in would create it).
    const userId = uuidv7();
    const token = randomBytes(32).toString('base64url');
    await db
      .insertInto('staff_users')
      .values({
        id: userId,
        authority_id: DEMO.authorityMeerane,
        username: `bench-${userId.slice(-8)}`,
        display_name: 'Benchmark (fiktiv)',
        email: null,
        roles: ['clerk'],
        password_hash: await hashPassword(randomBytes(16).toString('hex')),
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
        authority_id: DEMO.authorityMeerane,
        user_id: userId,
        token_hash: hashToken(token),
        csrf_token: randomBytes(24).toString('base64url'),
        stage: 'active',
        absolute_expires_at: new Date(Date.now() + 12 * 3_600_000),
        revoked_at: null,
        user_agent: 'bench',
      })
      .execute();
    const headers = { cookie: `${SESSION_COOKIE}=${token}`, 'x-audit-reason': 'Benchmark' };

    // What to look for: a sample of residents with their current address.
    const sample = (
      await sql<{ family_name: string; birth_date: string; street: string; house_number: string }>`
        select p.family_name, p.birth_date, d.street, d.house_number
        from register_persons p tablesample system (1)
        join register_residences r on r.person_id = p.id and r.moved_out_on is null
        join register_dwellings d on d.id = r.dwelling_id
        limit ${Math.max(NAME_SEARCHES, ADDRESS_SEARCHES, COLD_SEARCHES) * 2}`.execute(db)
    ).rows;
    if (sample.length === 0) throw new Error('no residents to search for');

    // The server, started afresh: the first searches are the cold ones.
    const server = await startServer({
      BENCH_SERVER_DATABASE_URL: URL_,
      BENCH_SERVER_JOBS: 'false',
      BENCH_SERVER_DATA_DIR: dataDir,
    });
    const address = server.url;
    try {
      const timed = async (url: string, into: number[], check: (body: { persons: unknown[] }) => boolean) => {
        const started = performance.now();
        const res = await fetch(`${address}${url}`, { headers });
        const body = (await res.json()) as { persons: unknown[] };
        into.push(performance.now() - started);
        if (!res.ok || !check(body))
          throw new Error(`search failed: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
      };
      const nameSearch = (i: number, into: number[]) => {
        const s = sample[i % sample.length]!;
        const q = new URLSearchParams({ familyName: typed(s.family_name, i), birthDate: s.birth_date });
        return () => timed(`/api/register/persons?${q}`, into, (b) => b.persons.length > 0);
      };

      // Cold: the first searches after the start (other residents than the warm ones below).
      const cold: number[] = [];
      await run(
        CLIENTS,
        Array.from({ length: COLD_SEARCHES }, (_, i) => nameSearch(sample.length - 1 - i, cold)),
      );
      console.log(
        `name + date of birth, first ${COLD_SEARCHES} after a restart: p50 ${round(percentile(cold, 50))} ms, p95 ${round(percentile(cold, 95))} ms, max ${round(Math.max(...cold))} ms (${CLIENTS} clients)`,
      );

      const name: number[] = [];
      await run(
        CLIENTS,
        Array.from({ length: NAME_SEARCHES }, (_, i) => nameSearch(i, name)),
      );
      const addr: number[] = [];
      await run(
        CLIENTS,
        Array.from({ length: ADDRESS_SEARCHES }, (_, i) => {
          const s = sample[i % sample.length]!;
          const q = new URLSearchParams({
            street: s.street.replace(/straße$/, 'str.'),
            houseNumber: s.house_number,
          });
          return () => timed(`/api/register/persons?${q}`, addr, (b) => b.persons.length > 0);
        }),
      );
      console.log(
        `name + date of birth, warm: p50 ${round(percentile(name, 50))} ms, p95 ${round(percentile(name, 95))} ms (${NAME_SEARCHES} searches, ${CLIENTS} clients)`,
      );
      console.log(
        `address: p50 ${round(percentile(addr, 50))} ms, p95 ${round(percentile(addr, 95))} ms (${ADDRESS_SEARCHES} searches, ${CLIENTS} clients)`,
      );

      let health = 0;
      const deadline = Date.now() + HEALTH_SECONDS * 1000;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: HEALTH_CLIENTS }, async () => {
          while (Date.now() < deadline) {
            const res = await fetch(`${address}/health`);
            await res.arrayBuffer();
            if (res.ok) health++;
          }
        }),
      );
      const healthRps = health / ((performance.now() - started) / 1000);
      console.log(
        `/health: ${round(healthRps)} requests/s with ${HEALTH_CLIENTS} clients (same server, baseline); load average ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
      console.log(
        JSON.stringify({
          residents: RESIDENTS,
          name_search_p50_ms: round(percentile(name, 50)),
          name_search_p95_ms: round(percentile(name, 95)),
          name_search_cold_p95_ms: round(percentile(cold, 95)),
          address_search_p95_ms: round(percentile(addr, 95)),
          health_rps: round(healthRps),
        }),
      );
    } finally {
      await server.stop();
    }
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();

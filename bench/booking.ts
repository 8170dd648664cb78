/**
 * npm run bench -- booking
 *
 * Booking under load on a PostgreSQL server (BENCH_DATABASE_URL, default: the local one): a fresh
 * database with the reference data and ~300 office days over 90 days; the real HTTP server in this
 * process; 100 concurrent clients booking random times over many office days. Prints booking
 * throughput and p50/p99 latency, the p95 latency of listing a location's free times over 90 days,
 * the same server's /health throughput as the baseline, and the number of double bookings found
 * afterwards (must be 0). The last line is JSON.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { uuidv7 } from '../src/core/ids';
import { addDays, weekday, zonedDateTimeToInstant } from '../src/core/time';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { SERVICE_IDS } from '../src/server/modules/catalog/demo-ids';
import { DEMO } from '../src/server/modules/places/demo-ids';
import { saxonHoliday } from '../src/server/modules/schedule/holidays';
import { todayInBerlin } from '../src/server/modules/schedule/service';
import { seedDatabase } from '../src/server/seed/seed';

const ADMIN_URL = process.env.BENCH_DATABASE_URL || 'postgres://bk:bk@127.0.0.1:5432/postgres';
const CLIENTS = Number(process.env.BENCH_CLIENTS || 100);
const BOOKING_SECONDS = Number(process.env.BENCH_SECONDS || 20);
const HEALTH_SECONDS = Number(process.env.BENCH_HEALTH_SECONDS || 5);
const LISTINGS = Number(process.env.BENCH_LISTINGS || 40);
const DESKS = 4;
const START = '08:00';
const END = '16:00';
const STEP = 15;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function main() {
  const name = `bk_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = withDatabase(ADMIN_URL, name);
  const database = await openDatabase({ databaseUrl: url, poolMax: 20 });
  try {
    console.log(`database ${name} on ${new URL(ADMIN_URL).host}`);
    await migrateToLatest(database.db);
    await seedDatabase(database.db, { seedDemo: false });

    // Office days on every working day for 90 days at the five demo locations, 4 desks, 08–16.
    const today = todayInBerlin();
    const locations = Object.values(DEMO.locations);
    const days: { id: string; date: string; locationId: string }[] = [];
    for (let i = 2; i <= 92; i++) {
      const date = addDays(today, i);
      const wd = weekday(date);
      if (wd === 0 || wd === 6 || saxonHoliday(date)) continue;
      for (const locationId of locations) days.push({ id: uuidv7(), date, locationId });
    }
    await database.db
      .insertInto('office_days')
      .values(
        days.map((d) => ({
          id: d.id,
          authority_id: DEMO.authorityMeerane,
          location_id: d.locationId,
          series_id: null,
          date: d.date,
          start_time: START,
          end_time: END,
          starts_at: zonedDateTimeToInstant(d.date, START),
          ends_at: zonedDateTimeToInstant(d.date, END),
          desks: DESKS,
          kit_id: null,
          slot_minutes: STEP,
          service_ids: null,
          cancel_reason: null,
          note: null,
        })),
      )
      .execute();
    const slotsPerDay = ((16 - 8) * 60) / STEP;
    console.log(`${days.length} office days, ${days.length * slotsPerDay * DESKS} appointment places`);

    const config = {
      ...loadConfig({ PORT: '0', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false', BUILD_WEB_ON_START: 'false' }),
      databaseUrl: url,
      databasePoolMax: 20,
      publicRateLimitPerMinute: 10_000_000,
      bookingMaxPerContactPerDay: 1000,
    };
    const app = await buildApp(config, database);
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const PA = SERVICE_IDS['personalausweis-beantragen'];

    // --- bookings ---------------------------------------------------------------------------
    const latencies: number[] = [];
    let booked = 0;
    let taken = 0;
    let failed = 0;
    let n = 0;
    const deadline = Date.now() + BOOKING_SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        while (Date.now() < deadline) {
          const day = days[Math.floor(Math.random() * days.length)]!;
          const slot = Math.floor(Math.random() * slotsPerDay);
          const startsAt = new Date(zonedDateTimeToInstant(day.date, START).getTime() + slot * STEP * 60_000);
          const i = n++;
          const t0 = performance.now();
          const res = await fetch(`${address}/api/booking/appointments`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'idempotency-key': `bench-${client}-${i}-${name}`,
            },
            body: JSON.stringify({
              officeDayId: day.id,
              startsAt: startsAt.toISOString(),
              serviceIds: [PA],
              contact: { name: `Bench ${client} (fiktiv)`, email: `bench${client}.${i}@example.org` },
            }),
          });
          const body = (await res.json()) as { code?: string };
          latencies.push(performance.now() - t0);
          if (res.status === 201) booked++;
          else if (body.code === 'SLOT_TAKEN') taken++;
          else failed++;
        }
      }),
    );
    const bookingSeconds = (performance.now() - started) / 1000;
    const bookingsPerS = booked / bookingSeconds;
    console.log(
      `bookings: ${booked} booked, ${taken} SLOT_TAKEN, ${failed} other in ${round(bookingSeconds)} s with ${CLIENTS} clients → ${round(bookingsPerS)} bookings/s`,
    );
    console.log(
      `booking latency: p50 ${round(percentile(latencies, 50))} ms, p99 ${round(percentile(latencies, 99))} ms (${latencies.length} requests)`,
    );

    // --- slot listing over 90 days -------------------------------------------------------------
    const listing: number[] = [];
    for (let i = 0; i < LISTINGS; i++) {
      const slug = ['gemeindeamt-schoenberg', 'dgh-tettau', 'feuerwehrhaus-koethel'][i % 3]!;
      const t0 = performance.now();
      const res = await fetch(
        `${address}/api/booking/locations/${slug}/slots?services=${PA}&from=${today}&to=${addDays(today, 90)}`,
      );
      const body = (await res.json()) as { days: { slots: unknown[] }[] };
      listing.push(performance.now() - t0);
      if (res.status !== 200 || body.days.length < 50) throw new Error(`slot listing failed: ${res.status}`);
    }
    console.log(
      `slot listing (one location, 90 days): p50 ${round(percentile(listing, 50))} ms, p95 ${round(percentile(listing, 95))} ms`,
    );

    // --- /health baseline ------------------------------------------------------------------------
    let health = 0;
    const healthDeadline = Date.now() + HEALTH_SECONDS * 1000;
    const healthStarted = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (Date.now() < healthDeadline) {
          const res = await fetch(`${address}/health`);
          await res.arrayBuffer();
          if (res.ok) health++;
        }
      }),
    );
    const healthRps = health / ((performance.now() - healthStarted) / 1000);
    console.log(`/health: ${round(healthRps)} requests/s with ${CLIENTS} clients`);

    // --- double bookings --------------------------------------------------------------------------
    const overlaps = await sql<{ n: number }>`
      select count(*)::int as n
        from appointments a
        join appointments b
          on a.office_day_id = b.office_day_id and a.desk = b.desk and a.id < b.id and a.during && b.during
       where a.status in ('held','booked','attended') and b.status in ('held','booked','attended')`.execute(
      database.db,
    );
    const overDesks = await sql<{ n: number }>`
      select count(*)::int as n from (
        select a.office_day_id, a.starts_at, count(*) as c, max(o.desks) as desks
          from appointments a join office_days o on o.id = a.office_day_id
         where a.status in ('held','booked','attended')
         group by a.office_day_id, a.starts_at) x
       where x.c > x.desks`.execute(database.db);
    const doubleBookings = overlaps.rows[0]!.n + overDesks.rows[0]!.n;
    console.log(`double bookings found afterwards: ${doubleBookings}`);

    await app.close();
    const result = {
      bookings_per_s: round(bookingsPerS),
      p50_ms: round(percentile(latencies, 50)),
      p99_ms: round(percentile(latencies, 99)),
      slot_listing_p95_ms: round(percentile(listing, 95)),
      health_rps: round(healthRps),
      ratio: round(bookingsPerS / healthRps, 4),
      double_bookings: doubleBookings,
    };
    console.log(JSON.stringify(result));
  } finally {
    await database.close().catch(() => {});
    await admin.query(`drop database if exists "${name}" with (force)`).catch(() => {});
    await admin.end();
  }
}

await main();

/**
 * A benchmark's server, started as a child process so that its CPU time (and only its) can be read
 * from /proc/<pid>/stat and the load generator does not share its event loop.
 *
 *   BENCH_SERVER_DATABASE_URL  the database (postgres://…); `application_name` in it names the
 *                              process's PostgreSQL backends in pg_stat_activity
 *   BENCH_SERVER_JOBS          'true' runs the background jobs (mail, audit chain) in this process
 *   BENCH_SERVER_DATA_DIR      data directory (attachments, key files)
 *
 * Prints one line `READY <url>` when it listens; SIGTERM closes it as main.ts would.
 */
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { openDatabase } from '../../src/server/db/connection';
import { BENCH_ALTCHA_MAX_COUNTER } from './challenges';

const url = process.env.BENCH_SERVER_DATABASE_URL;
if (!url) throw new Error('BENCH_SERVER_DATABASE_URL is required');
const jobs = process.env.BENCH_SERVER_JOBS === 'true';
const poolMax = Number(process.env.BENCH_SERVER_POOL_MAX || 20);

const config = {
  ...loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: jobs ? 'true' : 'false',
    BUILD_WEB_ON_START: 'false',
    DATA_DIR: process.env.BENCH_SERVER_DATA_DIR || '/tmp/bk-bench-data',
  }),
  databaseUrl: url,
  databasePoolMax: poolMax,
  publicRateLimitPerMinute: 10_000_000,
  bookingMaxPerContactPerDay: 1000,
  // Bot protection at the production cost per attempt (the server verifies at that cost) but a
  // small search range, so the load generator on the same machine solves cheaply (ADR 33).
  altchaMaxCounter: BENCH_ALTCHA_MAX_COUNTER,
};
const database = await openDatabase({ databaseUrl: url, poolMax });
const app = await buildApp(config, database);
// As start.ts does before it listens (where the code has it).
await (database as { warmUp?: () => Promise<void> }).warmUp?.();
const address = await app.listen({ port: 0, host: '127.0.0.1' });
if (jobs) app.jobs.start();
process.stdout.write(`READY ${address}\n`);

let closing = false;
process.on('SIGTERM', () => {
  if (closing) return;
  closing = true;
  void (async () => {
    await app.close().catch(() => {});
    await database.close().catch(() => {});
    process.exit(0);
  })();
});

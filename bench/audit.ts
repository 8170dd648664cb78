/**
 * npm run bench -- audit
 *
 * The audit trail's write path on a PostgreSQL server (BENCH_DATABASE_URL, default the local one),
 * measured with pgbench (part of PostgreSQL; C, so the load generator costs little CPU): 20 clients,
 * each transaction one audited insert (a single INSERT statement, as the request-failure hook
 * writes it), for BENCH_SECONDS (default 20):
 *
 * - `audited_tx_per_s_chain`: into `audit_log`, with the chain running — a server process with
 *   background jobs (bench/support/server.ts) links the rows as it would in production;
 * - `audited_tx_per_s_plain`: the same insert into a copy of the table with the same columns and
 *   indexes but no trigger and no chain (the baseline, measured in the same run);
 * - `chaining_lag_p99_ms`: from each row's event time to its link (audit_chain.linked_at), over the
 *   rows written during the chained run;
 * - `verify_rows_per_s`: a full verification (every link's HMAC, every row's content digest,
 *   checkpoints) of a chain of BENCH_VERIFY_ROWS rows (default 500,000), vacuumed first.
 *
 * BENCH_KEEP_DATABASES=1 keeps the database and the directory with its keys for a closer look.
 *
 * Before ADR 15 the chain was linked at commit under one row lock; the bench still measures that
 * design when it finds it (no lag then, verification with its own function).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db/connection';
import { migrateToLatest } from '../src/server/db/migrate';
import { type BenchServer, startServer } from './support/processes';

const ADMIN_URL = process.env.BENCH_DATABASE_URL || 'postgres://bk:bk@127.0.0.1:5432/postgres';
const CLIENTS = Number(process.env.BENCH_CLIENTS || 20);
const SECONDS = Number(process.env.BENCH_SECONDS || 20);
const VERIFY_ROWS = Number(process.env.BENCH_VERIFY_ROWS || 500_000);
const here = path.dirname(fileURLToPath(import.meta.url));
const keyedChain = existsSync(path.join(here, '../src/server/modules/audit/chain.ts'));

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function withDatabase(url: string, name: string, applicationName?: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  if (applicationName) u.searchParams.set('application_name', applicationName);
  return u.toString();
}

function pgbench(url: string, table: string, dir: string): number {
  const script = path.join(dir, `${table}.sql`);
  writeFileSync(
    script,
    `insert into ${table} (id, authority_id, actor_username, actor_role, action, resource_type, resource_id, subject_person_id, result, details, request_id)
 values (gen_random_uuid(), null, 'bench.clerk', 'clerk', 'register.person.read', 'person', gen_random_uuid()::text, gen_random_uuid(), 'success', '{"results": 1, "filters": {"familyName": "Müller"}}', md5(random()::text));\n`,
  );
  const out = execFileSync(
    'pgbench',
    ['-n', '-M', 'prepared', '-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS), '-f', script, url],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
  if (!tps) throw new Error(`pgbench printed no tps:\n${out}`);
  return Number(tps[1]);
}

async function main() {
  const name = `bk_bench_audit_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL, application_name: 'bk-bench-admin' });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = withDatabase(ADMIN_URL, name);
  const database = await openDatabase({ databaseUrl: url, poolMax: 4 });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bk-bench-audit-'));
  let worker: BenchServer | undefined;
  try {
    const db = database.db;
    console.log(
      `database ${name}; ${keyedChain ? 'keyed chain, linked after commit (ADR 15)' : 'chain linked at commit (ADR 9)'}; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    await migrateToLatest(db);
    // The baseline: the same columns, defaults and indexes, no triggers, no chain.
    await sql`create table audit_log_plain (like audit_log including defaults including indexes)`.execute(db);
    const notNull = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
       where table_name = 'audit_log_plain' and is_nullable = 'NO' and column_default is null`.execute(db);
    for (const c of notNull.rows)
      if (!['id', 'action', 'resource_type', 'result'].includes(c.column_name))
        await sql`alter table audit_log_plain alter column ${sql.id(c.column_name)} drop not null`.execute(
          db,
        );

    const config = { ...loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), databaseUrl: url };
    if (keyedChain) {
      worker = await startServer({
        BENCH_SERVER_DATABASE_URL: withDatabase(ADMIN_URL, name, 'bk-bench-chainer'),
        BENCH_SERVER_JOBS: 'true',
        BENCH_SERVER_DATA_DIR: dir,
        BENCH_SERVER_POOL_MAX: '4',
      });
    }

    const plainTps = pgbench(url, 'audit_log_plain', dir);
    console.log(`plain insert (no chain): ${round(plainTps)} tx/s with ${CLIENTS} clients`);
    await sleep(2000);
    const before = Number(
      (await sql<{ n: number }>`select coalesce(max(seq), 0)::bigint as n from audit_log`.execute(db))
        .rows[0]!.n,
    );
    const chainTps = pgbench(url, 'audit_log', dir);
    console.log(`audited insert (chain): ${round(chainTps)} tx/s with ${CLIENTS} clients`);

    let lagP99 = 0;
    let verifyRate = 0;
    if (keyedChain) {
      const chain = await import('../src/server/modules/audit/chain');
      const keysModule = await import('../src/server/modules/audit/keys');
      const verifyModule = await import('../src/server/modules/audit/verify');
      // Wait until the chainer has linked everything written during the run.
      for (let i = 0; i < 600; i++) {
        const pending = await chain.countPendingAuditRows(db);
        if (pending === 0) break;
        await sleep(100);
      }
      const lag = await sql<{ p50: number; p99: number; max: number; n: number }>`
        select percentile_cont(0.5) within group (order by ms) as p50,
               percentile_cont(0.99) within group (order by ms) as p99, max(ms) as max, count(*)::int as n
          from (select extract(epoch from c.linked_at - a.occurred_at) * 1000 as ms
                  from audit_log a join audit_chain c on c.audit_seq = a.seq where a.seq > ${before}) x`.execute(
        db,
      );
      const l = lag.rows[0]!;
      lagP99 = round(Number(l.p99));
      console.log(
        `chaining lag (event → link) over ${l.n} rows: p50 ${round(Number(l.p50))} ms, p99 ${lagP99} ms, max ${round(Number(l.max))} ms`,
      );
      await worker?.stop();
      worker = undefined;

      // A long chain for the verification: rows written in bulk, linked by the chainer's function.
      const keys = keysModule.loadAuditKeys(config);
      const have = Number(
        (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db)).rows[0]!.n,
      );
      if (have < VERIFY_ROWS) {
        await sql`insert into audit_log (id, actor_username, action, resource_type, resource_id, result, details)
          select gen_random_uuid(), 'bench.clerk', 'register.person.read', 'person', g::text, 'success', jsonb_build_object('n', g)
            from generate_series(1, ${VERIFY_ROWS - have}) g`.execute(db);
      }
      for (;;) {
        const r = await chain.linkPendingAuditRows(db, keys, { batchSize: 20_000 });
        if (r.linked === 0) break;
      }
      // As autovacuum leaves a table that has been written for a while: without it, the first read
      // after the bulk insert above sets every row's hint bits (writes) and competes with
      // autovacuum starting on it, which says nothing about verification.
      await sql`vacuum (analyze) audit_log, audit_chain`.execute(db);
      const started = performance.now();
      const result = await verifyModule.verifyAuditChain(db, keys, {
        checkpointFile: config.auditCheckpointFile,
      });
      const seconds = (performance.now() - started) / 1000;
      verifyRate = result.rows / seconds;
      console.log(
        `verify: ${result.rows} rows in ${round(seconds, 2)} s = ${Math.round(verifyRate)} rows/s (intact: ${result.intact})`,
      );
      if (!result.intact) throw new Error(`chain not intact: ${JSON.stringify(result)}`);
    } else {
      const { verifyChain } = (await import('../src/server/modules/audit/service')) as unknown as {
        verifyChain(db: unknown): Promise<{ rows: number; intact: boolean }>;
      };
      const have = Number(
        (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(db)).rows[0]!.n,
      );
      // Chained at commit row by row under one lock: written in transactions of 1,000 rows.
      for (let done = have; done < VERIFY_ROWS; done += 1000) {
        await sql`insert into audit_log (id, actor_username, action, resource_type, resource_id, result, details)
          select gen_random_uuid(), 'bench.clerk', 'register.person.read', 'person', g::text, 'success', jsonb_build_object('n', g)
            from generate_series(1, ${Math.min(1000, VERIFY_ROWS - done)}) g`.execute(db);
      }
      const started = performance.now();
      const result = await verifyChain(db);
      const seconds = (performance.now() - started) / 1000;
      verifyRate = result.rows / seconds;
      console.log(
        `verify: ${result.rows} rows in ${round(seconds, 2)} s = ${Math.round(verifyRate)} rows/s (intact: ${result.intact}); chained at commit, so no lag`,
      );
    }
    console.log(
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      JSON.stringify({
        audited_tx_per_s_chain: round(chainTps),
        audited_tx_per_s_plain: round(plainTps),
        ratio: round(chainTps / plainTps, 3),
        chaining_lag_p99_ms: lagP99,
        verify_rows_per_s: Math.round(verifyRate),
      }),
    );
  } finally {
    await worker?.stop();
    await database.close().catch(() => {});
    // BENCH_KEEP_DATABASES=1 keeps the database and its key directory for a closer look afterwards.
    if (process.env.BENCH_KEEP_DATABASES === '1') console.log(`kept database ${name} and ${dir}`);
    else {
      await admin.query(`drop database if exists "${name}" with (force)`).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
    await admin.end();
  }
}

await main();

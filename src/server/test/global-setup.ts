import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { seedDatabase } from '../seed/seed';
import type { TestTemplates } from './templates';

/**
 * Prepares two template databases once per run — migrated ("empty") and migrated + seeded with
 * reference and demo data ("demo") — so each test file gets a fresh database in well under a
 * second: a PGlite dump to load, or CREATE DATABASE … TEMPLATE on a PostgreSQL server.
 */
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}_${process.pid.toString(36)}`;
  const adminUrl = process.env.TEST_DATABASE_URL;
  let templates: TestTemplates;
  const started = Date.now();
  if (adminUrl) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    // Leftovers of earlier runs that were killed.
    const stale = await client.query<{ datname: string }>(
      `select datname from pg_database where datname like 'bk\\_t\\_%' or datname like 'bk\\_tpl\\_%'`,
    );
    // Leftovers of killed runs, older than three hours; databases of parallel runs are left alone.
    for (const { datname } of stale.rows) {
      const started = Number.parseInt(
        /^bk_(?:t|tpl_empty|tpl_demo)_([0-9a-z]+)_/.exec(datname)?.[1] ?? '',
        36,
      );
      if (Number.isFinite(started) && Date.now() - started > 3 * 3_600_000) {
        await client.query(`drop database if exists "${datname}" with (force)`);
      }
    }
    const pgEmpty = `bk_tpl_empty_${runId}`;
    const pgDemo = `bk_tpl_demo_${runId}`;
    await ensureAppRole(client);
    await client.query(`create database "${pgEmpty}"`);
    await prepare(withDatabase(adminUrl, pgEmpty), false);
    await client.query(`create database "${pgDemo}" template "${pgEmpty}"`);
    await prepare(withDatabase(adminUrl, pgDemo), true);
    await client.end();
    const appUrl = new URL(adminUrl);
    appUrl.username = APP_ROLE;
    appUrl.password = APP_ROLE_PASSWORD;
    templates = { kind: 'postgres', adminUrl, appUrl: appUrl.toString(), pgEmpty, pgDemo, runId };
  } else {
    const dir = path.resolve('.tmp/test-templates', runId);
    fs.mkdirSync(dir, { recursive: true });
    const handle = await openDatabase({});
    await migrateToLatest(handle.db);
    const emptyDump = await handle.pglite!.dumpDataDir('none');
    const pgliteEmpty = path.join(dir, 'empty.tar');
    fs.writeFileSync(pgliteEmpty, Buffer.from(await emptyDump.arrayBuffer()));
    await seedDatabase(handle.db, { seedDemo: true });
    const demoDump = await handle.pglite!.dumpDataDir('none');
    const pgliteDemo = path.join(dir, 'demo.tar');
    fs.writeFileSync(pgliteDemo, Buffer.from(await demoDump.arrayBuffer()));
    await handle.close();
    templates = { kind: 'pglite', pgliteEmpty, pgliteDemo, runId };
  }
  console.log(`test templates (${templates.kind}) ready in ${Date.now() - started} ms`);
  project.provide('testTemplates', templates);

  return async () => {
    if (templates.kind === 'postgres') {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      const rows = await client.query<{ datname: string }>(
        `select datname from pg_database where datname like $1 or datname like $2`,
        [`bk\\_t\\_${runId}\\_%`, `bk\\_tpl\\_%\\_${runId}`],
      );
      for (const { datname } of rows.rows)
        await client.query(`drop database if exists "${datname}" with (force)`);
      await client.end();
    } else {
      fs.rmSync(path.resolve('.tmp/test-templates', runId), { recursive: true, force: true });
    }
  };
}

/**
 * The application's login role on the test server (ADR 27): no superuser, no BYPASSRLS, no
 * CREATEDB — row-level security binds it. Shared by parallel runs on one server, never dropped.
 */
export const APP_ROLE = 'bk_app';
const APP_ROLE_PASSWORD = 'bk_app';

async function ensureAppRole(client: pg.Client): Promise<void> {
  // Parallel runs may race to create it: a duplicate is fine.
  await client
    .query(`create role ${APP_ROLE} login password '${APP_ROLE_PASSWORD}'`)
    .catch((error: { code?: string }) => {
      if (error.code !== '42710' && error.code !== '23505') throw error;
    });
  await client.query(
    `alter role ${APP_ROLE} with login nosuperuser nobypassrls nocreatedb nocreaterole noinherit password '${APP_ROLE_PASSWORD}'`,
  );
}

/** What the application's role may do in a database: read and write rows, nothing else. */
const APP_GRANTS = `
grant usage on schema public to ${APP_ROLE};
grant select, insert, update, delete on all tables in schema public to ${APP_ROLE};
grant usage, select on all sequences in schema public to ${APP_ROLE};
`;

async function prepare(url: string, seed: boolean) {
  const handle = await openDatabase({ databaseUrl: url, poolMax: 2 });
  await migrateToLatest(handle.db);
  if (seed) await seedDatabase(handle.db, { seedDemo: true });
  await handle.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(APP_GRANTS);
  await client.end();
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/connection';
import { installationScope } from '../db/scope';
import { withDatabase } from './global-setup';

/**
 * A test database, as two views: `db` (this handle) is the test's own view — fixtures and
 * assertions, at installation scope, as the server's superuser — and `app` is what the
 * application under test gets: on a PostgreSQL server a login role that is neither superuser nor
 * BYPASSRLS (row-level security binds it, ADR 27), on PGlite the same database with strict scopes.
 */
export interface TestDatabase extends DatabaseHandle {
  name: string;
  app: DatabaseHandle;
}

const TEST_VIEW = installationScope('test fixtures and assertions');

export type TemplateKind = 'empty' | 'demo';

/**
 * A fresh database for one test file, copied from the run's template: `demo` holds reference
 * and demo data, `empty` only the schema. PGlite by default; PostgreSQL when TEST_DATABASE_URL is set.
 */
export async function createTestDatabase(template: TemplateKind = 'demo'): Promise<TestDatabase> {
  const t = inject('testTemplates');
  if (t.kind === 'postgres') {
    const name = `bk_t_${t.runId}_${randomBytes(5).toString('hex')}`;
    const client = new pg.Client({ connectionString: t.adminUrl });
    await client.connect();
    try {
      // CREATE DATABASE … TEMPLATE needs the template to be idle; parallel files may briefly collide.
      for (let attempt = 0; ; attempt++) {
        try {
          await client.query(
            `create database "${name}" template "${template === 'demo' ? t.pgDemo : t.pgEmpty}"`,
          );
          break;
        } catch (error) {
          if (attempt > 20 || (error as { code?: string }).code !== '55006') throw error;
          await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        }
      }
    } finally {
      await client.end();
    }
    const handle = await openDatabase({
      databaseUrl: withDatabase(t.adminUrl!, name),
      poolMax: 5,
      fallbackScope: TEST_VIEW,
    });
    const app = await openDatabase({ databaseUrl: withDatabase(t.appUrl!, name), poolMax: 20 });
    return {
      ...handle,
      name,
      app,
      async close() {
        await app.close();
        await handle.close();
        const c = new pg.Client({ connectionString: t.adminUrl });
        await c.connect();
        await c.query(`drop database if exists "${name}" with (force)`).catch(() => {});
        await c.end();
      },
    };
  }
  const file = template === 'demo' ? t.pgliteDemo! : t.pgliteEmpty!;
  const dump = new Blob([fs.readFileSync(file)]);
  const handle = await openDatabase({ loadDataDir: dump, fallbackScope: TEST_VIEW });
  const app = await openDatabase({ pglite: handle.pglite! });
  return {
    ...handle,
    name: 'pglite',
    app,
    async close() {
      await app.close();
      await handle.close();
    },
  };
}

export function isPostgresRun(): boolean {
  return inject('testTemplates').kind === 'postgres';
}
